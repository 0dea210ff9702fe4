package io.reprise.engine.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statements of {@link ShardLeaseManager} on the tables {@code shard_leases} and {@code cluster_nodes} of one
 * schema (created by the PostgreSQL store's migration 6). Every time is the database's {@code now()}, so the nodes'
 * clocks need not agree; each statement runs on its own (auto-commit) and is one round trip.
 */
final class ShardLeaseTable {

    private final String schema;
    private final String leases;
    private final String nodes;
    private final String executions;
    private final long leaseMillis;

    ShardLeaseTable(String schema, long leaseMillis) {
        this.schema = schema;
        String quoted = "\"" + schema.replace("\"", "\"\"") + "\"";
        this.leases = quoted + ".shard_leases";
        this.nodes = quoted + ".cluster_nodes";
        this.executions = quoted + ".executions";
        this.leaseMillis = leaseMillis;
    }

    /**
     * Creates the {@code shardCount} lease rows if the schema has none yet, or checks that it has that many; under a
     * table lock, so that two nodes starting together cannot both create them.
     *
     * @throws IllegalStateException when the schema has another number of shards, or no lease table
     */
    void ensureShards(Connection connection, int shardCount) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            try {
                statement.execute("LOCK TABLE " + leases + " IN SHARE ROW EXCLUSIVE MODE");
            } catch (SQLException e) {
                if ("42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())) {
                    throw new IllegalStateException("Schema \"" + schema + "\" has no table shard_leases: it is not"
                            + " a Reprise PostgreSQL store of schema version 6 or later. Open the PostgreSQL store on"
                            + " it first (with reprise.store.postgres.migrate=true it migrates the schema), or run the"
                            + " migration io/reprise/engine/store/schema/postgres/V6.sql", e);
                }
                throw e;
            }
            int existing;
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + leases)) {
                rs.next();
                existing = rs.getInt(1);
            }
            if (existing == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + leases
                        + " (shard, owner, epoch, lease_until) SELECT g, NULL, 0, NULL FROM generate_series(0, ?) g")) {
                    insert.setInt(1, shardCount - 1);
                    insert.executeUpdate();
                }
            } else if (existing != shardCount) {
                throw new IllegalStateException("Schema \"" + schema + "\" has " + existing + " shards, fixed when its"
                        + " first cluster node started, but this node is configured with " + shardCount
                        + " (reprise.cluster.shard-count): the shard count of a schema cannot change, since every run's"
                        + " shard depends on it. Set it to " + existing + " or leave it unset on every node");
            }
            // Runs written before (by an engine that ran alone, or before schema 7) get their shard now.
            try {
                ShardColumn.fill(connection, executions, shardCount);
            } catch (SQLException e) {
                if ("42703".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                    throw new IllegalStateException("Schema \"" + schema + "\" has no column executions.shard: it is"
                            + " not a Reprise PostgreSQL store of schema version 7 or later. Open the PostgreSQL store"
                            + " on it first (with reprise.store.postgres.migrate=true it migrates the schema), or run"
                            + " the migration io/reprise/engine/store/schema/postgres/V7.sql", e);
                }
                throw e;
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /**
     * Records that {@code nodeId} is alive for one more lease, at {@code address} ({@code null}: none advertised),
     * and forgets nodes whose heartbeat ran out.
     */
    void heartbeat(Connection connection, String nodeId, String address) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + nodes
                + " (node_id, joined_at, heartbeat_until, address)"
                + " VALUES (?, now(), now() + ? * interval '1 millisecond', ?)"
                + " ON CONFLICT (node_id) DO UPDATE SET heartbeat_until = EXCLUDED.heartbeat_until,"
                + " address = EXCLUDED.address")) {
            upsert.setString(1, nodeId);
            upsert.setLong(2, leaseMillis);
            upsert.setString(3, address);
            upsert.executeUpdate();
        }
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + nodes + " WHERE heartbeat_until <= now()");
        }
    }

    /** The number of nodes whose heartbeat has not run out, this one included once it has sent one. */
    int liveNodes(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + nodes
                        + " WHERE heartbeat_until > now()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The owners of the shards whose lease has not ended (with the epoch of each lease), and the live nodes with
     * their addresses.
     */
    record Owners(Map<Integer, String> ownerByShard, Map<Integer, Long> epochByShard,
            Map<String, String> addressByNode) {
        static final Owners NONE = new Owners(Map.of(), Map.of(), Map.of());
    }

    /** Reads {@link Owners}: the lease rows with an owner and a lease not ended, and the live nodes. */
    Owners owners(Connection connection) throws SQLException {
        Map<Integer, String> owners = new HashMap<>();
        Map<Integer, Long> epochs = new HashMap<>();
        Map<String, String> addresses = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("SELECT shard, owner, epoch FROM " + leases
                    + " WHERE owner IS NOT NULL AND lease_until > now()")) {
                while (rs.next()) {
                    owners.put(rs.getInt(1), rs.getString(2));
                    epochs.put(rs.getInt(1), rs.getLong(3));
                }
            }
            try (ResultSet rs = statement.executeQuery("SELECT node_id, address FROM " + nodes
                    + " WHERE heartbeat_until > now()")) {
                while (rs.next()) {
                    addresses.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return new Owners(owners, epochs, addresses);
    }

    /** Removes the node's heartbeat row: it left. */
    void leave(Connection connection, String nodeId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + nodes + " WHERE node_id = ?")) {
            delete.setString(1, nodeId);
            delete.executeUpdate();
        }
    }

    /**
     * Extends the leases {@code held} by {@code nodeId} to one lease from now, each only while its row still has
     * that owner and epoch. It updates no key column, so it does not wait for the node's writes in flight.
     *
     * @return the shards renewed
     */
    Set<Integer> renew(Connection connection, String nodeId, List<ShardEpoch> held) throws SQLException {
        return updateHeld(connection, "UPDATE " + leases + " s SET lease_until = now() + ? * interval '1 millisecond'"
                + " FROM unnest(?::integer[], ?::bigint[]) AS h(shard, epoch)"
                + " WHERE s.shard = h.shard AND s.epoch = h.epoch AND s.owner = ? RETURNING s.shard", nodeId, held,
                true);
    }

    /**
     * Gives up the leases {@code held} by {@code nodeId}: no owner, the epoch one up (so a write fenced with the old
     * epoch fails even before another node acquires the shard).
     *
     * @return the shards released
     */
    Set<Integer> release(Connection connection, String nodeId, List<ShardEpoch> held) throws SQLException {
        return updateHeld(connection, "UPDATE " + leases + " s SET owner = NULL, lease_until = NULL,"
                + " epoch = s.epoch + 1 FROM unnest(?::integer[], ?::bigint[]) AS h(shard, epoch)"
                + " WHERE s.shard = h.shard AND s.epoch = h.epoch AND s.owner = ? RETURNING s.shard", nodeId, held,
                false);
    }

    private Set<Integer> updateHeld(Connection connection, String sql, String nodeId, List<ShardEpoch> held,
            boolean withLease) throws SQLException {
        Set<Integer> updated = new HashSet<>();
        if (held.isEmpty()) {
            return updated;
        }
        Integer[] shards = new Integer[held.size()];
        Long[] epochs = new Long[held.size()];
        for (int i = 0; i < held.size(); i++) {
            shards[i] = held.get(i).shard();
            epochs[i] = held.get(i).epoch();
        }
        Array shardArray = connection.createArrayOf("integer", shards);
        Array epochArray = connection.createArrayOf("bigint", epochs);
        try (PreparedStatement update = connection.prepareStatement(sql)) {
            int i = 1;
            if (withLease) {
                update.setLong(i++, leaseMillis);
            }
            update.setArray(i++, shardArray);
            update.setArray(i++, epochArray);
            update.setString(i, nodeId);
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    updated.add(rs.getInt(1));
                }
            }
        } finally {
            shardArray.free();
            epochArray.free();
        }
        return updated;
    }

    /**
     * Acquires up to {@code limit} shards that no node owns or whose lease ran out, lowest first, each at its epoch
     * plus one. Rows another node is acquiring at the same moment are skipped, not waited for; so are rows a write
     * of the shard's last owner still holds {@code FOR KEY SHARE} (the store's fencing, {@code ShardFencing}): the
     * {@code FOR UPDATE} lock taken here is what keeps an old owner's write from landing after the acquisition, and
     * must stay at least that strong.
     *
     * @return the shards acquired, with their new epochs
     */
    List<ShardEpoch> acquire(Connection connection, String nodeId, int limit) throws SQLException {
        List<ShardEpoch> acquired = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + leases + " s SET owner = ?,"
                + " epoch = s.epoch + 1, lease_until = now() + ? * interval '1 millisecond'"
                + " WHERE s.shard IN (SELECT shard FROM " + leases + " WHERE owner IS NULL OR lease_until <= now()"
                + " ORDER BY shard LIMIT ? FOR UPDATE SKIP LOCKED)"
                + " AND (s.owner IS NULL OR s.lease_until <= now()) RETURNING s.shard, s.epoch")) {
            update.setString(1, nodeId);
            update.setLong(2, leaseMillis);
            update.setInt(3, limit);
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    acquired.add(new ShardEpoch(rs.getInt(1), rs.getLong(2)));
                }
            }
        }
        return acquired;
    }
}
