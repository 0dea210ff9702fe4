package io.reprise.engine.store.schema4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.MutableStateProjection;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.proto.v1.HistoryBatch;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.StoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Opening a SQLite store of schema 4 (a copy of the golden {@code store-schema4.sqlite}, written by the last
 * release of that schema) migrates it in place to schema 5: every run then reads as that release read it, and its
 * runs go on to their end; a store whose data cannot be migrated is refused, naming the version, the run and what
 * failed, and left byte for byte as it was.
 */
class Schema4MigrationTest {

    @TempDir
    Path directory;

    @Test
    void everyRunOfTheMigratedStoreReadsAsTheReleaseThatWroteItReadIt() throws Exception {
        Path file = copyOfTheGoldenStore();

        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(file)) {
            Map<ExecutionKey, JsonNode> expected = Schema4Fixture.expected();
            assertThat(expected).hasSize(30);
            for (Map.Entry<ExecutionKey, JsonNode> run : expected.entrySet()) {
                ExecutionKey key = run.getKey();
                ExecutionRow row = store.load(key).orElseThrow();
                JsonNode columns = run.getValue().get("row");
                assertThat(List.of(row.status(), row.version(), row.lastEventId(), String.valueOf(row.nextTimerAtMillis())))
                        .as("row of %s", key).containsExactly(columns.get("status").asString(),
                                columns.get("version").asLong(), columns.get("lastEventId").asLong(),
                                columns.get("nextTimerAt").asString("null"));
                List<String> spans = new ArrayList<>();
                store.readHistory(key, 1).forEach(b -> spans.add(b.firstEventId() + ".." + b.lastEventId()));
                List<String> wantSpans = new ArrayList<>();
                run.getValue().get("batches").forEach(b -> wantSpans.add(b.get("firstEventId").asLong() + ".."
                        + b.get("lastEventId").asLong()));
                assertThat(spans).as("batches of %s", key).isEqualTo(wantSpans);
                assertThat(Schema4Fixture.canonical(FrozenProjection.events(EventCodec.read(store, key, 1,
                        row.lastEventId())))).as("history of %s", key)
                        .isEqualTo(Schema4Fixture.canonical(run.getValue().get("history")));
                assertThat(Schema4Fixture.canonical(MutableStateProjection.of(StateCodec.fromRow(row))))
                        .as("state of %s", key).isEqualTo(Schema4Fixture.canonical(run.getValue().get("state")));
            }
        }

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            assertThat(strings(statement, "SELECT version FROM reprise_schema_version ORDER BY version"))
                    .containsExactly("2", "3", "4", "5");
            int batches = 0;
            try (ResultSet rs = statement.executeQuery("SELECT events, last_event_id - first_event_id + 1"
                    + " FROM history")) {
                while (rs.next()) {
                    assertThat(HistoryBatch.parseFrom(rs.getBytes(1)).getEventsCount()).isEqualTo(rs.getInt(2));
                    batches++;
                }
            }
            assertThat(batches).as("every batch is a proto HistoryBatch").isEqualTo(90);
        }
    }

    @Test
    void theRunsOfTheMigratedStoreGoOnToTheirEnd() throws Exception {
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(copyOfTheGoldenStore())) {
            Schema4RunsToTheEnd.run(store);
        }
    }

    @Test
    void aStoreWithABatchThatCannotBeMigratedIsRefusedAndLeftAsItWas() throws Exception {
        Path file = copyOfTheGoldenStore();
        String runId = runId("timer-waiting");
        corrupt(file, "UPDATE history SET events = ? WHERE first_event_id = 1 AND execution_row ="
                + " (SELECT row_id FROM executions WHERE workflow_id = 'timer-waiting')", bytes -> {
                    // The layout hash after the record's name: what a build with another layout of it wrote.
                    int layout = indexOf(bytes, "WorkflowExecutionStarted") + "WorkflowExecutionStarted".length();
                    bytes[layout] ^= 0x01;
                }, "SELECT events FROM history WHERE first_event_id = 1 AND execution_row ="
                + " (SELECT row_id FROM executions WHERE workflow_id = 'timer-waiting')");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(file))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessage("SQLite store file " + file.toRealPath() + " has schema version 4, which this version of"
                        + " Reprise migrates to 5 when it opens the store, but part of its data cannot be migrated"
                        + " (cannot migrate: the history batch of events 1..2 of run default/timer-waiting/" + runId
                        + ": event 1 (WorkflowExecutionStarted) was written with layout 0x78a76562, not the schema-4"
                        + " layout 0x79a76562 of WorkflowExecutionStarted: the store was written by a development"
                        + " build of Reprise whose WorkflowExecutionStarted record had other components; run its"
                        + " workflows to completion with that build, then open the store with this one). Nothing was"
                        + " changed: the store is still at schema version 4.")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.CANNOT_MIGRATE);

        assertThat(Files.readAllBytes(file)).as("the file, byte for byte").isEqualTo(before);
    }

    @Test
    void aStoreWithASnapshotThatCannotBeMigratedIsRefusedAndLeftAsItWas() throws Exception {
        Path file = copyOfTheGoldenStore();
        String runId = runId("activity-retry");
        corrupt(file, "UPDATE executions SET state = ? WHERE workflow_id = 'activity-retry'",
                bytes -> bytes[0] = 2, "SELECT state FROM executions WHERE workflow_id = 'activity-retry'");
        byte[] before = Files.readAllBytes(file);
        List<Schema4Tables.StoredRun> rowsBefore = storedRuns(file);

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(file))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("SQLite store file " + file.toRealPath() + " has schema version 4, which")
                .hasMessageContaining("(cannot migrate: the snapshot of run default/activity-retry/" + runId
                        + " has format 2, but schema-4 snapshots have format 3; the row holds something a release of"
                        + " Reprise did not write: restore the store from a backup). Nothing was changed")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.CANNOT_MIGRATE);

        assertThat(Files.readAllBytes(file)).as("the file, byte for byte").isEqualTo(before);
        List<Schema4Tables.StoredRun> rowsAfter = storedRuns(file);
        assertThat(rowsAfter).hasSameSizeAs(rowsBefore);
        for (int i = 0; i < rowsBefore.size(); i++) {
            assertThat(rowsAfter.get(i).row().state()).isEqualTo(rowsBefore.get(i).row().state());
            assertThat(rowsAfter.get(i).history()).extracting(b -> new String(b.events(), StandardCharsets.ISO_8859_1))
                    .isEqualTo(rowsBefore.get(i).history().stream()
                            .map(b -> new String(b.events(), StandardCharsets.ISO_8859_1)).toList());
        }
    }

    // ---------------------------------------------------------------- the copy

    private Path copyOfTheGoldenStore() throws IOException {
        Path file = directory.resolve("reprise.db");
        try (InputStream in = getClass().getResourceAsStream(Schema4Fixture.STORE)) {
            Files.copy(in, file);
        }
        return file;
    }

    private String runId(String workflowId) {
        return Schema4Fixture.expected().keySet().stream().filter(key -> key.workflowId().equals(workflowId))
                .findFirst().orElseThrow().runId();
    }

    private interface Change {
        void apply(byte[] bytes);
    }

    /** Rewrites one blob of the file with plain SQL, then checkpoints so that the change is in the file itself. */
    private static void corrupt(Path file, String update, Change change, String select) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            byte[] bytes;
            try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(select)) {
                assertThat(rs.next()).isTrue();
                bytes = rs.getBytes(1);
            }
            change.apply(bytes);
            try (PreparedStatement statement = connection.prepareStatement(update)) {
                statement.setBytes(1, bytes);
                assertThat(statement.executeUpdate()).isOne();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        }
    }

    private static List<Schema4Tables.StoredRun> storedRuns(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(Schema4Tables.schemaVersion(connection)).isEqualTo(4);
            return Schema4Tables.runs(connection);
        }
    }

    private static List<String> strings(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static int indexOf(byte[] bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= bytes.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " is not in the batch");
    }
}
