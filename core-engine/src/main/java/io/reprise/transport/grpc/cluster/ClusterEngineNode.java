package io.reprise.transport.grpc.cluster;

import io.grpc.InsecureChannelCredentials;
import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.Engine;
import io.reprise.engine.EngineMetricsListener;
import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.cluster.ClusterDeliveryTargets;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.transport.grpc.ClusterGrpcService;
import io.reprise.transport.grpc.GrpcClusterNodes;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a Reprise cluster on a PostgreSQL schema, wired whole: its {@link Engine} in cluster mode (the runs of
 * the shards it holds the lease of), its <em>internal</em> gRPC server (its own engine and the cluster service of
 * deliveries between runs, for the other nodes only), the deliveries from its runs to runs of other nodes, and the
 * {@link ClusterRouter} through which its clients and workers see the whole cluster as one engine.
 *
 * <pre>{@code
 * ClusterEngineNode node = ClusterEngineNode.newBuilder(dataSource, PostgresOptions.builder().schema("orders").build())
 *         .internalPort(7445)
 *         .start();
 * WorkflowClient client = WorkflowClient.newInstance(node.service());      // any call, about any run
 * WorkerFactory workers = WorkerFactory.newInstance(client);               // tasks of every node's runs
 * }</pre>
 *
 * <p>The internal server is plaintext and carries no tokens, so it must be reachable by the other nodes only (a
 * private network, a Kubernetes headless service without ingress); it binds to {@link Builder#internalAddress}
 * (default all interfaces) and is advertised to the others as {@link Builder#advertisedHost}{@code :port} (default
 * this host's address). {@link #close()} leaves the cluster: the shards are released at once, so the others take
 * them at their next renewal round rather than after the lease.
 */
public final class ClusterEngineNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterEngineNode.class);

    /** The internal gRPC port when none is given. */
    public static final int DEFAULT_INTERNAL_PORT = 7445;

    private final Engine engine;
    private final GrpcEngineServer internal;
    private final ClusterRouter router;
    private final GrpcClusterNodes nodes;
    private final String advertised;

    private ClusterEngineNode(Engine engine, GrpcEngineServer internal, ClusterRouter router, GrpcClusterNodes nodes,
            String advertised) {
        this.engine = engine;
        this.internal = internal;
        this.router = router;
        this.nodes = nodes;
        this.advertised = advertised;
    }

    public static Builder newBuilder(DataSource dataSource, PostgresOptions postgres) {
        return new Builder(dataSource, postgres);
    }

    /** What this node's clients and workers call: the whole cluster, as one engine. */
    public EngineService service() {
        return router;
    }

    /** This node's own engine: the runs of its shards only. */
    public Engine engine() {
        return engine;
    }

    /** Which node owns each shard. */
    public ShardDirectory directory() {
        return engine.shardDirectory().orElseThrow();
    }

    /** This node's id in the lease table. */
    public String nodeId() {
        return directory().localNodeId();
    }

    /** The {@code host:port} the other nodes reach this node's internal server at. */
    public String advertisedAddress() {
        return advertised;
    }

    /** The port the internal server listens on. */
    public int internalPort() {
        return internal.port();
    }

    /**
     * Leaves the cluster: stops routing, releases this node's shards (the engine's close), then stops the internal
     * server and the clients of the other nodes.
     */
    @Override
    public void close() {
        router.close();
        engine.close();
        internal.close();
        nodes.close();
        log.info("Cluster node {} left the cluster", advertised);
    }

    /** Builds and starts a node. */
    public static final class Builder {
        private final DataSource dataSource;
        private final PostgresOptions postgres;
        private ClusterSettings settings = ClusterSettings.defaults();
        private EngineOptions options = EngineOptions.getDefaultInstance();
        private EngineMetricsListener metrics = EngineMetricsListener.NOOP;
        private String internalAddress = "0.0.0.0";
        private int internalPort = DEFAULT_INTERNAL_PORT;
        private String advertisedHost;
        private final List<NamespaceConfig> namespaces = new ArrayList<>();
        private UnaryOperator<DeliveryTargets> deliveries = UnaryOperator.identity();

        private Builder(DataSource dataSource, PostgresOptions postgres) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.postgres = Objects.requireNonNull(postgres, "postgres");
        }

        /**
         * Node id, shard count, lease and renewal; default {@link ClusterSettings#defaults()}. Its advertised address
         * is set by {@link #start()} from {@link #advertisedHost} and the internal port.
         */
        public Builder settings(ClusterSettings settings) {
            this.settings = Objects.requireNonNull(settings, "settings");
            return this;
        }

        public Builder engineOptions(EngineOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder metricsListener(EngineMetricsListener metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** A namespace the node's engine registers or updates when it starts, as {@link Engine.Builder#namespace}. */
        public Builder namespace(NamespaceConfig namespace) {
            this.namespaces.add(Objects.requireNonNull(namespace, "namespace"));
            return this;
        }

        /**
         * Wraps the node's deliveries to runs of any node (child starts and closes, signals, cancellations), which
         * reach the other nodes through their internal service: to count, trace or, in tests, withhold some, as
         * {@link Engine.Builder#deliveryTargets}. Default: none.
         */
        public Builder deliveryTargets(UnaryOperator<DeliveryTargets> wrapper) {
            this.deliveries = Objects.requireNonNull(wrapper, "wrapper");
            return this;
        }

        /** The address the internal server binds to; default {@code 0.0.0.0} (every interface). */
        public Builder internalAddress(String address) {
            this.internalAddress = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The internal server's port; default {@value #DEFAULT_INTERNAL_PORT}; 0 picks a free one. */
        public Builder internalPort(int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("internalPort " + port + " is not a port; give 0 to 65535 (0: any"
                        + " free port), e.g. " + DEFAULT_INTERNAL_PORT);
            }
            this.internalPort = port;
            return this;
        }

        /**
         * The host the other nodes reach this one at; default this host's address
         * ({@code InetAddress.getLocalHost()}, in Kubernetes the pod's IP), or {@code 127.0.0.1} when the internal
         * server binds to a loopback address.
         */
        public Builder advertisedHost(String host) {
            this.advertisedHost = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * Starts the internal server, then the engine (which joins the cluster and recovers the shards it acquires),
         * then the router.
         *
         * @throws IllegalStateException when the node cannot join (the database, another shard count, the port)
         */
        public ClusterEngineNode start() {
            int port = internalPort != 0 ? internalPort : freePort();
            String advertised = host() + ":" + port;
            ClusterSettings withAddress = new ClusterSettings(settings.nodeId(), settings.shardCount(),
                    settings.leaseDuration(), settings.renewalInterval(), advertised);
            GrpcClusterNodes nodes = new GrpcClusterNodes(InsecureChannelCredentials.create(),
                    GrpcEngineService.DEFAULT_RPC_TIMEOUT);
            LazyDirectory directory = new LazyDirectory();
            Engine engine;
            try {
                Engine.Builder builder = Engine.builder()
                        .options(options)
                        .metricsListener(metrics)
                        .cluster(withAddress, dataSource, postgres)
                        .deliveryTargets(local -> deliveries.apply(new ClusterDeliveryTargets(local, directory, nodes)));
                namespaces.forEach(builder::namespace);
                engine = builder.build();
            } catch (RuntimeException e) {
                nodes.close();
                throw e;
            }
            directory.set(engine.shardDirectory().orElseThrow());
            // Until this server listens, the other nodes' calls to this node fail as UNAVAILABLE and are retried.
            GrpcEngineServer internal = GrpcEngineServer.newBuilder(engine)
                    .address(internalAddress)
                    .port(port)
                    .allowPlaintext(true)
                    .customize(netty -> netty.addService(new ClusterGrpcService(engine.localDeliveryTargets(),
                            directory)))
                    .build();
            try {
                internal.start();
            } catch (RuntimeException e) {
                engine.close();
                nodes.close();
                throw new IllegalStateException("The cluster node's internal gRPC server cannot listen on "
                        + internalAddress + ":" + port + " (" + e.getMessage() + "); choose another internal port",
                        e);
            }
            // A dead node's shards are taken once its lease ends, at the others' next renewal round: calls about their
            // runs wait that long (a second before the deadline of a gRPC call) rather than fail.
            Duration takeover = settings.leaseDuration().plus(settings.renewalInterval().multipliedBy(2));
            ClusterRouter router = ClusterRouter.newBuilder(engine, directory)
                    .moveWait(takeover.compareTo(ClusterRouter.DEFAULT_MOVE_WAIT) > 0 ? takeover
                            : ClusterRouter.DEFAULT_MOVE_WAIT)
                    .build();
            log.info("Cluster node {} started: internal gRPC on {}:{}, advertised as {}", directory.localNodeId(),
                    internalAddress, port, advertised);
            return new ClusterEngineNode(engine, internal, router, nodes, advertised);
        }

        /** A port free at this moment, for {@code internalPort(0)}: it must be known before the node joins. */
        private int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(internalAddress))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("No free port for the cluster node's internal gRPC server on "
                        + internalAddress + " (" + e.getMessage() + "); give an internal port", e);
            }
        }

        private String host() {
            if (advertisedHost != null) {
                return advertisedHost;
            }
            try {
                InetAddress bound = InetAddress.getByName(internalAddress);
                if (bound.isLoopbackAddress()) {
                    return "127.0.0.1";
                }
                if (!bound.isAnyLocalAddress()) {
                    return bound.getHostAddress();
                }
                return InetAddress.getLocalHost().getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException("The cluster node cannot tell the other nodes its address ("
                        + e.getMessage() + "); set the advertised host (reprise.cluster.advertised-host)", e);
            }
        }
    }

    /** The directory of the engine, which exists once the engine is built; the deliveries need it before. */
    private static final class LazyDirectory implements ShardDirectory {
        private volatile ShardDirectory delegate;

        void set(ShardDirectory directory) {
            this.delegate = directory;
        }

        private ShardDirectory get() {
            ShardDirectory d = delegate;
            if (d == null) {
                throw new IllegalStateException("The cluster node is still starting");
            }
            return d;
        }

        @Override
        public String localNodeId() {
            return get().localNodeId();
        }

        @Override
        public int shardCount() {
            return get().shardCount();
        }

        @Override
        public boolean isLocal(int shard) {
            return get().isLocal(shard);
        }

        @Override
        public Optional<NodeAddress> ownerOf(int shard) {
            return get().ownerOf(shard);
        }

        @Override
        public void refresh() {
            get().refresh();
        }

        @Override
        public List<NodeAddress> liveNodes() {
            return get().liveNodes();
        }
    }
}
