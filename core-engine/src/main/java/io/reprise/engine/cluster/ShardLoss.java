package io.reprise.engine.cluster;

/** Why a node stopped owning a shard ({@link ShardListener#shardLost}). */
public enum ShardLoss {
    /** The node could not confirm a renewal before its lease ended (a slow or unreachable database, a pause). */
    EXPIRED,
    /** A renewal found the lease row at another epoch or owner: another node acquired the shard. */
    REFUSED,
    /** The node gave the shard up: it held more than its fair share, or it is shutting down. */
    RELEASED
}
