package io.reprise.engine.store;

import io.reprise.engine.cluster.ShardEpoch;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The fencing check of the PostgreSQL writer: in the transaction that writes a batch, before its statements, it
 * reads the lease rows of the shards the batch's fenced transitions name ({@link Transition#fence()}) with
 * {@code FOR SHARE}, and refuses each transition whose shard is no longer at its epoch.
 *
 * <p>Why this is enough: a node acquires or releases a shard by updating its lease row, which takes the row lock
 * {@code FOR NO KEY UPDATE}, and {@code FOR SHARE} excludes it. If that update committed first, the check reads the
 * new epoch (in READ COMMITTED, a row being updated is waited for and re-read before it is locked) and the transition
 * is refused; if the check locked the row first, the update waits until this batch committed. Either way, no write
 * of an old owner lands after a new owner acquired the shard. ({@code FOR KEY SHARE} would not do: it lets the
 * update through.) A renewal updates the row too, so it waits for the batches in flight on the shard, a few
 * milliseconds.
 *
 * <p>A batch without fenced transitions (a node that runs alone) costs nothing: no statement is sent.
 */
final class ShardFencing {

    private static final String LEASES = "SELECT shard, epoch, owner FROM shard_leases WHERE shard = ANY (?)"
            + " ORDER BY shard FOR SHARE";

    private record Lease(long epoch, String owner) {}

    private ShardFencing() {}

    /**
     * Checks the fenced transitions of {@code batch} on {@code connection}, in its open transaction, and keeps the
     * lease rows they name locked until it ends.
     *
     * @param failures set, for each refused transition, to a {@link NotShardOwnerException}
     * @return the positions in {@code batch} of the transitions to write, in order
     */
    static List<Integer> admit(Connection connection, List<Transition> batch, RuntimeException[] failures,
            String storeDescription) throws SQLException {
        TreeSet<Integer> shards = new TreeSet<>();
        for (Transition t : batch) {
            if (t.fence() != null) {
                shards.add(t.fence().shard());
            }
        }
        List<Integer> admitted = new ArrayList<>(batch.size());
        if (shards.isEmpty()) {
            for (int i = 0; i < batch.size(); i++) {
                admitted.add(i);
            }
            return admitted;
        }
        Map<Integer, Lease> leases = new HashMap<>();
        Array array = connection.createArrayOf("integer", shards.toArray(Integer[]::new));
        try (PreparedStatement select = connection.prepareStatement(LEASES)) {
            select.setArray(1, array);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    leases.put(rs.getInt(1), new Lease(rs.getLong(2), rs.getString(3)));
                }
            }
        } finally {
            array.free();
        }
        for (int i = 0; i < batch.size(); i++) {
            Transition t = batch.get(i);
            ShardEpoch fence = t.fence();
            Lease lease = fence == null ? null : leases.get(fence.shard());
            if (fence == null || lease != null && lease.epoch == fence.epoch()) {
                admitted.add(i);
            } else {
                failures[i] = lease == null ? new NotShardOwnerException(t, -1, null, storeDescription)
                        : new NotShardOwnerException(t, lease.epoch, lease.owner, storeDescription);
            }
        }
        return admitted;
    }
}
