package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.ShardLeaseManager;
import io.reprise.engine.cluster.ShardListener;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL schema of version 5, as the release before the cluster's tables wrote it (versions 6 and 7 only add
 * two tables, then two columns and two indexes, so it is a schema of today's layout without them and without the
 * version rows 6 and 7), with a run in it: it opens, gets the tables, keeps its run, and takes cluster nodes; with
 * migrations off it is refused naming V6 to V7.
 */
class Schema6MigrationPostgresTest {

    private String schema;

    @BeforeEach
    void createASchemaOfVersion5WithARun() {
        schema = PostgresTestDatabase.newSchema();
        try (JdbcExecutionStore store = open(true)) {
            store.commit(start(key("order-1", "run-1"), 1000));
        }
        PostgresTestDatabase.execute("DROP TABLE " + schema + ".shard_leases, " + schema + ".cluster_nodes");
        PostgresTestDatabase.execute("ALTER TABLE " + schema + ".executions DROP COLUMN shard");
        PostgresTestDatabase.execute("DELETE FROM " + schema + ".reprise_schema_version WHERE version >= 6");
        assertThat(tables()).isEqualTo("executions,history,namespaces,reprise_schema_version");
        assertThat(versions()).isEqualTo("4,5");
    }

    @AfterEach
    void dropTheSchema() {
        PostgresTestDatabase.dropSchema(schema);
    }

    @Test
    void aSchemaOfVersion5OpensWithTheClusterTablesAddedAndItsRunKept() {
        try (JdbcExecutionStore store = open(true)) {
            assertThat(store.load(key("order-1", "run-1"))).isPresent();
        }

        assertThat(versions()).isEqualTo("4,5,6,7");
        assertThat(tables()).isEqualTo("cluster_nodes,executions,history,namespaces,reprise_schema_version,"
                + "shard_leases");
        assertThat(PostgresTestDatabase.query("SELECT count(*) FROM " + schema + ".shard_leases")).isEqualTo("0");
        try (ShardLeaseManager node = ShardLeaseManager.start(PostgresTestDatabase.dataSource(), schema,
                ClusterSettings.builder().nodeId("a").leaseDuration(Duration.ofSeconds(3))
                        .renewalInterval(Duration.ofSeconds(1)).build(), ShardListener.NONE)) {
            assertThat(PostgresTestDatabase.query("SELECT count(*) || ' shards ' || min(shard) || '..' || max(shard)"
                    + " FROM " + schema + ".shard_leases")).isEqualTo("64 shards 0..63");
        }
    }

    @Test
    void withMigrationsOffASchemaOfVersion5IsRefusedNamingTheMigrationToRun() {
        assertThatThrownBy(() -> open(false))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageEndingWith(" is at schema version 5 (0: no Reprise tables) but this version of Reprise"
                        + " writes version 7 and its migrations are off: run the migrations V6 to V7 of"
                        + " io/reprise/engine/store/schema/postgres/ (see docs/postgres.md), or set"
                        + " reprise.store.postgres.migrate=true")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.SCHEMA_NOT_MIGRATED);
        assertThat(versions()).isEqualTo("4,5");
    }

    private JdbcExecutionStore open(boolean migrate) {
        return JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).migrate(migrate).build());
    }

    private String tables() {
        return PostgresTestDatabase.query("SELECT string_agg(table_name, ',' ORDER BY table_name)"
                + " FROM information_schema.tables WHERE table_schema = '" + schema + "'");
    }

    private String versions() {
        return PostgresTestDatabase.query("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + schema
                + ".reprise_schema_version");
    }
}
