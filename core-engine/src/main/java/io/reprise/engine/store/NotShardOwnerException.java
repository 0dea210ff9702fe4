package io.reprise.engine.store;

import io.reprise.engine.cluster.ShardEpoch;

/**
 * A transition fenced by a shard lease was refused: the shard is no longer at the lease's epoch, so another node
 * acquired it (or this node released it) and this node must not write the shard's runs. Nothing of the transition
 * was written. Reason {@link StoreException.Reason#NOT_SHARD_OWNER}; the engine answers it as {@code UNAVAILABLE}.
 */
public final class NotShardOwnerException extends StoreException {

    private final ShardEpoch lease;
    private final long currentEpoch;
    private final String currentOwner;

    /**
     * @param currentEpoch the shard's epoch in the store, or -1 when the store has no such shard
     * @param currentOwner the node that owns the shard now, or {@code null} for none
     */
    NotShardOwnerException(Transition transition, long currentEpoch, String currentOwner, String storeDescription) {
        super(Reason.NOT_SHARD_OWNER, message(transition, currentEpoch, currentOwner, storeDescription), null);
        this.lease = transition.fence();
        this.currentEpoch = currentEpoch;
        this.currentOwner = currentOwner;
    }

    private static String message(Transition t, long currentEpoch, String currentOwner, String storeDescription) {
        ShardEpoch lease = t.fence();
        String where = "the transition of " + t.row().key() + " to version " + t.row().version() + " in "
                + storeDescription;
        if (currentEpoch < 0) {
            return "Not owner of shard " + lease.shard() + ": " + where + " was fenced with " + lease + ", but the"
                    + " store has no shard " + lease.shard() + " (its shard count is smaller, or no cluster node"
                    + " created the shards yet); nothing was written";
        }
        return "Not owner of shard " + lease.shard() + ": " + where + " was fenced with epoch " + lease.epoch()
                + ", but the shard is at epoch " + currentEpoch + (currentOwner == null ? " with no owner"
                : ", owned by node \"" + currentOwner + "\"") + ". This node lost the shard, so nothing of the"
                + " transition was written; the call must go to the shard's owner";
    }

    /** The lease the transition was fenced with. */
    public ShardEpoch lease() {
        return lease;
    }

    /** The shard's epoch in the store when the transition was refused; -1 when the store has no such shard. */
    public long currentEpoch() {
        return currentEpoch;
    }

    /** The node that owned the shard when the transition was refused, or {@code null} for none. */
    public String currentOwner() {
        return currentOwner;
    }
}
