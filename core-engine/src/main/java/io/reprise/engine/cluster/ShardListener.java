package io.reprise.engine.cluster;

import java.util.Set;

/**
 * Hears which shards a {@link ShardLeaseManager} owns. Calls come one at a time, in the order the changes
 * happened, on a thread of the manager's own (never the renewal thread, so a slow listener delays no renewal).
 * A call may come after the fact: what a node owns at a moment is {@link ShardLeaseManager#ownership(int)}.
 */
public interface ShardListener {

    /** The node acquired {@code lease.shard()} at {@code lease.epoch()}: it may recover and serve the shard's runs. */
    void shardAcquired(ShardEpoch lease);

    /**
     * The node no longer owns {@code lease.shard()}: it must stop acting on the shard's runs. Its writes fenced with
     * {@code lease} fail from now on if another node acquired the shard.
     */
    void shardLost(ShardEpoch lease, ShardLoss reason);

    /**
     * The owners read from the lease table show {@code shards} at an epoch they did not have at the previous
     * reading: each moved to another node (or to this one), so whatever its last owner was about to tell this node
     * from memory when it stopped (a child's close, say) may never come. Called after the moves committed, so
     * everything the last owners wrote for those shards can be read. Not called for the node's first reading.
     */
    default void shardsMoved(Set<Integer> shards) {
    }

    /** A listener that does nothing. */
    ShardListener NONE = new ShardListener() {
        @Override
        public void shardAcquired(ShardEpoch lease) {
        }

        @Override
        public void shardLost(ShardEpoch lease, ShardLoss reason) {
        }
    };
}
