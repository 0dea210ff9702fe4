package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Semaphore;

/**
 * Read sessions on connections of their own, opened on demand up to a limit and kept for reuse.
 * For a database that lets readers run while a writer writes (SQLite in WAL mode, PostgreSQL).
 */
final class PooledReadAccess implements ReadAccess {

    /** Opens a new connection ready for reads. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final ConnectionOpener opener;
    private final Semaphore permits;
    private final Deque<ReadSession> idle = new ArrayDeque<>();
    private boolean closed;

    PooledReadAccess(int maxConnections, ConnectionOpener opener) {
        this.opener = opener;
        this.permits = new Semaphore(maxConnections);
    }

    /**
     * Runs {@code read} on an idle session, or a new one. A read that fails on a session kept from
     * earlier is run once more on a new connection: the server may have dropped the kept one while it
     * was idle (PostgreSQL restarted, an idle timeout), and reads are safe to repeat.
     */
    @Override
    public <T> T read(Read<T> read) throws SQLException, ClosedException {
        permits.acquireUninterruptibly();
        try {
            ReadSession kept = takeIdle();
            if (kept != null) {
                try {
                    return readOn(kept, read);
                } catch (SQLException staleConnection) {
                    try {
                        return readOn(open(), read);
                    } catch (SQLException | RuntimeException again) {
                        again.addSuppressed(staleConnection);
                        throw again;
                    }
                }
            }
            return readOn(open(), read);
        } finally {
            permits.release();
        }
    }

    private <T> T readOn(ReadSession session, Read<T> read) throws SQLException {
        boolean healthy = false;
        try {
            T result = read.on(session);
            healthy = true;
            return result;
        } finally {
            giveBack(session, healthy);
        }
    }

    /** An idle session, or {@code null} when there is none. */
    private ReadSession takeIdle() throws ClosedException {
        synchronized (idle) {
            if (closed) {
                throw new ClosedException();
            }
            return idle.pollFirst();
        }
    }

    /** A session on a new connection; opening may take a while, and holding a permit keeps the limit. */
    private ReadSession open() throws SQLException {
        return new ReadSession(opener.open(), true);
    }

    /** Keeps the session for the next read, unless it failed (it may be broken) or we closed. */
    private void giveBack(ReadSession session, boolean healthy) {
        synchronized (idle) {
            if (healthy && !closed) {
                idle.addFirst(session);
                return;
            }
        }
        session.close();
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
            idle.forEach(ReadSession::close);
            idle.clear();
        }
    }
}
