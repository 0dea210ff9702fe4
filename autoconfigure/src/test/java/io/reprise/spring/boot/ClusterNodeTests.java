package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.spring.boot.actuate.RepriseHealthIndicator;
import io.reprise.spring.boot.autoconfigure.RepriseActuatorAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseGrpcServerAutoConfiguration;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.diagnostics.StoreFailureAnalyzer;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflow;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.fixtures.Salutation;
import io.reprise.spring.boot.grpc.GrpcServerLifecycle;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import io.reprise.transport.grpc.cluster.ClusterRouter;
import io.reprise.worker.WorkerFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code reprise.store.type: postgres} makes the embedded engine a cluster node ({@code reprise.cluster.*}): the
 * application's {@link EngineService} is the node's router, replicas on one schema share its shards, and
 * {@code reprise.cluster.enabled: false} keeps one engine alone. Needs a PostgreSQL server (see
 * {@link PostgresTestServer}); each test in a schema of its own.
 */
@SuppressWarnings("unchecked") // health details are maps
class ClusterNodeTests {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    /** A replica: the same configuration for every node but its id; internal server on loopback, any free port. */
    private static ApplicationContextRunner replica(String schema, String nodeId) {
        return new ApplicationContextRunner()
                .withConfiguration(WorkerDiscoveryTests.REPRISE)
                .withConfiguration(AutoConfigurations.of(RepriseActuatorAutoConfiguration.class))
                .withBean(DataSource.class, PostgresTestServer::dataSource)
                .withPropertyValues("reprise.store.type=postgres", "reprise.store.postgres.schema=" + schema,
                        "reprise.cluster.node-id=" + nodeId,
                        "reprise.cluster.internal-address=127.0.0.1", "reprise.cluster.internal-port=0",
                        // A short lease, so that a second node gets its share within seconds.
                        "reprise.cluster.lease=3s", "reprise.cluster.renewal=1s",
                        "reprise.activity-defaults.start-to-close-timeout=10s",
                        "reprise.worker-defaults.graceful-stop-timeout=0s");
    }

