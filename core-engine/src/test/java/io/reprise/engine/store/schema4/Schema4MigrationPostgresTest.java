package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.MutableStateProjection;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.engine.store.Schema4PostgresLoader;
import io.reprise.engine.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The migration of {@link Schema4MigrationTest} on PostgreSQL: the golden schema-4 store's rows and batches loaded
 * into a PostgreSQL schema of version 4 ({@link Schema4PostgresLoader}) are migrated in place when the store opens
 * it, read as the release that wrote them read them, and its runs go on to their end; data that cannot be migrated
 * leaves every row as it was. Skipped (loudly) without a PostgreSQL server unless REPRISE_REQUIRE_POSTGRES=1.
 */
class Schema4MigrationPostgresTest {

    @TempDir
    Path directory;
    private String schema;

    @BeforeEach
    void loadTheGoldenStore() throws Exception {
        schema = PostgresTestDatabase.newSchema();
        Schema4Fixture.runs(directory);
        Schema4PostgresLoader.load(directory.resolve("store-schema4.sqlite"), schema);
    }

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void everyRunOfTheMigratedSchemaReadsAsTheReleaseThatWroteItReadIt() throws Exception {
        List<String> searchAttributes = Schema4PostgresLoader.searchAttributeColumns(schema);

        try (JdbcExecutionStore store = open()) {
            for (Map.Entry<ExecutionKey, JsonNode> run : Schema4Fixture.expected().entrySet()) {
                ExecutionRow row = store.load(run.getKey()).orElseThrow();
                assertThat(Schema4Fixture.canonical(FrozenProjection.events(EventCodec.read(store, run.getKey(), 1,
                        row.lastEventId())))).as("history of %s", run.getKey())
                        .isEqualTo(Schema4Fixture.canonical(run.getValue().get("history")));
                assertThat(Schema4Fixture.canonical(MutableStateProjection.of(StateCodec.fromRow(row))))
                        .as("state of %s", run.getKey())
                        .isEqualTo(Schema4Fixture.canonical(run.getValue().get("state")));
            }
        }

        assertThat(PostgresTestDatabase.query("SELECT string_agg(version::text, ',' ORDER BY version) FROM "
                + schema + ".reprise_schema_version")).isEqualTo("4,5,6,7");
        assertThat(Schema4PostgresLoader.searchAttributeColumns(schema)).as("the queried column is kept")
                .isEqualTo(searchAttributes).filteredOn(json -> json != null).hasSize(1);
    }

    @Test
    void theRunsOfTheMigratedSchemaGoOnToTheirEnd() throws Exception {
        try (JdbcExecutionStore store = open()) {
            Schema4RunsToTheEnd.run(store);
        }
    }

    @Test
    void aSchemaWithABatchThatCannotBeMigratedIsRefusedAndLeftAsItWas() throws Exception {
        PostgresTestDatabase.execute("UPDATE " + schema + ".history SET events = set_byte(events, 0, 2)"
                + " WHERE first_event_id = 1 AND execution_row = (SELECT row_id FROM " + schema + ".executions"
                + " WHERE workflow_id = 'json-batches')");
        List<Schema4Tables.StoredRun> before = Schema4PostgresLoader.runs(schema);

        assertThatThrownBy(this::open)
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("PostgreSQL store in schema \"" + schema + "\" of ")
                .hasMessageContaining(" has schema version 4, which this version of Reprise migrates to 7 when it"
                        + " opens the store, but part of its data cannot be migrated (cannot migrate: the history"
                        + " batch of events 1..2 of run default/json-batches/")
                .hasMessageContaining("starts with format byte 2, but schema-4 batches are binary (format 1) or a"
                        + " JSON event list")
                .hasMessageEndingWith("Nothing was changed: the store is still at schema version 4.")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.CANNOT_MIGRATE);

        List<Schema4Tables.StoredRun> after = Schema4PostgresLoader.runs(schema);
        assertThat(after).hasSameSizeAs(before);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i).row().state()).isEqualTo(before.get(i).row().state());
            assertThat(after.get(i).row().visibility()).isEqualTo(before.get(i).row().visibility());
            assertThat(after.get(i).history()).extracting(b -> new String(b.events(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(before.get(i).history().stream()
                            .map(b -> new String(b.events(), StandardCharsets.ISO_8859_1)).toList());
        }
    }

    @Test
    void withMigrationsOffASchemaOfVersion4IsRefusedNamingTheSettingThatMigratesIt() throws Exception {
        List<Schema4Tables.StoredRun> before = Schema4PostgresLoader.runs(schema);

        assertThatThrownBy(() -> JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).migrate(false).build()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("PostgreSQL store in schema \"" + schema + "\" of ")
                .hasMessageEndingWith(" is at schema version 4 but this version of Reprise writes version 7 and its"
                        + " migrations are off. Version 5 rewrites the stored histories and run snapshots, which no SQL"
                        + " file can do: set reprise.store.postgres.migrate=true for one start (the migration runs in"
                        + " one transaction under the schema's lock; see docs/postgres.md)")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.SCHEMA_NOT_MIGRATED);

        assertThat(Schema4PostgresLoader.runs(schema)).hasSameSizeAs(before);
        try (JdbcExecutionStore migrated = open()) {
            assertThat(migrated.loadRunning()).hasSize(22);
        }
    }

    private JdbcExecutionStore open() {
        return JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build());
    }
}
