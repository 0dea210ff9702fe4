package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.close;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteFileExecutionStoreTest extends JdbcExecutionStoreContractTest {

    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("reprise.db");
    }

    @Override
    protected JdbcExecutionStore openStore() {
        return JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
    }

    @Test
    void committedTransitionsSurviveCloseAndReopen() {
        Transition running = start(key("order-1", "run-1"), 1000);
        store.commit(running);
        Transition advanced = advance(running.row(), 3);
        store.commit(advanced);
        Transition done = start(key("order-2", "run-1"), 1000);
        store.commit(done);
        Transition completed = close(done.row(), "COMPLETED", 2000);
        store.commit(completed);
        store.close();

        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());

        assertThat(store.load(key("order-1", "run-1"))).get().usingRecursiveComparison().isEqualTo(advanced.row());
        assertThat(store.load(key("order-2", "run-1"))).get().usingRecursiveComparison().isEqualTo(completed.row());
        assertThat(store.readHistory(key("order-1", "run-1"), 1))
                .extracting(HistoryBatch::firstEventId, HistoryBatch::lastEventId)
                .containsExactly(tuple(1L, 2L), tuple(3L, 5L));
        assertThat(store.loadRunning()).extracting(r -> r.key().workflowId()).containsExactly("order-1");
    }

    @Test
    void secondOpenOfTheSameFileGetsAClearLockErrorUntilTheFirstCloses() throws Exception {
        Path file = file().toRealPath();
        String expected = "SQLite store file " + file + " is already open by another store in this process (lock "
                + file + ".lock is held). Only one Reprise engine may use a SQLite file at a time: stop the other store"
                + " or set a different store path.";

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessage(expected)
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.LOCKED);
        Path otherSpelling = directory.resolve("sub/../reprise.db");
        Files.createDirectories(directory.resolve("sub"));
        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(otherSpelling, SqliteOptions.defaults()))
                .hasMessage(expected);
        Path link = Files.createSymbolicLink(directory.resolve("link"), directory);
        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(link.resolve("reprise.db"), SqliteOptions.defaults()))
                .hasMessage(expected);

        store.commit(start(key("order-1", "run-1"), 1000)); // the failed opens did not disturb the first store
        store.close();
        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
        assertThat(store.load(key("order-1", "run-1"))).isPresent();
    }

    @Test
    void missingParentDirectoriesAreCreated() {
        Path nested = directory.resolve("a/b/c/reprise.db");

        try (JdbcExecutionStore nestedStore = JdbcExecutionStore.sqliteFile(nested, SqliteOptions.defaults())) {
            nestedStore.commit(start(key("order-1", "run-1"), 1000));
        }

        assertThat(nested).isRegularFile();
    }

    @Test
    void aDirectoryPathGetsAClearError() {
        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(directory, SqliteOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessage("SQLite store path " + directory.toAbsolutePath() + " is a directory, not a file:"
                        + " set the store path to a file, e.g. " + directory.toAbsolutePath().resolve("reprise.db"))
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.UNUSABLE_PATH);
    }

    @Test
    void aPathBelowARegularFileGetsAClearError() throws Exception {
        Path regularFile = Files.writeString(directory.resolve("plain.txt"), "not a directory");
        Path below = regularFile.resolve("data/reprise.db");

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(below, SqliteOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot create the directory " + below.getParent() + " for SQLite store file "
                        + below)
                .hasMessageContaining(regularFile + " exists and is not a directory")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.UNUSABLE_PATH);
    }

    @Test
    void aFileThatIsNotADatabaseGetsAClearErrorAndLeavesNoLock() throws Exception {
        Path garbage = Files.writeString(directory.resolve("garbage.db"), "this is not a SQLite database file".repeat(100));

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(garbage, SqliteOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot open SQLite store file " + garbage.toRealPath() + ": ")
                .hasMessageContaining("not a database")
                .extracting(e -> ((StoreException) e).reason())
                .isEqualTo(StoreException.Reason.NOT_A_REPRISE_DATABASE);

        Files.delete(garbage);
        try (JdbcExecutionStore reopened = JdbcExecutionStore.sqliteFile(garbage, SqliteOptions.defaults())) {
            assertThat(reopened.loadRunning()).isEmpty();
        }
    }

    @Test
    void theFileIsInWalModeWithSchemaVersionsTwoToFive() throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = raw.createStatement()) {
            assertThat(single(statement, "PRAGMA journal_mode")).isEqualTo("wal");
            assertThat(single(statement, "SELECT group_concat(version) FROM reprise_schema_version")).isEqualTo("2,3,4,5");
        }
    }

    @Test
    void aStoreWrittenByANewerSchemaVersionIsRefused() throws Exception {
        store.close();
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = raw.createStatement()) {
            statement.execute("INSERT INTO reprise_schema_version (version) VALUES (" + (SqliteDialect.SCHEMA_VERSION + 1) + ")");
        }

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessage("SQLite store file " + file().toRealPath() + " has schema version "
                        + (SqliteDialect.SCHEMA_VERSION + 1) + " but this version of Reprise supports up to "
                        + SqliteDialect.SCHEMA_VERSION + ": upgrade Reprise or point it at another store")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.NEWER_SCHEMA);
        store = JdbcExecutionStore.sqliteInMemory(); // for the @AfterEach close
    }

    @Test
    void aStoreWrittenByAPreReleaseSchemaIsRefused() throws Exception {
        store.close();
        Path old = directory.resolve("old.db");
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
                Statement statement = raw.createStatement()) {
            statement.execute("CREATE TABLE reprise_schema_version (version INTEGER NOT NULL PRIMARY KEY)");
            statement.execute("INSERT INTO reprise_schema_version (version) VALUES (1)");
        }

        assertThatThrownBy(() -> JdbcExecutionStore.sqliteFile(old, SqliteOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessage("SQLite store file " + old.toRealPath() + " has schema version 1, written by a"
                        + " pre-release of Reprise, which this version does not read: delete the file (its workflow"
                        + " executions are lost) or point the store at another file")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.PRE_RELEASE_SCHEMA);
        store = JdbcExecutionStore.sqliteInMemory(); // for the @AfterEach close
    }

    /**
     * A file of schema 3 (the golden schema-4 store without what migration 4 added) gets the visibility column and
     * its runs migrated on to schema 5: their rows stay, their snapshots and batches read as proto v1.
     */
    @Test
    void aFileWithoutTheVisibilityColumnGetsItAndKeepsItsRuns() throws Exception {
        store.close();
        Path old = directory.resolve("schema3.db");
        try (java.io.InputStream in = getClass().getResourceAsStream("/golden/store-schema4.sqlite")) {
            Files.copy(in, old);
        }
        List<String> keys;
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
                Statement statement = raw.createStatement()) {
            // What a store written before version 4 looks like.
            statement.execute("ALTER TABLE executions DROP COLUMN visibility");
            statement.execute("DELETE FROM reprise_schema_version WHERE version = 4");
            keys = column(statement, "SELECT workflow_id || '/' || run_id || ' ' || status || ' ' || last_event_id"
                    + " FROM executions ORDER BY row_id");
        }

        store = JdbcExecutionStore.sqliteFile(old, SqliteOptions.defaults());

        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
                Statement statement = raw.createStatement()) {
            assertThat(single(statement, "SELECT group_concat(version) FROM reprise_schema_version"))
                    .isEqualTo("2,3,4,5");
            assertThat(column(statement, "SELECT workflow_id || '/' || run_id || ' ' || status || ' ' || last_event_id"
                    + " FROM executions ORDER BY row_id")).isEqualTo(keys).hasSize(30);
        }
        ExecutionRow row = store.loadLatestRun("default", "visibility").orElseThrow();
        assertThat(row.visibility()).isNull();
        io.reprise.engine.history.MutableState state = io.reprise.engine.history.StateCodec.fromRow(row);
        assertThat(state.workflowType()).isEqualTo("FixtureWorkflow");
        assertThat(state.visibility().memo()).isEmpty();
        assertThat(io.reprise.engine.history.EventCodec.read(store, row.key(), 1, row.lastEventId()))
                .hasSize((int) row.lastEventId());
    }

    @Test
    void aDatabaseErrorFailsOnlyItsTransitionAndAppliesNothingOfIt() throws Exception {
        Transition good = start(key("order-good", "run-1"), 1000);
        Transition bad = start(key("order-bad", "run-1"), 1000);
        store.commit(good);
        store.commit(bad);
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = raw.createStatement()) {
            // Fails the history insert of one transition; the rest of that transition must not stay applied.
            statement.execute("CREATE TRIGGER fail_bad_history BEFORE INSERT ON history"
                    + " WHEN NEW.execution_row = (SELECT row_id FROM executions WHERE workflow_id = 'order-bad')"
                    + " BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
        }

        store.pauseWriter();
        Transition goodNext = advance(good.row(), 1);
        Transition badNext = advance(bad.row(), 1);
        Transition other = start(key("order-other", "run-1"), 1000);
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (Transition t : List.of(goodNext, badNext, other)) {
            outcomes.add(commitAsync(t));
            assertThat(store.awaitQueuedCommits(outcomes.size(), Duration.ofSeconds(5))).isTrue();
        }
        store.resumeWriter();

        assertThat(outcome(outcomes.get(0))).isNull();
        assertThat(outcome(outcomes.get(1)))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Could not append the history batch of default/order-bad/run-1 in SQLite store file ")
                .hasMessageContaining("disk on fire")
                .hasMessageEndingWith("; the transition was not applied");
        assertThat(outcome(outcomes.get(2))).isNull();
        assertThat(store.load(bad.row().key())).get().usingRecursiveComparison().isEqualTo(bad.row());
        assertThat(store.load(good.row().key())).get().usingRecursiveComparison().isEqualTo(goodNext.row());
        assertThat(store.load(other.row().key())).isPresent();
    }

    @Test
    void aBatchWhoseTransactionTheDatabaseRolledBackFailsWholeAndTheStoreRecovers() throws Exception {
        Transition before = start(key("order-before", "run-1"), 1000);
        store.commit(before);
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file());
                Statement statement = raw.createStatement()) {
            // What SQLite does itself on a full disk or an I/O error: roll back the whole transaction.
            statement.execute("CREATE TRIGGER doom BEFORE INSERT ON history"
                    + " WHEN NEW.execution_row = (SELECT row_id FROM executions WHERE workflow_id = 'order-doom')"
                    + " BEGIN SELECT RAISE(ROLLBACK, 'disk full'); END");
        }

        store.pauseWriter();
        Transition good = advance(before.row(), 1);
        Transition doomed = start(key("order-doom", "run-1"), 1000);
        Transition after = start(key("order-after", "run-1"), 1000);
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (Transition t : List.of(good, doomed, after)) {
            outcomes.add(commitAsync(t));
            assertThat(store.awaitQueuedCommits(outcomes.size(), Duration.ofSeconds(5))).isTrue();
        }
        store.resumeWriter();

        for (CompletableFuture<Void> outcome : outcomes) {
            assertThat(outcome(outcome))
                    .isExactlyInstanceOf(StoreException.class)
                    .hasMessageContaining("the database transaction failed")
                    .hasMessageEndingWith("; the transition was not applied");
        }
        assertThat(store.load(before.row().key())).get().usingRecursiveComparison().isEqualTo(before.row());
        assertThat(store.load(doomed.row().key())).isEmpty();
        assertThat(store.load(after.row().key())).isEmpty();

        // The writer works again, inside real transactions: a conflict still rolls back alone.
        store.pauseWriter();
        Transition stale = advance(before.row(), 2);
        List<CompletableFuture<Void>> retried = new ArrayList<>();
        for (Transition t : List.of(good, stale, after)) {
            retried.add(commitAsync(t));
            assertThat(store.awaitQueuedCommits(retried.size(), Duration.ofSeconds(5))).isTrue();
        }
        store.resumeWriter();
        assertThat(outcome(retried.get(0))).isNull();
        assertThat(outcome(retried.get(1))).isExactlyInstanceOf(ConcurrentUpdateException.class);
        assertThat(outcome(retried.get(2))).isNull();
        store.close();
        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
        assertThat(store.load(before.row().key())).get().usingRecursiveComparison().isEqualTo(good.row());
        assertThat(store.load(after.row().key())).isPresent();
    }

    private static List<String> column(Statement statement, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
