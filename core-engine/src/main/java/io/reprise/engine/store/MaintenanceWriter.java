package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the store's administrative writes (namespace registrations, retention deletes) each in a
 * transaction of its own, beside the group committer, which handles only run transitions.
 *
 * <p>On a file database it has a connection of its own in auto-commit mode and opens each
 * transaction with {@code BEGIN IMMEDIATE}: it takes SQLite's write lock first (waiting up to
 * the busy timeout while a batch is written), so a read inside the transaction can never be
 * overtaken by a commit of the writer. On an in-memory database it borrows the one connection
 * under the lock the writer holds for its batches. On PostgreSQL it has a connection of its own too, and
 * a plain {@code BEGIN}: one engine writes the schema, and its transitions never touch what these
 * statements write (namespaces, closed runs).
 */
final class MaintenanceWriter implements AutoCloseable {

    /** One transaction's work. */
    @FunctionalInterface
    interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final Lock lock;
    private final BatchWriter.ConnectionOpener opener;
    private final String begin;
    /** Guarded by {@link #lock}. */
    private Connection connection;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private MaintenanceWriter(Lock lock, BatchWriter.ConnectionOpener opener, String begin, Connection shared) {
        this.lock = lock;
        this.opener = opener;
        this.begin = begin;
        this.connection = shared;
    }

    /**
     * A writer with its own connection, opened on first use.
     *
     * @param opener opens a connection in auto-commit mode
     * @param begin the statement that begins a write transaction ({@code BEGIN IMMEDIATE} on SQLite)
     */
    static MaintenanceWriter ownConnection(BatchWriter.ConnectionOpener opener, String begin) {
        return new MaintenanceWriter(new ReentrantLock(), opener, begin, null);
    }

    /** A writer on the single connection of an in-memory database (not in auto-commit mode). */
    static MaintenanceWriter sharedConnection(Connection connection, Lock connectionLock) {
        return new MaintenanceWriter(connectionLock, null, null, connection);
    }

    /**
     * Runs {@code work} in one transaction and commits it; on failure rolls it back and rethrows.
     *
     * @throws ReadAccess.ClosedException when the store is closed
     */
    <T> T write(Work<T> work) throws SQLException, ReadAccess.ClosedException {
        lock.lock();
        try {
            if (closed) {
                throw new ReadAccess.ClosedException();
            }
            return opener == null ? onShared(work) : onOwn(work);
        } finally {
            lock.unlock();
        }
    }

    private <T> T onShared(Work<T> work) throws SQLException {
        try {
            T result = work.on(connection);
            connection.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.rollback();
            } catch (SQLException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
    }

    private <T> T onOwn(Work<T> work) throws SQLException {
        try (Statement statement = begin()) {
            try {
                T result = work.on(connection);
                statement.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    // The connection's state is unknown: the next call opens a new one.
                    e.addSuppressed(rollbackFailure);
                    closeOwnConnection();
                }
                throw e;
            }
        }
    }

    /**
     * Begins a transaction on its own connection, opened if there is none. A kept connection that fails to begin one
     * and is closed by then died while idle (PostgreSQL restarted, or ended the session: {@code pg_terminate_backend},
     * an idle timeout): nothing was written, so it is replaced and the transaction begun once more on the new one.
     * Kept, a dead connection would fail every later write.
     */
    private Statement begin() throws SQLException {
        boolean kept = connection != null;
        if (!kept) {
            connection = opener.open();
        }
        try {
            return beginOn(connection);
        } catch (SQLException e) {
            if (!kept || !connection.isClosed()) {
                throw e; // e.g. SQLite busy: the connection is fine, the next call tries it again
            }
            closeOwnConnection();
            connection = opener.open();
            try {
                return beginOn(connection);
            } catch (SQLException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    private Statement beginOn(Connection connection) throws SQLException {
        Statement statement = connection.createStatement();
        try {
            statement.execute(begin);
            return statement;
        } catch (SQLException e) {
            try {
                statement.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Closes its own connection (a shared one is the batch writer's to close). Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            if (opener != null) {
                closeOwnConnection();
            }
        } finally {
            lock.unlock();
        }
    }

    private void closeOwnConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
            connection = null;
        }
    }
}
