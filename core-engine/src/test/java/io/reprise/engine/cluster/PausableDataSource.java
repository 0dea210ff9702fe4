package io.reprise.engine.cluster;

import io.reprise.engine.store.PostgresTestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The test database, with a switch that makes {@link #getConnection()} wait: a node whose lease rounds use it stops
 * renewing, as a paused process or a partitioned one does, while its other threads (the expiry check) go on.
 */
public final class PausableDataSource implements DataSource {

    private final DataSource database = PostgresTestDatabase.dataSource();
    private volatile CountDownLatch paused; // null: not paused

    /** From now on, {@link #getConnection()} waits until {@link #resume()}. */
    public void pause() {
        paused = new CountDownLatch(1);
    }

    public void resume() {
        CountDownLatch latch = paused;
        paused = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        CountDownLatch latch = paused;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("interrupted while paused", e);
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
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
