package io.reprise.engine.store;

import java.sql.SQLException;

/**
 * How readers get a {@link ReadSession}: a pool of their own connections (a file database, where
 * WAL lets them read while the writer writes) or the writer's one connection, taken in turn
 * with the writer (an in-memory database).
 */
interface ReadAccess extends AutoCloseable {

    /** A read on one session. */
    @FunctionalInterface
    interface Read<T> {
        T on(ReadSession session) throws SQLException;
    }

    /**
     * Runs {@code read} on a session no other caller uses meanwhile.
     *
     * @throws ClosedException when the store is closed
     */
    <T> T read(Read<T> read) throws SQLException, ClosedException;

    /** Closes every session; later reads throw {@link ClosedException}. Idempotent. */
    @Override
    void close();

    /** Thrown by {@link #read} once the access is closed. */
    final class ClosedException extends Exception {
        private static final long serialVersionUID = 1L;

        ClosedException() {
            super("closed", null, false, false);
        }
    }
}
