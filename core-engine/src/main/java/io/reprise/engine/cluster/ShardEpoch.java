package io.reprise.engine.cluster;

/**
 * A node's ownership of a shard: the shard and the epoch at which the node acquired it. It is the fencing token
 * of a write: a transition carrying it ({@code Transition.fencedBy}) commits on PostgreSQL only while the shard's
 * lease row still has this epoch, that is while no other node acquired the shard since (and this node did not
 * release it).
 *
 * @param shard the shard, from 0 to the shard count minus one
 * @param epoch the lease row's epoch when this node acquired it; at least 1
 */
public record ShardEpoch(int shard, long epoch) {

    public ShardEpoch {
        if (shard < 0) {
            throw new IllegalArgumentException("shard must be 0 or more, got " + shard);
        }
        if (epoch < 1) {
            throw new IllegalArgumentException("epoch must be 1 or more (an acquired shard's epoch), got " + epoch);
        }
    }

    @Override
    public String toString() {
        return "shard " + shard + " at epoch " + epoch;
    }
}
