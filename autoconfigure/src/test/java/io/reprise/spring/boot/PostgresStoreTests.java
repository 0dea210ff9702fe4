package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.spring.boot.diagnostics.RepriseStartupFailureAnalyzer;
import io.reprise.spring.boot.diagnostics.StoreFailureAnalyzer;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.StandardEnvironment;

/**
 * {@code reprise.store.type: postgres}: on the application's DataSource or a URL of its own (here for an engine that
 * runs alone, {@code reprise.cluster.enabled: false}; the cluster node in {@link ClusterNodeTests}), and the
 * startup failures when neither works (as a cluster node, the default). The tests that need a server run on database {@code test} at
 * 127.0.0.1:5432 (or {@code test.postgres.url} / {@code REPRISE_TEST_POSTGRES_URL}); without one
 * they are skipped with a message saying so, or fail when {@code REPRISE_REQUIRE_POSTGRES=1}.
 */
class PostgresStoreTests {

    private static final String URL = PostgresTestServer.URL;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            // The internal server of a cluster node (the default on PostgreSQL) on any free port.
            .withPropertyValues("reprise.store.type=postgres", "reprise.cluster.internal-port=0");

    @Test
    void theStoreUsesTheApplicationsDataSourceInTheConfiguredSchema() {
        String schema = PostgresTestServer.newSchema();
        try {
            runner.withBean(DataSource.class, PostgresTestServer::dataSource)
                    .withPropertyValues("reprise.store.postgres.schema=" + schema, "reprise.cluster.enabled=false")
                    .run(context -> {
                        assertThat(context).hasNotFailed().hasSingleBean(ExecutionStore.class);
                        assertThat(context.getBean(ExecutionStore.class)).isInstanceOf(JdbcExecutionStore.class)
                                .hasToString("PostgreSQL store in schema \"" + schema + "\" of "
                                        + URL.substring(0, URL.indexOf('?')));
                        assertThat(PostgresTestServer.tables(schema))
                                .isEqualTo("cluster_nodes,executions,history,namespaces,"
                                        + "reprise_schema_version,shard_leases");
                    });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    @Test
    void theStoreConnectsOnItsOwnWithReprisePostgresUrl() {
        String schema = PostgresTestServer.newSchema();
        try {
            runner.withPropertyValues("reprise.store.postgres.url=" + URL, "reprise.store.postgres.schema=" + schema,
                            "reprise.cluster.enabled=false")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        context.getBean(ExecutionStore.class).ping();
                        assertThat(PostgresTestServer.tables(schema))
                                .isEqualTo("cluster_nodes,executions,history,namespaces,"
                                        + "reprise_schema_version,shard_leases");
                    });
        } finally {
            PostgresTestServer.dropSchema(schema);
        }
    }

    @Test
    void anUnreachableDatabaseFailsTheStartupWithAnAnalysis() {
        runner.withPropertyValues("reprise.store.postgres.url=jdbc:postgresql://127.0.0.1:1/test?connectTimeout=5")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new StoreFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis.getDescription()).startsWith("The Reprise store cannot be opened: Cannot"
                            + " connect to the PostgreSQL store: Connection to 127.0.0.1:1 refused.");
                    assertThat(analysis.getAction()).isEqualTo("Start the PostgreSQL server, or fix"
                            + " reprise.store.postgres.url (.username, .password) or spring.datasource.* so that they"
                            + " name a server this application can reach.");
                });
    }

    @Test
    void withoutAUrlOrADataSourceTheStartupSaysWhatToConfigure() {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new RepriseStartupFailureAnalyzer(new StandardEnvironment()).analyze(context.getStartupFailure());
            assertThat(analysis.getDescription()).contains("reprise.store.type is postgres, but"
                    + " reprise.store.postgres.url is not set and the application has no DataSource.");
            assertThat(analysis.getAction()).contains("Configure the application's DataSource (spring.datasource.url,"
                    + " with spring-boot-starter-jdbc), or give Reprise a connection of its own with"
                    + " reprise.store.postgres.url (and .username, .password).");
        });
    }
}
