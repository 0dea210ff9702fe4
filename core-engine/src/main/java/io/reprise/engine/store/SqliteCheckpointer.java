package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints the write-ahead log of a SQLite file store on a thread of its own, so that the
 * writer's commits do not pay for it.
 *
 * <p>SQLite's automatic checkpoint runs inside the COMMIT that takes the log past 1,000 pages:
 * that commit copies the log's pages into the database file and syncs both files, which made the
 * p99 of one workflow at a time 11–12 ms against a p50 of 1 ms (issue 14). Turning it off lets the
 * log grow without bound, and a long log makes commits and reads slower. Here the writer calls
 * {@link #committed()} after each commit, and every {@link #COMMITS_PER_CHECKPOINT} commits this
 * thread runs {@code PRAGMA wal_checkpoint(PASSIVE)} on its own connection: it copies the log
 * while the writer goes on committing (it never waits for the writer or the readers).
 *
 * <p>SQLite starts the log over from its beginning only when a transaction begins after a
 * checkpoint has copied all of it. Between commits that pause, that is the next one; while commits
 * follow each other without a pause, a checkpoint beside them never copies all of it (they append
 * meanwhile). So once a checkpoint has met a log of {@link #RESTART_PAGES}, the writer waits for
 * the next one itself, which copies only what was appended since the last and syncs.
 *
 * <p>The writer's automatic checkpoint stays on as a backstop at {@link #BACKSTOP_PAGES}
 * ({@link SqliteDialect}), for when this thread fails or falls behind (a checkpoint of this
 * thread that runs long, on a slow disk, keeps the writer's from running: the log can grow by the
 * commits made meanwhile). A checkpoint copies only what is committed, so a failed one loses
 * nothing: it is logged, its connection replaced, and the next request tries again. Synchronous
 * NORMAL and FULL mean what they meant: a checkpoint still syncs the log before it copies and the
 * database file after, on whichever connection runs it.
 */
final class SqliteCheckpointer implements AutoCloseable {

    /** The thread's name, as thread dumps and {@code docs/configuration.md} show it. */
    static final String THREAD_NAME = "reprise-sqlite-checkpointer";

    /**
     * Commits between two checkpoints. An engine's commit adds about 3 pages to the log, so a
     * checkpoint copies about 600 (issue 14, session 8, in {@code docs/benchmarks.md}).
     */
    static final int COMMITS_PER_CHECKPOINT = 200;

    /**
     * The log's length, in pages, from which the writer waits for a checkpoint (at its next
     * request) so that the log starts over: once every 1,800 or so commits, a wait for a copy of
     * a few hundred pages and a sync of each file, where SQLite's own checkpoint made a commit wait
     * for the copy of up to 1,000 pages and the syncs every 300 or so. About 23 MiB of log at 4 KiB pages.
     */
    static final int RESTART_PAGES = 5_000;

    /** The writer's own automatic checkpoint, the backstop: ten times SQLite's default of 1,000 pages. */
    static final int BACKSTOP_PAGES = 10_000;

    /**
     * The length SQLite cuts the log file back to when it starts the log over ({@code journal_size_limit}):
     * above the 23 MiB or so the log reaches between restarts, so that only a log that grew past it (a
     * checkpoint that ran long on a slow disk) is cut.
     */
    static final long LOG_FILE_LIMIT_BYTES = 32L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);

    private final BatchWriter.ConnectionOpener opener;
    private final String storeDescription;
    private final int commitsPerCheckpoint;
    private final int restartPages;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition requested = lock.newCondition();
    private final Condition checkpointed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private boolean pending;
    /** Guarded by {@link #lock}. */
    private boolean closed;
    /** Guarded by {@link #lock}: checkpoints started. */
    private long started;
    /** Guarded by {@link #lock}: checkpoints finished, whether they succeeded or failed. */
    private long finished;

    /** Commits since the last request; the writer thread's own. */
    private int commitsSinceRequest;

    /** This thread's own. */
    private Connection connection;
    private boolean failing;
    /** Set by this thread when a checkpoint met a log of {@code restartPages}; read by the writer. */
    private volatile boolean restartDue;

    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong largestLogPages = new AtomicLong();

    /**
     * @param opener opens the checkpointer's connection (in auto-commit mode), on first use and
     *     after a failure
     * @param commitsPerCheckpoint commits between two checkpoints ({@link #COMMITS_PER_CHECKPOINT})
     * @param restartPages the log's length from which the writer waits for a checkpoint ({@link #RESTART_PAGES})
     */
    SqliteCheckpointer(BatchWriter.ConnectionOpener opener, String storeDescription, int commitsPerCheckpoint,
            int restartPages) {
        if (commitsPerCheckpoint < 1) {
            throw new IllegalArgumentException("commitsPerCheckpoint must be at least 1, got " + commitsPerCheckpoint);
        }
        this.opener = opener;
        this.storeDescription = storeDescription;
        this.commitsPerCheckpoint = commitsPerCheckpoint;
        this.restartPages = restartPages;
        // A platform thread: it blocks in native database calls, which would pin a virtual one.
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(this::checkpointUntilClosed);
        thread.start();
    }

    /**
     * Called by the writer after each commit. Every {@code commitsPerCheckpoint}-th asks for a checkpoint, or,
     * when a checkpoint has met a log of {@code restartPages}, waits for one, so that the log starts over.
     */
    void committed() {
        if (++commitsSinceRequest < commitsPerCheckpoint) {
            return;
        }
        commitsSinceRequest = 0;
        if (restartDue) {
            restartDue = false;
            awaitCheckpoint(null);
        } else {
            request();
        }
    }

    /** Asks for a checkpoint; one already asked for and not yet started covers this one. */
    void request() {
        lock.lock();
        try {
            pending = true;
            requested.signal();
        } finally {
            lock.unlock();
        }
    }

    private void checkpointUntilClosed() {
        while (true) {
            lock.lock();
            try {
                while (!pending && !closed) {
                    requested.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                pending = false;
                started++;
            } finally {
                lock.unlock();
            }
            checkpoint();
            lock.lock();
            try {
                finished++;
                checkpointed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    private void checkpoint() {
        try {
            if (connection == null) {
                connection = opener.open();
            }
            long logPages;
            try (Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                // busy (another checkpoint ran), pages in the log, pages copied
                logPages = rs.getLong(2);
            }
            checkpoints.incrementAndGet();
            largestLogPages.accumulateAndGet(logPages, Math::max);
            if (logPages >= restartPages) {
                restartDue = true;
            }
            if (failing) {
                failing = false;
                log.info("Checkpoints of {} work again", storeDescription);
            }
        } catch (SQLException | RuntimeException e) {
            failures.incrementAndGet();
            if (!failing) {
                failing = true;
                log.warn("A checkpoint of {} failed: {}. Nothing is lost: the next one tries again, and the writer"
                        + " checkpoints itself when the write-ahead log reaches {} pages", storeDescription,
                        e.getMessage(), BACKSTOP_PAGES);
            } else {
                log.debug("A checkpoint of {} failed again: {}", storeDescription, e.getMessage());
            }
            closeConnection(); // its state is unknown: the next checkpoint opens another
        }
    }

    /**
     * Stops the thread, after the checkpoint it is running if any, and closes its connection.
     * The store's last connection to close (the writer's) runs SQLite's final checkpoint.
     * Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            requested.signal();
        } finally {
            lock.unlock();
        }
        StoreThreads.joinUninterruptibly(thread);
        closeConnection();
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                log.debug("Ignored a failure while closing the checkpointer's connection of {}", storeDescription, e);
            }
            connection = null;
        }
    }

    // --- figures and test hooks (package-private) ---

    /** Checkpoints that ran to the end. */
    long checkpoints() {
        return checkpoints.get();
    }

    /** Checkpoints that failed. */
    long failures() {
        return failures.get();
    }

    /** The most pages the write-ahead log held when a checkpoint started. */
    long largestLogPages() {
        return largestLogPages.get();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Asks for a checkpoint and waits until one has finished (succeeded or failed) since;
     * {@code false} on timeout or when closed first.
     */
    boolean checkpointNow(Duration timeout) {
        return awaitCheckpoint(timeout);
    }

    /**
     * Asks for a checkpoint and waits until one has finished since, the thread has stopped, or {@code timeout}
     * has passed ({@code null}: no timeout).
     */
    private boolean awaitCheckpoint(Duration timeout) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = started + 1; // not one that had started before this request
            pending = true;
            requested.signal();
            while (finished < target && !closed && thread.isAlive()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                try {
                    // In slices: a thread that died of an Error signals nothing.
                    checkpointed.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt(); // the caller sees it; the checkpoint goes on
                    return false;
                }
            }
            return finished >= target;
        } finally {
            lock.unlock();
        }
    }
}
