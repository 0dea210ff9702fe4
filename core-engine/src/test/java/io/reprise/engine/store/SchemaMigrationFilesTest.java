package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Each dialect's current schema version is its last migration file: SQLite 5, PostgreSQL 7 (the cluster tables in 6,
 * the runs' shards and the nodes' addresses in 7).
 */
class SchemaMigrationFilesTest {

    @Test
    void sqliteIsAtItsLastMigrationFileAndHasNoVersion6() {
        SqliteDialect sqlite = new SqliteDialect(SqliteOptions.defaults(), true);

        assertThat(sqlite.schemaVersion()).isEqualTo(5);
        assertThat(Schema.statements(sqlite, 5)).isNotNull();
        assertThat(Schema.statements(sqlite, 6)).isNull();
    }

    @Test
    void postgresIsAtItsLastMigrationFileWhichAddsTheShardOfEachRunAndTheAddressOfEachNode() {
        PostgresDialect postgres = new PostgresDialect("any");

        assertThat(postgres.schemaVersion()).isEqualTo(7);
        assertThat(Schema.statements(postgres, 6)).hasSize(2)
                .allSatisfy(sql -> assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS "))
                .anySatisfy(sql -> assertThat(sql).contains("shard_leases"))
                .anySatisfy(sql -> assertThat(sql).contains("cluster_nodes"));
        assertThat(Schema.statements(postgres, 7)).containsExactly(
                "ALTER TABLE executions ADD COLUMN IF NOT EXISTS shard INTEGER",
                "CREATE INDEX IF NOT EXISTS executions_running_by_shard ON executions (shard) WHERE status = 'RUNNING'",
                "CREATE INDEX IF NOT EXISTS executions_without_shard ON executions (row_id) WHERE shard IS NULL",
                "ALTER TABLE cluster_nodes ADD COLUMN IF NOT EXISTS address TEXT");
        assertThat(Schema.statements(postgres, 8)).isNull();
    }
}
