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
 * meanwhile). So once a checkpoint has met a log of {@link Policy#restartPages()}, this thread
 * catches up: it checkpoints again at once, each time copying what was appended during the last,
 * until one has found at most {@link Policy#catchUpPages()} pages to copy (or after
 * {@link Policy#maxCatchUps()} more). Then the writer, at its next commit, waits for one more,
 * which copies only what was appended during that last short one, and syncs. A checkpoint copies
 * and syncs in proportion to the pages it finds: the writer waits 2–4 ms (mostly the two syncs),
 * where a wait at its next request, for the pages of a whole interval, took 10–40 ms (issue 14,
 * session 9, in {@code docs/benchmarks.md}).
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
     * The log's length, in pages, from which the log is made to start over (about once every 1,800
     * commits). About 23 MiB of log at 4 KiB pages.
     */
    static final int RESTART_PAGES = 5_000;

    /**
     * The most pages a checkpoint may have found to copy for the writer to wait for the next one: about 30
     * commits' worth, a checkpoint of a few milliseconds, during which one workflow at a time appends a few
     * dozen pages.
     */
    static final int CATCH_UP_PAGES = 100;

    /**
     * The most checkpoints that catch up after the one that met a long log; then the writer waits anyway
     * (commits that append faster than a checkpoint copies never let one find few pages).
     */
    static final int MAX_CATCH_UPS = 4;

    /** The writer's own automatic checkpoint, the backstop: ten times SQLite's default of 1,000 pages. */
    static final int BACKSTOP_PAGES = 10_000;

    /**
     * The length SQLite cuts the log file back to when it starts the log over ({@code journal_size_limit}):
     * above the 23 MiB or so the log reaches between restarts, so that only a log that grew past it (a
     * checkpoint that ran long on a slow disk) is cut.
     */
    static final long LOG_FILE_LIMIT_BYTES = 32L * 1024 * 1024;

    /**
     * When this thread checkpoints and when the writer waits for it.
     *
     * @param commitsPerCheckpoint commits between two requested checkpoints ({@link #COMMITS_PER_CHECKPOINT})
     * @param restartPages the log's length from which the log is made to start over ({@link #RESTART_PAGES})
     * @param catchUpPages the most pages the last catching-up checkpoint may have found ({@link #CATCH_UP_PAGES})
     * @param maxCatchUps the most catching-up checkpoints after the one that met a long log ({@link #MAX_CATCH_UPS})
     */
    record Policy(int commitsPerCheckpoint, int restartPages, int catchUpPages, int maxCatchUps) {

        static final Policy DEFAULTS = new Policy(COMMITS_PER_CHECKPOINT, RESTART_PAGES, CATCH_UP_PAGES,
                MAX_CATCH_UPS);

        Policy {
            if (commitsPerCheckpoint < 1) {
                throw new IllegalArgumentException("commitsPerCheckpoint must be at least 1, got "
                        + commitsPerCheckpoint);
            }
            if (catchUpPages < 0 || maxCatchUps < 0) {
                throw new IllegalArgumentException("catchUpPages and maxCatchUps must not be negative, got "
                        + catchUpPages + " and " + maxCatchUps);
            }
        }
    }

    private static final Logger log = LoggerFactory.getLogger(SqliteCheckpointer.class);

    private final BatchWriter.ConnectionOpener opener;
    private final String storeDescription;
    private final Policy policy;
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
    /** Guarded by {@link #lock}: the writer waits for the next checkpoint to start, so that the log starts over. */
    private boolean restartAwaited;

    /** Commits since the last request; the writer thread's own. */
    private int commitsSinceRequest;

    /** This thread's own. */
    private Connection connection;
    private boolean failing;
    /**
     * Set by this thread once it has caught up with a log of {@code restartPages}; the writer clears it (under
     * {@link #lock}) when it waits for the checkpoint that lets the log start over.
     */
    private volatile boolean restartDue;
    /** This thread's own: the log's length and the pages copied from it, as the last checkpoint left them. */
    private long lastLogPages;
    private long lastCopiedPages;

    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong largestLogPages = new AtomicLong();
    private final AtomicLong catchUps = new AtomicLong();
    private final AtomicLong writerWaits = new AtomicLong();

    /**
     * @param opener opens the checkpointer's connection (in auto-commit mode), on first use and
     *     after a failure
     */
    SqliteCheckpointer(BatchWriter.ConnectionOpener opener, String storeDescription, Policy policy) {
        this.opener = opener;
        this.storeDescription = storeDescription;
        this.policy = policy;
        // A platform thread: it blocks in native database calls, which would pin a virtual one.
        this.thread = Thread.ofPlatform().name(THREAD_NAME).daemon().unstarted(this::checkpointUntilClosed);
        thread.start();
    }

    /**
     * Called by the writer after each commit. Every {@code commitsPerCheckpoint}-th asks for a checkpoint; the
     * first after this thread has caught up with a long log waits for one, so that the log starts over.
     */
    void committed() {
        if (restartDue) {
            commitsSinceRequest = 0;
            awaitCheckpoint(null, true);
        } else if (++commitsSinceRequest >= policy.commitsPerCheckpoint()) {
            commitsSinceRequest = 0;
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
            boolean forRestart;
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
                forRestart = restartAwaited;
                restartAwaited = false;
            } finally {
                lock.unlock();
            }
            checkpoint(forRestart);
            lock.lock();
            try {
                finished++;
                checkpointed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Checkpoints; when the log is long, catches up (see the class's Javadoc). The checkpoint the writer
     * waits for ({@code forRestart}) only copies: the log starts over at the writer's next transaction.
     */
    private void checkpoint(boolean forRestart) {
        try {
            if (connection == null) {
                connection = opener.open();
            }
            long found = copy();
            if (forRestart) {
                writerWaits.incrementAndGet();
            } else if (lastLogPages >= policy.restartPages() && !restartTakenCareOf()) {
                catchUp(found);
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

    /** Whether the writer is already to wait, or waiting, for a checkpoint that lets the log start over. */
    private boolean restartTakenCareOf() {
        lock.lock();
        try {
            return restartDue || restartAwaited;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Checkpoints again until one has found at most {@code catchUpPages} to copy, or {@code maxCatchUps}
     * times, then has the writer wait at its next commit. Ends early when the log started over meanwhile
     * (a checkpoint copied all of it before the next commit).
     */
    private void catchUp(long found) throws SQLException {
        for (int round = 0; found > policy.catchUpPages() && round < policy.maxCatchUps(); round++) {
            long logPagesBefore = lastLogPages;
            found = copy();
            catchUps.incrementAndGet();
            if (lastLogPages < logPagesBefore) {
                return;
            }
        }
        restartDue = true;
    }

    /** Runs one passive checkpoint; returns the pages it found to copy. */
    private long copy() throws SQLException {
        long logPages;
        long copiedPages;
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            // busy (another checkpoint ran), pages in the log, pages of it copied (by this one and those before)
            logPages = rs.getLong(2);
            copiedPages = rs.getLong(3);
        }
        // A log shorter than the last one met has started over since: all of it is new.
        long found = logPages - (logPages >= lastLogPages ? lastCopiedPages : 0);
        lastLogPages = logPages;
        lastCopiedPages = copiedPages;
        checkpoints.incrementAndGet();
        largestLogPages.accumulateAndGet(logPages, Math::max);
        return found;
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

    /** Checkpoints that caught up with a long log, after the one that met it. */
    long catchUps() {
        return catchUps.get();
    }

    /** Checkpoints the writer waited for, so that the log starts over. */
    long writerWaits() {
        return writerWaits.get();
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
        return awaitCheckpoint(timeout, false);
    }

    /**
     * Asks for a checkpoint and waits until one has finished since, the thread has stopped, or {@code timeout}
     * has passed ({@code null}: no timeout). With {@code forRestart}, that checkpoint is the one that lets
     * the log start over.
     */
    private boolean awaitCheckpoint(Duration timeout, boolean forRestart) {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long target = started + 1; // not one that had started before this request
            if (forRestart) {
                restartDue = false;
                restartAwaited = true;
            }
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
