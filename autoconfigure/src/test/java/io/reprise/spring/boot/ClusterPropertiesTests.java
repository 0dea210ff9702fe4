package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.spring.boot.autoconfigure.RepriseRemoteEngineAutoConfiguration;
import io.reprise.spring.boot.diagnostics.RepriseStartupFailureAnalyzer;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code reprise.cluster.*} refused before anything starts: a cluster asked of a store that cannot hold one, and
 * settings out of range. No database is needed: the values are checked when they are bound.
 */
class ClusterPropertiesTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            // Never reached: every failure below comes first.
            .withPropertyValues("reprise.store.type=postgres",
                    "reprise.store.postgres.url=jdbc:postgresql://127.0.0.1:1/none?connectTimeout=1");

    @Test
    void clusterEnabledOnAStoreOtherThanPostgresSaysHowToGetOne() {
        for (String type : new String[] { "memory", "sqlite" }) {
            FailureAnalysis analysis = failure(runner.withPropertyValues("reprise.store.type=" + type,
                    "reprise.cluster.enabled=true"));
            assertThat(analysis.getDescription()).startsWith("reprise.cluster.enabled is true, but reprise.store.type"
                    + " is " + type + ": only engines on a PostgreSQL store form a cluster (a SQLite file or memory"
                    + " store belongs to one process).");
            assertThat(analysis.getAction()).isEqualTo("Set reprise.store.type to postgres (with"
                    + " reprise.store.postgres.* or the application's DataSource) for a cluster, or remove"
                    + " reprise.cluster.enabled to run one engine alone on the " + type + " store.");
        }
    }

    @Test
    void clusterEnabledWithARemoteEngineIsRefused() {
        FailureAnalysis analysis = failure(runner.withConfiguration(AutoConfigurations.of(
                RepriseRemoteEngineAutoConfiguration.class)).withPropertyValues("reprise.engine.mode=remote",
                "reprise.cluster.enabled=true"));
        assertThat(analysis.getDescription()).startsWith("reprise.cluster.enabled is true, but reprise.engine.mode is"
                + " remote: this application has no engine of its own to run as a cluster node.");
    }

    @Test
    void storesOtherThanPostgresNeverCluster() {
        runner.withPropertyValues("reprise.store.type=memory").run(context -> assertThat(context).hasNotFailed()
                .doesNotHaveBean(ClusterEngineNode.class).hasSingleBean(ExecutionStore.class));
    }

    @Test
    void leaseAndRenewalOutOfRange() {
        assertInvalid("reprise.cluster.lease=50ms", "Invalid value for reprise.cluster.lease: 50ms. It must be a"
                + " duration of at least 100ms.", "Set reprise.cluster.lease to a duration of at least 100ms (for"
                + " example 6s), or remove it to use the default.");
        assertInvalid("reprise.cluster.renewal=4s", "Invalid value for reprise.cluster.renewal: 4s. It must be a"
                + " duration of at least 10ms and at most half of reprise.cluster.lease (6s), so that one failed"
                + " renewal loses no shard.", "Set reprise.cluster.renewal to a duration of at least 10ms and at most"
                + " half of reprise.cluster.lease (6s), so that one failed renewal loses no shard (for example 2s),"
                + " or remove it to use the default.");
    }

    @Test
    void shardCountPortAndAddressesOutOfRange() {
        assertInvalid("reprise.cluster.shard-count=0", "Invalid value for reprise.cluster.shard-count: 0. It must be"
                + " a number from 1 to 4096, the same on every node of the schema.", "Set reprise.cluster.shard-count"
                + " to a number from 1 to 4096, the same on every node of the schema (for example 64), or remove it"
                + " to use the default.");
        assertInvalid("reprise.cluster.shard-count=5000", "Invalid value for reprise.cluster.shard-count: 5000. It"
                + " must be a number from 1 to 4096, the same on every node of the schema.", null);
        assertInvalid("reprise.cluster.internal-port=70000", "Invalid value for reprise.cluster.internal-port:"
                + " 70000. It must be a port from 0 to 65535 (0: any free port).", "Set reprise.cluster.internal-port"
                + " to a port from 0 to 65535 (0: any free port) (for example 7445), or remove it to use the"
                + " default.");
        assertInvalid("reprise.cluster.internal-address=no such host.invalid", "Invalid value for"
                + " reprise.cluster.internal-address: no such host.invalid. It must be an address of this host that"
                + " the other nodes reach (0.0.0.0 for every interface).", null);
        assertInvalid("reprise.cluster.advertised-host=10.0.0.7:7445", "Invalid value for"
                + " reprise.cluster.advertised-host: \"10.0.0.7:7445\". It must be a host name or address the other"
                + " nodes reach this one at, without a port (an IPv6 address in brackets).", null);
        assertInvalid("reprise.cluster.node-id=" + "n".repeat(201), "Invalid value for reprise.cluster.node-id: \""
                + "n".repeat(201) + "\". It must be a name of 1 to 200 characters, unique among the nodes of the"
                + " schema (unset: generated).", null);
    }

    @Test
    void clusterSettingsAreNotCheckedWhenTheEngineRunsAlone() {
        runner.withPropertyValues("reprise.store.type=memory", "reprise.cluster.shard-count=0")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anExecutionStoreBeanInClusterModeIsRefusedNamingBothWays() {
        FailureAnalysis analysis = failure(runner.withBean("myStore", ExecutionStore.class,
                JdbcExecutionStore::sqliteInMemory));
        assertThat(analysis.getDescription()).startsWith("The application defines an ExecutionStore bean (myStore),"
                + " but the embedded engine runs as a cluster node (reprise.store.type is postgres and"
                + " reprise.cluster.enabled is not false), and a cluster node opens its PostgreSQL store itself.");
        assertThat(analysis.getAction()).isEqualTo("Remove the ExecutionStore bean and configure the store with"
                + " reprise.store.postgres.*, or set reprise.cluster.enabled to false to run one engine alone on that"
                + " store.");
    }

    private void assertInvalid(String property, String description, String action) {
        FailureAnalysis analysis = failure(runner.withPropertyValues(property));
        assertThat(analysis.getDescription()).isEqualTo(description);
        if (action != null) {
            assertThat(analysis.getAction()).isEqualTo(action);
        }
    }

    /** The analysis of the context's startup failure, as Spring Boot would print it. */
    private static FailureAnalysis failure(ApplicationContextRunner runner) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            analysis[0] = new RepriseStartupFailureAnalyzer(null).analyze(context.getStartupFailure());
        });
        assertThat(analysis[0]).as("a Reprise failure analysis").isNotNull();
        return analysis[0];
    }
}