    @Test
    void onPostgresTheEngineIsAClusterNodeByDefaultAndRunsWorkflows() {
        String schema = PostgresTestServer.newSchema();
        try {
            new ApplicationContextRunner()
                    .withConfiguration(WorkerDiscoveryTests.REPRISE)
                    .withConfiguration(AutoConfigurations.of(RepriseActuatorAutoConfiguration.class))
                    .withBean(DataSource.class, PostgresTestServer::dataSource)
                    .withBean(Salutation.class, "Hello")
                    .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                    // No reprise.cluster.* but the internal server's port (another test may hold 7445).
                    .withPropertyValues("reprise.store.type=postgres", "reprise.store.postgres.schema=" + schema,
                            "reprise.cluster.internal-port=0",
                            "reprise.activity-defaults.start-to-close-timeout=10s")
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(ClusterEngineNode.class)
                                .doesNotHaveBean(Engine.class).doesNotHaveBean(ExecutionStore.class);
                        ClusterEngineNode node = context.getBean(ClusterEngineNode.class);
                        assertThat(context.getBean(EngineService.class)).isInstanceOf(ClusterRouter.class)
                                .isSameAs(node.service());
                        assertThat(node.nodeId()).isNotBlank();
                        assertThat(node.directory().shardCount()).isEqualTo(64);

                        GreetingWorkflow workflow = context.getBean(WorkflowClient.class).newWorkflowStub(
                                GreetingWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue("greetings")
                                        .setWorkflowId("greet-ada").build());
                        assertThat(workflow.greet("Ada")).isEqualTo("Hello, Ada!");

                        awaitTrue(() -> owned(node.directory()) == 64, "the only node owns all 64 shards");
                        Health health = context.getBean(RepriseHealthIndicator.class).health();
                        assertThat(health.getStatus()).isEqualTo(Status.UP);
                        assertThat(health.getDetails()).containsEntry("store", "reachable");
                        assertThat((Map<String, Object>) health.getDetails().get("cluster"))
                                .containsEntry("nodeId", node.nodeId()).containsEntry("shardsOwned", 64)
                                .containsEntry("shardCount", 64).containsEntry("liveNodes", 1);
                    });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /**
     * Two replicas on one schema share the shards; a workflow started through the one without workers, on a shard it
     * owns itself, and one on a shard of the other, both complete with the workers of the other.
     */
    @Test
    void twoReplicasOnOneSchemaFormAClusterAndRunEachOthersWorkflows() {
        String schema = PostgresTestServer.newSchema();
        try {
            replica(schema, "node-a").run(a -> {
                assertThat(a).hasNotFailed();
                replica(schema, "node-b").withBean(Salutation.class, "Hello")
                        .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                        .run(b -> {
                            assertThat(b).hasNotFailed();
                            ShardDirectory directoryA = a.getBean(ClusterEngineNode.class).directory();
                            ShardDirectory directoryB = b.getBean(ClusterEngineNode.class).directory();
                            awaitTrue(() -> owned(directoryA) + owned(directoryB) == 64 && owned(directoryA) > 0
                                    && owned(directoryB) > 0, "the two nodes share the 64 shards");
                            assertThat(a.getBean(WorkerFactory.class).getWorkers()).isEmpty();

                            String onA = workflowIdOwnedBy(directoryA, "on-a-");
                            String onB = workflowIdOwnedBy(directoryB, "on-b-");
                            WorkflowClient client = a.getBean(WorkflowClient.class);
                            for (String id : new String[] { onA, onB }) {
                                GreetingWorkflow workflow = client.newWorkflowStub(GreetingWorkflow.class,
                                        WorkflowOptions.newBuilder().setTaskQueue("greetings").setWorkflowId(id)
                                                .build());
                                assertThat(workflow.greet(id)).isEqualTo("Hello, " + id + "!");
                            }
                            assertThat(b.getBean(GreetingActivitiesImpl.class).attempts())
                                    .containsExactlyInAnyOrder(onA + "#1", onB + "#1");
                            Map<String, Object> cluster = (Map<String, Object>) b.getBean(
                                    RepriseHealthIndicator.class).health().getDetails().get("cluster");
                            assertThat(cluster).containsEntry("nodeId", "node-b").containsEntry("liveNodes", 2);
                            assertThat((int) cluster.get("shardsOwned")).isPositive();
                        });
                // Closed with its context, after its workers, node-b left at once: no lease, no heartbeat row.
                assertThat(count(schema, "shard_leases WHERE owner = 'node-b'")).isZero();
                assertThat(count(schema, "cluster_nodes WHERE node_id = 'node-b'")).isZero();
                assertThat(count(schema, "shard_leases WHERE owner = 'node-a'")).isPositive();
            });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /**
     * The public gRPC server of a replica without workers serves its router: a thin client starts a workflow there,
     * on a shard of that replica, and the workers of the other replica run it.
     */
    @Test
    void thePublicGrpcServerServesTheWholeCluster() {
        String schema = PostgresTestServer.newSchema();
        try {
            replica(schema, "node-a")
                    .withConfiguration(AutoConfigurations.of(RepriseGrpcServerAutoConfiguration.class))
                    .withPropertyValues("reprise.server.grpc.enabled=true", "reprise.server.grpc.port=0")
                    .run(a -> {
                        assertThat(a).hasNotFailed();
                        replica(schema, "node-b").withBean(Salutation.class, "Hello")
                                .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class)
                                .run(b -> {
                                    ShardDirectory directoryA = a.getBean(ClusterEngineNode.class).directory();
                                    awaitTrue(() -> owned(directoryA) > 0
                                            && owned(b.getBean(ClusterEngineNode.class).directory()) > 0,
                                            "both nodes own shards");
                                    String id = workflowIdOwnedBy(directoryA, "grpc-");
                                    String port = a.getEnvironment().getProperty(GrpcServerLifecycle.LOCAL_PORT_PROPERTY);
                                    try (GrpcEngineService remote = GrpcEngineService.newBuilder()
                                            .target("127.0.0.1:" + port).build()) {
                                        GreetingWorkflow workflow = WorkflowClient.newInstance(remote)
                                                .newWorkflowStub(GreetingWorkflow.class, WorkflowOptions.newBuilder()
                                                        .setTaskQueue("greetings").setWorkflowId(id).build());
                                        assertThat(workflow.greet("thin client")).isEqualTo("Hello, thin client!");
                                    }
                                    assertThat(b.getBean(GreetingActivitiesImpl.class).attempts())
                                            .containsExactly("thin client#1");
                                });
                    });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    @Test
    void clusterEnabledFalseKeepsOneEngineAloneOnTheSchema() {
        String schema = PostgresTestServer.newSchema();
        try {
            replica(schema, "unused").withPropertyValues("reprise.cluster.enabled=false").run(context -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(ClusterEngineNode.class)
                        .hasSingleBean(Engine.class);
                assertThat(context.getBean(EngineService.class)).isSameAs(context.getBean(Engine.class));
                assertThat(context.getBean(ExecutionStore.class)).isInstanceOf(JdbcExecutionStore.class);
                assertThat(context.getBean(RepriseHealthIndicator.class).health().getDetails())
                        .containsEntry("store", "reachable").doesNotContainKey("cluster");
            });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /** A schema serves one engine alone or the nodes of a cluster: a replica configured the other way is refused. */
    @Test
    void aClusterNodeCannotJoinASchemaThatAnEngineAloneUses() {
        String schema = PostgresTestServer.newSchema();
        try {
            replica(schema, "alone").withPropertyValues("reprise.cluster.enabled=false").run(alone -> {
                assertThat(alone).hasNotFailed();
                replica(schema, "node-a").run(node -> {
                    assertThat(node).hasFailed();
                    FailureAnalysis analysis = new StoreFailureAnalyzer().analyze(node.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("The Reprise store cannot be opened: ")
                            .contains("is used by a Reprise engine that runs alone (single-node mode)");
                    assertThat(analysis.getAction()).contains("The instances on one PostgreSQL schema either all run"
                            + " as cluster nodes (the default) or are one engine alone (reprise.cluster.enabled:"
                            + " false): set the same on each.");
                });
            });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /** The shard count is the schema's: a replica configured with another is refused, naming both and the property. */
    @Test
    void aReplicaWithAnotherShardCountIsRefusedNamingTheProperty() {
        String schema = PostgresTestServer.newSchema();
        try {
            replica(schema, "node-a").run(a -> {
                assertThat(a).hasNotFailed();
                replica(schema, "node-b").withPropertyValues("reprise.cluster.shard-count=32").run(b -> {
                    assertThat(b).hasFailed();
                    assertThat(b.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class);
                    RepriseStartupException failure = startupException(b.getStartupFailure());
                    assertThat(failure.getPropertyName()).isEqualTo("reprise.cluster.shard-count");
                    assertThat(failure.getDescription()).isEqualTo("The cluster node cannot start: Schema \""
                            + schema + "\" has 64 shards, fixed when its first cluster node started, but this node is"
                            + " configured with 32 (reprise.cluster.shard-count): the shard count of a schema cannot"
                            + " change, since every run's shard depends on it. Set it to 64 or leave it unset on every"
                            + " node.");
                    assertThat(failure.getAction()).isEqualTo("Fix the reprise.cluster.* setting the message names,"
                            + " or set reprise.cluster.enabled to false to run one engine alone on this schema.");
                });
            });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    @Test
    void anInternalPortInUseIsRefusedNamingTheProperty() throws Exception {
        String schema = PostgresTestServer.newSchema();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            replica(schema, "node-a").withPropertyValues("reprise.cluster.internal-port=" + taken.getLocalPort())
                    .run(context -> {
                        assertThat(context).hasFailed();
                        RepriseStartupException failure = startupException(context.getStartupFailure());
                        assertThat(failure.getPropertyName()).isEqualTo("reprise.cluster.internal-port");
                        assertThat(failure.getDescription()).startsWith("The cluster node cannot start: The cluster"
                                + " node's internal gRPC server cannot listen on 127.0.0.1:" + taken.getLocalPort());
                    });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    private static RepriseStartupException startupException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RepriseStartupException startup) {
                return startup;
            }
        }
        throw new AssertionError("no RepriseStartupException in " + failure, failure);
    }

    @Test
    void aBadClusterSettingStopsTheStartupBeforeTheDatabaseIsTouched() throws Exception {
        String schema = PostgresTestServer.newSchema();
        try {
            replica(schema, "node-a").withPropertyValues("reprise.cluster.renewal=2s").run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).rootCause().hasMessage("Invalid value for"
                        + " reprise.cluster.renewal: 2s. It must be a duration of at least 10ms and at most half of"
                        + " reprise.cluster.lease (3s), so that one failed renewal loses no shard.");
            });
            assertThat(PostgresTestServer.tables(schema)).as("tables of %s", schema).isNull();
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    /** {@code SELECT count(*) FROM <schema>.<from>}. */
    private static int count(String schema, String from) throws SQLException {
        try (Connection connection = PostgresTestServer.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + "." + from)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** The shards {@code directory}'s node owns. */
    private static int owned(ShardDirectory directory) {
        int owned = 0;
        for (int shard = 0; shard < directory.shardCount(); shard++) {
            owned += directory.isLocal(shard) ? 1 : 0;
        }
        return owned;
    }

    /** A Workflow Id of namespace default whose shard {@code directory}'s node owns. */
    private static String workflowIdOwnedBy(ShardDirectory directory, String prefix) {
        for (int i = 0; ; i++) {
            String id = prefix + i;
            if (directory.isLocal(directory.shardOf("default", id))) {
                return id;
            }
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting until %s", what).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
