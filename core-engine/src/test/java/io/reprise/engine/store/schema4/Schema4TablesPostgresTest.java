package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.engine.store.Transition;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Schema4Tables} reads a PostgreSQL store of schema 4 as it reads a SQLite one: the golden store's rows
 * and batches, written through today's PostgreSQL store (to which they are opaque), come back byte for byte.
 */
class Schema4TablesPostgresTest {

    @TempDir
    Path directory;
    private String schema;

    @AfterEach
    void dropSchema() {
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void thePostgresTablesOfSchema4ReadAsTheSqliteOnes() throws Exception {
        PostgresTestDatabase.requireServer();
        schema = PostgresTestDatabase.newSchema();
        List<Schema4Tables.StoredRun> sqlite = Schema4Fixture.runs(directory);
        try (JdbcExecutionStore store = JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build())) {
            for (Schema4Tables.StoredRun run : sqlite) {
                long version = 0;
                for (HistoryBatch batch : run.history()) {
                    store.commit(new Transition(at(run.row(), version + 1, batch.lastEventId()), version, batch));
                    version++;
                }
                store.commit(new Transition(at(run.row(), version + 1, run.row().lastEventId()), version, null));
            }
        }

        List<Schema4Tables.StoredRun> postgres;
        try (Connection connection = DriverManager.getConnection(PostgresTestDatabase.url());
                Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + schema);
            assertThat(Schema4Tables.schemaVersion(connection)).isEqualTo(Schema4Tables.SCHEMA_VERSION);
            postgres = Schema4Tables.runs(connection);
        }

        assertThat(postgres).hasSameSizeAs(sqlite);
        for (int i = 0; i < sqlite.size(); i++) {
            ExecutionRow want = sqlite.get(i).row();
            ExecutionRow got = postgres.get(i).row();
            assertThat(List.of(got.key(), got.workflowType(), got.taskQueue(), got.status(), got.startTimeMillis(),
                    String.valueOf(got.closeTimeMillis()), String.valueOf(got.nextTimerAtMillis()), got.lastEventId()))
                    .isEqualTo(List.of(want.key(), want.workflowType(), want.taskQueue(), want.status(),
                            want.startTimeMillis(), String.valueOf(want.closeTimeMillis()),
                            String.valueOf(want.nextTimerAtMillis()), want.lastEventId()));
            assertThat(got.state()).as("state of %s", want.key()).isEqualTo(want.state());
            assertThat(got.visibility()).as("visibility of %s", want.key()).isEqualTo(want.visibility());
            assertThat(postgres.get(i).history()).as("history of %s", want.key())
                    .usingElementComparator((a, b) -> a.firstEventId() == b.firstEventId()
                            && a.lastEventId() == b.lastEventId() && java.util.Arrays.equals(a.events(), b.events())
                            ? 0 : 1)
                    .containsExactlyElementsOf(sqlite.get(i).history());
        }
    }

    private static ExecutionRow at(ExecutionRow row, long version, long lastEventId) {
        return new ExecutionRow(row.key(), row.workflowType(), row.taskQueue(), row.status(), row.startTimeMillis(),
                row.closeTimeMillis(), row.nextTimerAtMillis(), version, lastEventId, row.state(), row.visibility());
    }
}
