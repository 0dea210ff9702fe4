package io.reprise.engine;

import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.ShardEpoch;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.NotShardOwnerException;

/**
 * Which runs this engine may act on. An engine that runs alone owns every run ({@link #ALONE}); a cluster node owns
 * the runs of the shards it holds the lease of ({@link ClusterNode}), refuses calls about the others before it
 * touches the store, and fences each transition with the lease of its run's shard.
 */
interface ShardOwnership {

    /** Whether this engine owns the runs of {@code workflowId} now. */
    boolean owns(String namespace, String workflowId);

    /**
     * Refuses a call about the runs of {@code workflowId} unless this engine owns them now.
     *
     * @throws NotOwnerException naming the run's shard and its owner as far as known
     */
    void requireOwned(String namespace, String workflowId);

    /**
     * The fence of a transition of run {@code key}: the lease of its shard; {@code null} for an engine that runs
     * alone.
     *
     * @throws NotOwnerException when this node does not own the run's shard (any more)
     */
    ShardEpoch fence(ExecutionKey key);

    /** The refusal to answer a transition the store fenced off: another node owns the run's shard now. */
    NotOwnerException fencedOff(ExecutionKey key, NotShardOwnerException e);

    /** An engine that runs alone: it owns every run and fences nothing. */
    ShardOwnership ALONE = new ShardOwnership() {
        @Override
        public boolean owns(String namespace, String workflowId) {
            return true;
        }

        @Override
        public void requireOwned(String namespace, String workflowId) {
        }

        @Override
        public ShardEpoch fence(ExecutionKey key) {
            return null;
        }

        @Override
        public NotOwnerException fencedOff(ExecutionKey key, NotShardOwnerException e) {
            // never fenced: only a cluster node's transitions carry a fence
            return new NotOwnerException(e.lease().shard(), e.currentOwner(), e.getMessage());
        }
    };
}
