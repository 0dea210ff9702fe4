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
 *
 * <p>The nodes of a cluster (the engine in cluster mode, whose shard leases keep them apart) take the same lock
 * <em>shared</em>: any number of them hold it together, while an engine that runs alone, which takes it exclusive,
 * is refused while any of them holds it, and they are refused while it holds it.
 */
final class PostgresLock {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?, hashtext(?))";
    private static final String UNLOCK = "SELECT pg_advisory_unlock(?, hashtext(?))";
    private static final String TRY_LOCK_SHARED = "SELECT pg_try_advisory_lock_shared(?, hashtext(?))";
    private static final String UNLOCK_SHARED = "SELECT pg_advisory_unlock_shared(?, hashtext(?))";
    // Cluster nodes starting together migrate one after the other: a transaction-level lock of its own key.
    private static final String MIGRATION_LOCK = "SELECT pg_advisory_xact_lock(?, hashtext(? || '/migration'))";

    // Best effort, for the message: who holds the lock.
    private static final String HOLDER = "SELECT a.pid, a.application_name, a.client_addr, l.mode"
            + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = (?::bigint)::oid"
            + " AND l.objid = ((hashtext(?)::bigint) & 4294967295)::oid AND l.objsubid = 2";

    private final String schema;
    private final String storeDescription;
    private final boolean shared;

    /** @param shared taken by a cluster node (shared) rather than an engine that runs alone (exclusive) */
    PostgresLock(String schema, String storeDescription, boolean shared) {
        this.schema = schema;
        this.storeDescription = storeDescription;
        this.shared = shared;
    }

    /** Whether a cluster node holds this lock (shared with the other nodes). */
    boolean shared() {
        return shared;
    }

    /**
     * For a cluster node, before it migrates the schema: waits for the migration of any other node starting at the
     * same moment, until {@code connection}'s transaction ends.
     */
    void lockMigration(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(MIGRATION_LOCK)) {
            lock.setInt(1, PostgresDialect.LOCK_CLASS);
            lock.setString(2, schema);
            lock.executeQuery().close();
        }
    }

    /**
     * Takes the lock on {@code connection} (not in auto-commit mode) and ends the transaction that took it.
     *
     * @throws StoreException with reason {@link StoreException.Reason#LOCKED} when another session holds it
     */
    void acquire(Connection connection) throws SQLException {
        boolean locked;
        try (PreparedStatement lock = connection.prepareStatement(shared ? TRY_LOCK_SHARED : TRY_LOCK)) {
            lock.setInt(1, PostgresDialect.LOCK_CLASS);
            lock.setString(2, schema);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                locked = rs.getBoolean(1);
            }
        }
        Holder holder = locked ? null : holder(connection);
        // A session-level advisory lock outlives the transaction that took it, even rolled back.
        connection.rollback();
        if (!locked && shared) {
            throw new StoreException(StoreException.Reason.LOCKED, storeDescription + " is used by a Reprise engine"
                    + " that runs alone (single-node mode)" + holder.text + ", so this cluster node cannot join: a"
                    + " schema serves either one engine alone or the nodes of a cluster. Stop that engine, or run it"
                    + " in cluster mode too (Engine.Builder.cluster), or give this node another schema"
                    + " (reprise.store.postgres.schema)", null);
        }
        if (!locked && holder.cluster) {
            throw new StoreException(StoreException.Reason.LOCKED, storeDescription + " is used by the nodes of a"
                    + " Reprise cluster" + holder.text + ", so an engine that runs alone (single-node mode) cannot"
                    + " open it: a schema serves either one engine alone or the nodes of a cluster. Run this engine"
                    + " in cluster mode too (Engine.Builder.cluster), or give it a schema of its own"
                    + " (reprise.store.postgres.schema)", null);
        }
        if (!locked) {
            throw new StoreException(StoreException.Reason.LOCKED, storeDescription + " is already used by another"
                    + " Reprise engine" + holder.text + ": one engine per schema, unless every engine on it runs in"
                    + " cluster mode. Stop the other engine, or give this one a schema of its own"
                    + " (reprise.store.postgres.schema)", null);
        }
    }

    /**
     * Gives the lock up on {@code connection}, best effort, before the store closes it. PostgreSQL would release it
     * when the session ends, but that happens after the client closed the connection (a next engine opening the
     * store at once could still find it held), and never for a connection a pool keeps open.
     */
    void release(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement(shared ? UNLOCK_SHARED : UNLOCK)) {
            unlock.setInt(1, PostgresDialect.LOCK_CLASS);
            unlock.setString(2, schema);
            unlock.executeQuery().close();
            connection.rollback();
        } catch (SQLException e) {
            // closing anyway: the session's end releases it
        }
    }

    /** Who holds the lock, for the message: {@code cluster} when it is held shared, by cluster nodes. */
    private record Holder(String text, boolean cluster) {}

    private Holder holder(Connection connection) {
        try (PreparedStatement query = connection.prepareStatement(HOLDER)) {
            query.setInt(1, PostgresDialect.LOCK_CLASS);
            query.setString(2, schema);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    String application = rs.getString(2);
                    String address = rs.getString(3);
                    return new Holder(" (database session pid " + rs.getInt(1)
                            + (application == null || application.isEmpty() ? "" : ", application \"" + application
                                    + "\"")
                            + (address == null ? "" : ", from " + address) + ")", "ShareLock".equals(rs.getString(4)));
                }
            }
        } catch (SQLException e) {
            // only for the message
        }
        return new Holder("", false);
    }
}
