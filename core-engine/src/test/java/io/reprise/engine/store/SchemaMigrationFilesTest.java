package io.reprise.engine.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each dialect's current schema version is its last migration file: SQLite 5, PostgreSQL 6 (the cluster tables). */
class SchemaMigrationFilesTest {

    @Test
    void sqliteIsAtItsLastMigrationFileAndHasNoVersion6() {
        SqliteDialect sqlite = new SqliteDialect(SqliteOptions.defaults(), true);

        assertThat(sqlite.schemaVersion()).isEqualTo(5);
        assertThat(Schema.statements(sqlite, 5)).isNotNull();
        assertThat(Schema.statements(sqlite, 6)).isNull();
    }

    @Test
    void postgresIsAtItsLastMigrationFileWhichCreatesTheClusterTables() {
        PostgresDialect postgres = new PostgresDialect("any");

        assertThat(postgres.schemaVersion()).isEqualTo(6);
        assertThat(Schema.statements(postgres, 6)).hasSize(2)
                .allSatisfy(sql -> assertThat(sql).startsWith("CREATE TABLE IF NOT EXISTS "))
                .anySatisfy(sql -> assertThat(sql).contains("shard_leases"))
                .anySatisfy(sql -> assertThat(sql).contains("cluster_nodes"));
        assertThat(Schema.statements(postgres, 7)).isNull();
    }
}
