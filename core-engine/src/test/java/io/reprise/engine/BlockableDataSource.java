package io.reprise.engine;

import io.reprise.engine.store.PostgresTestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The test database, whose {@link #getConnection()} can be made to wait: a cluster node's lease manager on it stops
 * renewing (its round waits for a connection) while the rest of the node goes on, as in a partition.
 */
final class BlockableDataSource implements DataSource {

    private final DataSource database = PostgresTestDatabase.dataSource();
    private volatile CountDownLatch blocked; // null: not blocked

    /** From now on, {@link #getConnection()} waits until {@link #unblock()}. */
    void block() {
        blocked = new CountDownLatch(1);
    }

    void unblock() {
        CountDownLatch latch = blocked;
        blocked = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        CountDownLatch latch = blocked;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while blocked", e);
            }
        }
        return database.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
