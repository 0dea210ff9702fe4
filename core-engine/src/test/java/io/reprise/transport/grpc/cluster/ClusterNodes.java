package io.reprise.transport.grpc.cluster;

import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Three cluster nodes in one JVM without PostgreSQL: each an {@link Engine} on its own in-memory store (so a run's
 * history is only in its owner's store), served on a loopback port as the node's internal endpoint, a
 * {@link StaticShardDirectory} giving shard {@code s} to node {@code s % 3}, and the node's {@link ClusterRouter}.
 */
final class ClusterNodes implements AutoCloseable {

    static final int SHARDS = 12;

    final List<Engine> engines = new ArrayList<>();
    final List<GrpcEngineServer> internal = new ArrayList<>();
    final List<NodeAddress> addresses = new ArrayList<>();
    final List<StaticShardDirectory> directories = new ArrayList<>();
    final List<ClusterRouter> routers = new ArrayList<>();

    /**
     * @param internalService what each node's internal endpoint serves, from its engine (the engine itself, or a
     *     wrapper a test makes misbehave)
     * @param peerConnector how a node reaches another's internal endpoint, from the default client
     */
    ClusterNodes(Function<Engine, EngineService> internalService,
            UnaryOperator<EngineService> peerConnector) {
        for (int i = 0; i < 3; i++) {
            Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
            engines.add(engine);
            GrpcEngineServer server = GrpcEngineServer.newBuilder(internalService.apply(engine)).port(0).build()
                    .start();
            internal.add(server);
            addresses.add(new NodeAddress("node-" + (char) ('a' + i), "127.0.0.1:" + server.port()));
        }
        for (int i = 0; i < 3; i++) {
            StaticShardDirectory directory = new StaticShardDirectory(addresses.get(i).nodeId(), SHARDS, addresses);
            directories.add(directory);
            routers.add(ClusterRouter.newBuilder(engines.get(i), directory)
                    .peerConnector(node -> peerConnector.apply(
                            GrpcEngineService.newBuilder().target(node.target())
                                    .retryWhileUnreachable(false).build()))
                    .build());
        }
    }

    ClusterNodes() {
        this(engine -> engine, UnaryOperator.identity());
    }

    /** The index of the node that owns the runs of {@code workflowId} in {@code namespace}. */
    int ownerOf(String namespace, String workflowId) {
        return directories.get(0).shardOf(namespace, workflowId) % 3;
    }

    /** A Workflow Id with the given prefix whose runs node {@code node} owns. */
    String workflowIdOwnedBy(int node, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + "-" + i;
            if (ownerOf("default", id) == node) {
                return id;
            }
        }
    }

    @Override
    public void close() {
        routers.forEach(ClusterRouter::close);
        internal.forEach(GrpcEngineServer::close);
        engines.forEach(Engine::close);
    }
}
