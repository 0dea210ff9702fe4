package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.engine.store.Schema4PostgresLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Schema4Tables} reads a PostgreSQL store of schema 4 as it reads a SQLite one: the golden store's rows
 * and batches, loaded into a PostgreSQL schema of version 4 ({@link Schema4PostgresLoader}), come back byte for
 * byte, each run's batches found through its chain.
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
        schema = PostgresTestDatabase.newSchema();
        List<Schema4Tables.StoredRun> sqlite = Schema4Fixture.runs(directory);
        Schema4PostgresLoader.load(directory.resolve("store-schema4.sqlite"), schema);

        List<Schema4Tables.StoredRun> postgres = Schema4PostgresLoader.runs(schema);

        assertThat(postgres).hasSameSizeAs(sqlite);
        for (int i = 0; i < sqlite.size(); i++) {
            ExecutionRow want = sqlite.get(i).row();
            ExecutionRow got = postgres.get(i).row();
            assertThat(List.of(got.key(), got.workflowType(), got.taskQueue(), got.status(), got.startTimeMillis(),
                    String.valueOf(got.closeTimeMillis()), String.valueOf(got.nextTimerAtMillis()), got.version(),
                    got.lastEventId()))
                    .isEqualTo(List.of(want.key(), want.workflowType(), want.taskQueue(), want.status(),
                            want.startTimeMillis(), String.valueOf(want.closeTimeMillis()),
                            String.valueOf(want.nextTimerAtMillis()), want.version(), want.lastEventId()));
            assertThat(got.state()).as("state of %s", want.key()).isEqualTo(want.state());
            assertThat(got.visibility()).as("visibility of %s", want.key()).isEqualTo(want.visibility());
            assertThat(postgres.get(i).history()).as("history of %s", want.key())
                    .usingElementComparator((a, b) -> a.firstEventId() == b.firstEventId()
                            && a.lastEventId() == b.lastEventId() && java.util.Arrays.equals(a.events(), b.events())
                            ? 0 : 1)
                    .containsExactlyElementsOf(sqlite.get(i).history());
        }
    }
}
