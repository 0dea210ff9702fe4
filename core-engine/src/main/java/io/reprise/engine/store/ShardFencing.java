package io.reprise.engine.store;

import io.reprise.engine.cluster.ShardEpoch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The fencing of the PostgreSQL writer: each statement of a fenced transition ({@link Transition#fence()}) writes
 * only if, in its own snapshot, the lease row of the transition's shard is still at the transition's epoch, and it
 * locks that row {@code FOR KEY SHARE} until its transaction ends. So the check costs no statement of its own: a
 * batch of a cluster node sends as many statements as one of a node that runs alone (before, a {@code SELECT … FOR
 * SHARE} of the batch's lease rows preceded every batch, and N nodes making N times smaller batches sent N times as
 * many of them).
 *
 * <p>Why this is enough: a node acquires a shard by locking its lease row {@code FOR UPDATE} ({@code SKIP LOCKED})
 * and updating it to the next epoch ({@code ShardLeaseTable}), and {@code FOR UPDATE} conflicts with
 * {@code FOR KEY SHARE}. If the acquisition committed first, the statement reads the new epoch (in READ COMMITTED, a
 * row locked by another transaction is waited for and re-read before it is locked) and writes nothing; if the
 * statement locked the row first, the acquisition skips the shard until the batch committed or rolled back, and
 * takes it in a later round. Either way, no write of an old owner lands after a new owner acquired the shard.
 *
 * <p>A renewal or a release updates only columns that no key covers, which takes the weaker {@code FOR NO KEY
 * UPDATE} lock: it does not wait for the batches in flight, and the key-share locks of those batches carry over to
 * the row's new version, so an acquisition after a release still waits for them. A release moves the epoch on, so
 * every later statement of the old owner is refused.
 *
 * <p>The locks are taken in the order of the batch's statements; only an acquisition ever waits for them, and it
 * never waits (it skips locked rows), so no deadlock can form. A transition that is not fenced (a node that runs
 * alone) is written by statements without the clause, at no cost.
 */
final class ShardFencing {

    /** The condition a fenced statement adds to its {@code WHERE}: two parameters, the shard and the epoch. */
    static final String CLAUSE = "EXISTS (SELECT 1 FROM shard_leases WHERE shard = ? AND epoch = ? FOR KEY SHARE)";

    private static final String LEASE = "SELECT epoch, owner FROM shard_leases WHERE shard = ?";

    private ShardFencing() {}

    /** Binds {@link #CLAUSE}'s parameters from {@code index}; returns the index after them. */
    static int bind(PreparedStatement statement, int index, ShardEpoch fence) throws SQLException {
        statement.setInt(index, fence.shard());
        statement.setLong(index + 1, fence.epoch());
        return index + 2;
    }

    /**
     * After a statement of the fenced transition {@code t} wrote nothing: the refusal when its shard is no
     * longer at the fence's epoch, or {@code null} when it is (the statement wrote nothing for another reason). Read
     * in the batch's transaction; epochs only grow, so a lease read at the fence's epoch now was at it when the
     * statement ran.
     */
    static NotShardOwnerException refusal(Connection connection, Transition t, String storeDescription)
            throws SQLException {
        ShardEpoch fence = t.fence();
        try (PreparedStatement select = connection.prepareStatement(LEASE)) {
            select.setInt(1, fence.shard());
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return new NotShardOwnerException(t, -1, null, storeDescription);
                }
                long epoch = rs.getLong(1);
                return epoch == fence.epoch() ? null
                        : new NotShardOwnerException(t, epoch, rs.getString(2), storeDescription);
            }
        }
    }
}
