package io.reprise.transport.grpc;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.cluster.NodeAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The other nodes of a cluster as targets of deliveries between runs: one channel per node, opened at the first
 * call to it (lazily connected: a node that is down is no error until called) and replaced when the node comes back
 * at another address. What {@code ClusterDeliveryTargets} calls for a target whose shard another node owns:
 *
 * <pre>{@code
 * GrpcClusterNodes nodes = new GrpcClusterNodes(InsecureChannelCredentials.create(), Duration.ofSeconds(10));
 * Engine engine = Engine.builder().store(store)
 *         .deliveryTargets(local -> new ClusterDeliveryTargets(local, directory, nodes))
 *         .build();
 * ...
 * engine.close();
 * nodes.close();
 * }</pre>
 *
 * <p>A node that already keeps channels to the others (for routing calls) passes them with
 * {@link #overChannels}; those channels stay the caller's.
 */
public final class GrpcClusterNodes implements Function<NodeAddress, DeliveryTargets>, AutoCloseable {

    private record Node(NodeAddress address, ManagedChannel channel, GrpcDeliveryTargets targets) {
    }

    /** The channel to a node: opened here, or the caller's ({@link #overChannels}). */
    private final Function<NodeAddress, ManagedChannel> channelOf;
    private final boolean ownsChannels;
    private final Duration rpcTimeout;
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param credentials the transport security of the channels to the other nodes (their servers' TLS), e.g.
     *     {@link InsecureChannelCredentials#create()} on a trusted network
     * @param rpcTimeout the deadline of each call, e.g. {@link GrpcEngineService#DEFAULT_RPC_TIMEOUT}
     */
    public GrpcClusterNodes(ChannelCredentials credentials, Duration rpcTimeout) {
        this(open(Objects.requireNonNull(credentials, "credentials")), true, rpcTimeout);
    }

    private GrpcClusterNodes(Function<NodeAddress, ManagedChannel> channelOf, boolean ownsChannels,
            Duration rpcTimeout) {
        if (rpcTimeout == null || rpcTimeout.isNegative() || rpcTimeout.isZero()) {
            throw new IllegalArgumentException("rpcTimeout must be positive, got " + rpcTimeout);
        }
        this.channelOf = channelOf;
        this.ownsChannels = ownsChannels;
        this.rpcTimeout = rpcTimeout;
    }

    /**
     * The other nodes over channels the caller keeps (and closes): {@code channelOf} gives the channel to a node,
     * called again when the node comes back at another address.
     */
    public static GrpcClusterNodes overChannels(Function<NodeAddress, ManagedChannel> channelOf, Duration rpcTimeout) {
        return new GrpcClusterNodes(Objects.requireNonNull(channelOf, "channelOf"), false, rpcTimeout);
    }

    private static Function<NodeAddress, ManagedChannel> open(ChannelCredentials credentials) {
        return node -> NettyChannelBuilder.forTarget(node.target(), credentials)
                .keepAliveTime(30, TimeUnit.SECONDS)
                .keepAliveTimeout(10, TimeUnit.SECONDS)
                .userAgent("reprise-cluster")
                .build();
    }

    /** The targets at {@code node}, over the channel to its internal gRPC service. */
    @Override
    public DeliveryTargets apply(NodeAddress node) {
        if (closed) {
            throw new IllegalStateException("The channels to the other cluster nodes are closed");
        }
        Node known = nodes.compute(node.nodeId(), (id, current) -> {
            if (current != null && current.address().equals(node)) {
                return current;
            }
            if (current != null && ownsChannels) {
                current.channel().shutdown(); // the node moved: its calls in progress end on the old channel
            }
            ManagedChannel channel = channelOf.apply(node);
            return new Node(node, channel, new GrpcDeliveryTargets(channel, node.target(), rpcTimeout));
        });
        return known.targets();
    }

    /** Closes every channel it opened (calls in progress are cancelled); the caller's stay open. */
    @Override
    public void close() {
        closed = true;
        if (ownsChannels) {
            nodes.values().forEach(node -> node.channel().shutdownNow());
        }
        nodes.clear();
    }
}
