package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The background checkpoints of a SQLite file store ({@link SqliteCheckpointer}). */
class SqliteCheckpointerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** SQLite's default page size, which the store keeps. */
    private static final int PAGE_SIZE = 4096;
    /** A log file's header, and each frame's header before its page (the SQLite file format). */
    private static final int LOG_HEADER = 32;
    private static final int FRAME_HEADER = 24;

    /** A row that takes four pages and more (its overflow pages and its table's leaf). */
    private static final String BIG_ROW = "INSERT INTO t VALUES (zeroblob(" + 3 * PAGE_SIZE + "))";
    private static final String SMALL_ROW = "INSERT INTO t VALUES (zeroblob(16))";

    @TempDir
    Path directory;

    private JdbcExecutionStore store;

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    private Path file() {
        return directory.resolve("reprise.db");
    }

    private Path log() {
        return directory.resolve("reprise.db-wal");
    }

    private long logFrames() throws Exception {
        return (Files.size(log()) - LOG_HEADER) / (FRAME_HEADER + PAGE_SIZE);
    }

    @Test
    void theWriteAheadLogStaysAtWhatOneIntervalOfCommitsWritesInsteadOfGrowingToTheBackstop() throws Exception {
        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
        SqliteCheckpointer checkpointer = store.checkpointer();
        // Each commit adds at least one page to the log: more commits than the backstop's pages would take an
        // unchecked log past it. Every interval of commits ends with a checkpoint that the test waits for.
        int intervals = SqliteCheckpointer.BACKSTOP_PAGES / SqliteCheckpointer.COMMITS_PER_CHECKPOINT + 1;
        List<ExecutionRow> runs = new ArrayList<>();
        for (int interval = 0; interval < intervals; interval++) {
            for (int i = 0; i < SqliteCheckpointer.COMMITS_PER_CHECKPOINT; i++) {
                int run = (interval * SqliteCheckpointer.COMMITS_PER_CHECKPOINT + i) % 100;
                if (run == runs.size()) {
                    Transition t = start(key("order-" + run, "run-1"), 1000);
                    store.commit(t);
                    runs.add(t.row());
                } else {
                    Transition t = advance(runs.get(run), 2);
                    store.commit(t);
                    runs.set(run, t.row());
                }
            }
            assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
        }

        assertThat(checkpointer.failures()).isZero();
        // The log restarts after each complete checkpoint: the file is as long as the longest log a checkpoint met.
        assertThat(logFrames()).isEqualTo(checkpointer.largestLogPages());
        assertThat(checkpointer.largestLogPages())
                .isLessThan(SqliteCheckpointer.BACKSTOP_PAGES / 2)
                .isGreaterThanOrEqualTo(SqliteCheckpointer.COMMITS_PER_CHECKPOINT);
        for (ExecutionRow row : runs) {
            assertThat(store.load(row.key())).get().usingRecursiveComparison().isEqualTo(row);
        }
    }

    @Test
    void aFailingCheckpointFailsNoCommitAndTheNextOneTriesAgain() throws Exception {
        AtomicBoolean checkpointsFail = new AtomicBoolean(true);
        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults(),
                connection -> failingCheckpoints(connection, checkpointsFail));
        SqliteCheckpointer checkpointer = store.checkpointer();
        Transition first = start(key("order-1", "run-1"), 1000);
        store.commit(first);

        assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
        assertThat(checkpointer.failures()).isEqualTo(1);
        assertThat(checkpointer.checkpoints()).isZero();
        Transition second = advance(first.row(), 2);
        store.commit(second);
        assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
        assertThat(checkpointer.failures()).isEqualTo(2);

        checkpointsFail.set(false);
        assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
        assertThat(checkpointer.failures()).isEqualTo(2);
        assertThat(checkpointer.checkpoints()).isEqualTo(1);
        Transition third = advance(second.row(), 2);
        store.commit(third);
        assertThat(store.load(first.row().key())).get().usingRecursiveComparison().isEqualTo(third.row());
        store.close();

        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
        assertThat(store.load(first.row().key())).get().usingRecursiveComparison().isEqualTo(third.row());
    }

    @Test
    void closingTheStoreStopsTheCheckpointerAndTheLastConnectionCheckpointsTheWholeLog() throws Exception {
        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
        SqliteCheckpointer checkpointer = store.checkpointer();
        Transition t = start(key("order-1", "run-1"), 1000);
        store.commit(t);
        assertThat(Files.exists(log())).isTrue();
        assertThat(checkpointer.isAlive()).isTrue();

        store.close();

        assertThat(checkpointer.isAlive()).isFalse();
        assertThat(checkpointer.checkpointNow(WAIT)).isFalse();
        // SQLite deletes the log once its last connection has copied it into the database file.
        assertThat(Files.exists(log())).isFalse();
        store = JdbcExecutionStore.sqliteFile(file(), SqliteOptions.defaults());
        assertThat(store.load(t.row().key())).get().usingRecursiveComparison().isEqualTo(t.row());
    }

    @Test
    void onceACheckpointHasCaughtUpWithALongLogTheWriterWaitsAtItsNextCommitAndTheLogStartsOver() throws Exception {
        String url = "jdbc:sqlite:" + file();
        try (Connection writer = walConnection(url);
                Statement statement = writer.createStatement()) {
            SqliteCheckpointer checkpointer = new SqliteCheckpointer(() -> DriverManager.getConnection(url),
                    "test database", new SqliteCheckpointer.Policy(10, 20, 2, 4));
            try {
                // Ten commits of four pages and more each: the checkpoint asked for at the tenth meets a log of 40
                // pages and more, copies them, and catches up: the next finds none to copy.
                for (int i = 0; i < 10; i++) {
                    statement.execute(BIG_ROW);
                    checkpointer.committed();
                }
                assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
                assertThat(checkpointer.largestLogPages()).isGreaterThanOrEqualTo(40);
                assertThat(checkpointer.catchUps()).isEqualTo(1);
                assertThat(checkpointer.writerWaits()).isZero();
                long checkpoints = checkpointer.checkpoints();

                // The writer's next commit, not its tenth, waits for a checkpoint.
                statement.execute(BIG_ROW);
                checkpointer.committed();
                assertThat(checkpointer.writerWaits()).isEqualTo(1);
                assertThat(checkpointer.checkpoints()).isEqualTo(checkpoints + 1);
                long frames = logFrames();

                // So the next transaction writes the log from its start again: the file does not grow. The
                // checkpoint the writer waited for met the long log, yet the writer does not wait a second time.
                statement.execute(SMALL_ROW);
                checkpointer.committed();
                assertThat(logFrames()).isEqualTo(frames);
                assertThat(checkpointer.writerWaits()).isEqualTo(1);
                assertThat(checkpointer.catchUps()).isEqualTo(1);
                assertThat(checkpointer.checkpoints()).isEqualTo(checkpoints + 1);
                assertThat(checkpointer.failures()).isZero();
            } finally {
                checkpointer.close();
            }
        }
    }

    @Test
    void catchingUpEndsAtTheFirstCheckpointThatFindsFewPagesToCopy() throws Exception {
        // Pages in the log and pages of it copied, as each checkpoint reports them: the first meets a long log,
        // the second finds the 10 appended meanwhile, the third the 2 appended during the second.
        SqliteCheckpointer checkpointer = scriptedCheckpointer(new SqliteCheckpointer.Policy(1_000, 20, 2, 4),
                List.of(pages(40, 40), pages(50, 50), pages(52, 52)));
        try {
            assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
            assertThat(checkpointer.catchUps()).isEqualTo(2);
            assertThat(checkpointer.checkpoints()).isEqualTo(3);
            assertThat(checkpointer.writerWaits()).isZero();

            checkpointer.committed();
            assertThat(checkpointer.writerWaits()).isEqualTo(1);
            assertThat(checkpointer.checkpoints()).isEqualTo(4);
            assertThat(checkpointer.failures()).isZero();
        } finally {
            checkpointer.close();
        }
    }

    @Test
    void catchingUpEndsAfterTheMostCheckpointsWhenCommitsKeepAppending() throws Exception {
        SqliteCheckpointer checkpointer = scriptedCheckpointer(new SqliteCheckpointer.Policy(1_000, 20, 2, 3),
                List.of(pages(40, 40), pages(50, 50), pages(60, 60), pages(70, 70), pages(80, 80)));
        try {
            assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
            assertThat(checkpointer.catchUps()).isEqualTo(3);
            assertThat(checkpointer.checkpoints()).isEqualTo(4);

            checkpointer.committed();
            assertThat(checkpointer.writerWaits()).isEqualTo(1);
            assertThat(checkpointer.checkpoints()).isEqualTo(5);
        } finally {
            checkpointer.close();
        }
    }

    @Test
    void catchingUpCountsThePagesThatACheckpointCouldNotCopyAsFound() throws Exception {
        // The second copies nothing (a reader holds an older snapshot): the 10 pages it left are found again.
        SqliteCheckpointer checkpointer = scriptedCheckpointer(new SqliteCheckpointer.Policy(1_000, 20, 2, 4),
                List.of(pages(40, 40), pages(50, 40), pages(50, 50), pages(50, 50)));
        try {
            assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
            assertThat(checkpointer.catchUps()).isEqualTo(3);
            assertThat(checkpointer.checkpoints()).isEqualTo(4);
        } finally {
            checkpointer.close();
        }
    }

    @Test
    void aLogThatStartedOverWhileCatchingUpNeedsNoWait() throws Exception {
        // The first copies the whole log, and the next commit starts it over: the second meets a short one.
        SqliteCheckpointer checkpointer = scriptedCheckpointer(new SqliteCheckpointer.Policy(1_000, 20, 2, 4),
                List.of(pages(40, 40), pages(3, 3)));
        try {
            assertThat(checkpointer.checkpointNow(WAIT)).isTrue();
            assertThat(checkpointer.catchUps()).isEqualTo(1);

            checkpointer.committed();
            assertThat(checkpointer.writerWaits()).isZero();
            assertThat(checkpointer.checkpoints()).isEqualTo(2);
        } finally {
            checkpointer.close();
        }
    }

    /** A connection to {@code url} in WAL mode, that never checkpoints itself, with a table {@code t}. */
    private static Connection walConnection(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA wal_autocheckpoint = 0"); // only the checkpointer checkpoints
            statement.execute("CREATE TABLE t (data BLOB)");
        }
        return connection;
    }

    /** What {@code PRAGMA wal_checkpoint} reports: not busy, the pages in the log, the pages of it copied. */
    private static long[] pages(long log, long copied) {
        return new long[] {0, log, copied};
    }

    /**
     * A checkpointer whose checkpoints report {@code results} in turn instead of checkpointing a database (the
     * pages a writer appends meanwhile are in the next result), then report an empty log.
     */
    private SqliteCheckpointer scriptedCheckpointer(SqliteCheckpointer.Policy policy, List<long[]> results) {
        String url = "jdbc:sqlite:" + file();
        java.util.Iterator<long[]> next = results.iterator();
        return new SqliteCheckpointer(() -> {
            Connection connection = DriverManager.getConnection(url);
            return proxy(Connection.class, connection, (p, method, args) -> {
                Object result = invoke(connection, method, args);
                if (method.getName().equals("createStatement")) {
                    Statement statement = (Statement) result;
                    return proxy(Statement.class, statement, (sp, m, a) -> {
                        if (m.getName().equals("executeQuery") && a[0] instanceof String sql
                                && sql.contains("wal_checkpoint")) {
                            return resultRow(next.hasNext() ? next.next() : pages(0, 0));
                        }
                        return invoke(statement, m, a);
                    });
                }
                return result;
            });
        }, "test database", policy);
    }

    /** A result set of one row of {@code values}. */
    private static ResultSet resultRow(long[] values) {
        return (ResultSet) Proxy.newProxyInstance(SqliteCheckpointerTest.class.getClassLoader(),
                new Class<?>[] {ResultSet.class}, (p, method, args) -> switch (method.getName()) {
                    case "next" -> true;
                    case "getLong" -> values[(Integer) args[0] - 1];
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anInMemoryStoreHasNoCheckpointer() {
        store = JdbcExecutionStore.sqliteInMemory();

        assertThat(store.checkpointer()).isNull();
    }

    /** {@code connection}, whose statements fail {@code PRAGMA wal_checkpoint} while {@code fail} is set. */
    private static Connection failingCheckpoints(Connection connection, AtomicBoolean fail) {
        return proxy(Connection.class, connection, (p, method, args) -> {
            Object result = invoke(connection, method, args);
            if (method.getName().equals("createStatement")) {
                Statement statement = (Statement) result;
                return proxy(Statement.class, statement, (sp, m, a) -> {
                    if (fail.get() && a != null && a.length > 0 && a[0] instanceof String sql
                            && sql.contains("wal_checkpoint")) {
                        throw new SQLException("checkpoint refused by the test");
                    }
                    return invoke(statement, m, a);
                });
            }
            return result;
        });
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return type.cast(Proxy.newProxyInstance(SqliteCheckpointerTest.class.getClassLoader(),
                new Class<?>[] {type}, handler));
    }
}
