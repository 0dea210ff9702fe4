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

    @Override
    public <T> T read(Read<T> read) throws SQLException, ClosedException {
        permits.acquireUninterruptibly();
        try {
            ReadSession session = take();
            boolean healthy = false;
            try {
                T result = read.on(session);
                healthy = true;
                return result;
            } finally {
                giveBack(session, healthy);
            }
        } finally {
            permits.release();
        }
    }

    private ReadSession take() throws SQLException, ClosedException {
        synchronized (idle) {
            if (closed) {
                throw new ClosedException();
            }
            ReadSession session = idle.pollFirst();
            if (session != null) {
                return session;
            }
        }
        // Opening may take a while; holding a permit is enough to stay within the limit.
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
