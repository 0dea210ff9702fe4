package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.ShardHash;
import io.reprise.engine.cluster.ShardLeaseManager;
import io.reprise.engine.cluster.ShardListener;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL schema of version 6 (today's layout without {@code executions.shard}, its indexes,
 * {@code cluster_nodes.address} and the version row 7) with three runs: the migration to 7 fills their shards with
 * {@link ShardHash} when the schema has shard rows (their number is the count), and otherwise the first cluster node
 * fills them when it creates the shard rows; with migrations off it is refused naming V7.
 */
class Schema7MigrationPostgresTest {

    private static final String[] WORKFLOW_IDS = {"order-1", "order-2", "invoice-7"};

    private String schema;

    @BeforeEach
    void createASchemaOfVersion6WithRuns() {
        schema = PostgresTestDatabase.newSchema();
        try (JdbcExecutionStore store = open(true)) {
            for (String workflowId : WORKFLOW_IDS) {
                store.commit(start(key(workflowId, "run-1"), 1000));
            }
        }
        PostgresTestDatabase.execute("ALTER TABLE " + schema + ".executions DROP COLUMN shard");
        PostgresTestDatabase.execute("ALTER TABLE " + schema + ".cluster_nodes DROP COLUMN address");
        PostgresTestDatabase.execute("DELETE FROM " + schema + ".reprise_schema_version WHERE version = 7");
        assertThat(versions()).isEqualTo("4,5,6");
        assertThat(indexes()).doesNotContain("executions_running_by_shard", "executions_without_shard");
    }

    @AfterEach
    void dropTheSchema() {
        if (schema != null) { // null: the test was not run (no server)
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aSchemaWithShardRowsGetsTheShardOfEachRunComputedWithTheirCount() {
        PostgresTestDatabase.execute("INSERT INTO " + schema + ".shard_leases (shard, owner, epoch, lease_until)"
                + " SELECT g, NULL, 0, NULL FROM generate_series(0, 7) g");

        open(true).close();

        assertThat(versions()).isEqualTo("4,5,6,7");
        assertThat(indexes()).contains("executions_running_by_shard", "executions_without_shard");
        for (String workflowId : WORKFLOW_IDS) {
            assertThat(shardOf(workflowId)).as(workflowId)
                    .isEqualTo(String.valueOf(ShardHash.shardOf(TestExecutions.NAMESPACE, workflowId, 8)));
        }
        assertThat(PostgresTestDatabase.query("SELECT count(*) FROM " + schema + ".executions WHERE shard IS NULL"))
                .isEqualTo("0");
    }

    @Test
    void aSchemaWithoutShardRowsGetsTheShardsOfItsRunsWhenTheFirstClusterNodeCreatesTheRows() {
        open(true).close();

        assertThat(versions()).isEqualTo("4,5,6,7");
        for (String workflowId : WORKFLOW_IDS) {
            assertThat(shardOf(workflowId)).as(workflowId).isNull();
        }
        try (ShardLeaseManager node = ShardLeaseManager.start(PostgresTestDatabase.dataSource(), schema,
                ClusterSettings.builder().nodeId("a").shardCount(16).leaseDuration(Duration.ofSeconds(3))
                        .renewalInterval(Duration.ofSeconds(1)).build(), ShardListener.NONE)) {
            for (String workflowId : WORKFLOW_IDS) {
                assertThat(shardOf(workflowId)).as(workflowId)
                        .isEqualTo(String.valueOf(ShardHash.shardOf(TestExecutions.NAMESPACE, workflowId, 16)));
            }
        }
    }

    @Test
    void withMigrationsOffASchemaOfVersion6IsRefusedNamingV7() {
        assertThatThrownBy(() -> open(false))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageEndingWith(" is at schema version 6 (0: no Reprise tables) but this version of Reprise"
                        + " writes version 7 and its migrations are off: run the migrations V7 to V7 of"
                        + " io/reprise/engine/store/schema/postgres/ (see docs/postgres.md), or set"
                        + " reprise.store.postgres.migrate=true");
        assertThat(versions()).isEqualTo("4,5,6");
    }

    private JdbcExecutionStore open(boolean migrate) {
        return JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).migrate(migrate).build());
    }

    private String shardOf(String workflowId) {
        return PostgresTestDatabase.query("SELECT shard FROM " + schema + ".executions WHERE workflow_id = '"
                + workflowId + "'");
    }

    private String indexes() {
        return PostgresTestDatabase.query("SELECT string_agg(indexname, ',' ORDER BY indexname) FROM pg_indexes"
                + " WHERE schemaname = '" + schema + "'");
    }

    private String versions() {
        return PostgresTestDatabase.query("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + schema
                + ".reprise_schema_version");
    }
}
