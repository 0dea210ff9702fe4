package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One engine per schema: a session-level advisory lock on a key derived from the schema's name, taken by
 * the writer's connection (and again by each replacement of it). PostgreSQL releases it when that
 * session ends, so a killed engine leaves nothing behind; a second engine on the schema gets
 * {@link StoreException.Reason#LOCKED} when it opens the store, instead of writing beside the first.
 */
final class PostgresLock {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, hashtext(?))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?, hashtext(?))";

    // Best effort, for the message: who holds the lock.
    private static final String HOLDER = "SELECT a.pid, a.application_name, a.client_addr"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = (?::bigint)::oid"
            + " AND l.objid = ((hashtext(?)::bigint) & 4294967295)::oid AND l.objsubid = 2";

    private final String schema;
    private final String storeDescription;

    PostgresLock(String schema, String storeDescription) {
        this.schema = schema;
        this.storeDescription = storeDescription;
    }

    /**
     * Takes the lock on {@code connection} (not in auto-commit mode) and ends the transaction that took it.
     *
     * @throws StoreException with reason {@link StoreException.Reason#LOCKED} when another session holds it
     */
    void acquire(Connection connection) throws SQLException {
        boolean locked;
        try (PreparedStatement lock = connection.prepareStatement(TRY_LOCK)) {
            lock.setInt(1, PostgresDialect.LOCK_CLASS);
            lock.setString(2, schema);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                locked = rs.getBoolean(1);
            }
        }
        String holder = locked ? null : holder(connection);
        // A session-level advisory lock outlives the transaction that took it, even rolled back.
        connection.rollback();
        if (!locked) {
            throw new StoreException(StoreException.Reason.LOCKED, storeDescription + " is already used by another"
                    + " Reprise engine" + holder + ": one engine per schema (several nodes on one schema come in a"
                    + " later release). Stop the other engine, or give this one a schema of its own"
                    + " (reprise.store.postgres.schema)", null);
        }
    }

    /**
     * Gives the lock up on {@code connection}, best effort, before the store closes it. PostgreSQL would release it
     * when the session ends, but that happens after the client closed the connection (a next engine opening the
     * store at once could still find it held), and never for a connection a pool keeps open.
     */
    void release(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement(UNLOCK)) {
            unlock.setInt(1, PostgresDialect.LOCK_CLASS);
            unlock.setString(2, schema);
            unlock.executeQuery().close();
            connection.rollback();
        } catch (SQLException e) {
            // closing anyway: the session's end releases it
        }
    }

    private String holder(Connection connection) {
        try (PreparedStatement query = connection.prepareStatement(HOLDER)) {
            query.setInt(1, PostgresDialect.LOCK_CLASS);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    String application = rs.getString(2);
                    String address = rs.getString(3);
                    return " (database session pid " + rs.getInt(1)
                            + (application == null || application.isEmpty() ? "" : ", application \"" + application
                                    + "\"")
                            + (address == null ? "" : ", from " + address) + ")";
                }
            }
        } catch (SQLException e) {
            // only for the message
        }
        return "";
    }
}
