package io.reprise.engine.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Which node serves the runs of each shard: this node, another node (reached at its internal gRPC address), or, for
 * a moment after a node died, none. A node's {@code ShardLeaseManager} knows this node's leases exactly and the
 * others' owners as last read from the lease table, so {@link #ownerOf(int)} may be stale: a call sent to a node
 * that no longer owns the shard is refused there as not owner, and the caller {@linkplain #refresh() reads the
 * owners again} and retries once.
 */
public interface ShardDirectory {

    /** This node's id, as in the lease table. */
    String localNodeId();

    /** The number of shards, fixed when the first node created them. */
    int shardCount();

    /** The shard of every run of one Workflow Id ({@link ShardHash}). */
    default int shardOf(String namespace, String workflowId) {
        return ShardHash.shardOf(namespace, workflowId, shardCount());
    }

    /** True while this node owns {@code shard}: it holds its lease and the lease's local deadline has not passed. */
    boolean isLocal(int shard);

    /** The node that owned {@code shard} when the owners were last read, or empty when none did. */
    Optional<NodeAddress> ownerOf(int shard);

    /** Reads the owners of the shards again, after a call found that a node did not own what it was thought to. */
    void refresh();

    /** The nodes whose heartbeat was live when the owners were last read, this one included. */
    List<NodeAddress> liveNodes();
}
