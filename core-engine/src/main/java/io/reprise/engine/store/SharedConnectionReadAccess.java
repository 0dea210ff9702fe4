package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.Lock;

/**
 * Reads on the writer's own connection, for a database with a single connection (SQLite
 * in-memory). {@code connectionLock} is the lock the writer holds for a whole batch, so a read
 * never sees a batch half-written.
 */
final class SharedConnectionReadAccess implements ReadAccess {

    private final Lock connectionLock;
    private final ReadSession session;
    private boolean closed;

    SharedConnectionReadAccess(Connection connection, Lock connectionLock) {
        this.connectionLock = connectionLock;
        this.session = new ReadSession(connection, false);
    }

    @Override
    public <T> T read(Read<T> read) throws SQLException, ClosedException {
        connectionLock.lock();
        try {
            if (closed) {
                throw new ClosedException();
            }
            return read.on(session);
        } finally {
            connectionLock.unlock();
        }
    }

    @Override
    public void close() {
        connectionLock.lock();
        try {
            if (!closed) {
                closed = true;
                session.close(); // its statements; the writer closes the connection
            }
        } finally {
            connectionLock.unlock();
        }
    }
}
