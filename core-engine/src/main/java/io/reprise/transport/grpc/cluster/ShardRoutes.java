package io.reprise.transport.grpc.cluster;

import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardDirectory;
import java.util.Optional;

/**
 * The routing table of a node: which engine a call about a run goes to, from the run's shard and the
 * {@link ShardDirectory}, and where a call refused as not owner goes next. Pure look-ups: no call is made here.
 */
final class ShardRoutes {

    private final ShardDirectory directory;

    ShardRoutes(ShardDirectory directory) {
        this.directory = directory;
    }

    /** The route of a call about the runs of Workflow Id {@code workflowId} in {@code namespace}. */
    ShardRoute of(String namespace, String workflowId) {
        return ofShard(directory.shardOf(namespace, workflowId));
    }

    /** The route of a call about a run of {@code shard}, as the directory knows it now. */
    ShardRoute ofShard(int shard) {
        if (directory.isLocal(shard)) {
            return new ShardRoute.Local(shard);
        }
        return toOwner(shard, directory.ownerOf(shard));
    }

    /**
     * Where a call goes after {@code refused}: to the owner the refusing node named, if it is this node or one the
     * directory knows as live; otherwise to the owner the directory names (the caller refreshed it first).
     */
    ShardRoute afterWrongGuess(NotOwnerException refused) {
        int shard = refused.shard();
        Optional<String> named = refused.ownerNodeId();
        if (named.isPresent()) {
            if (named.get().equals(directory.localNodeId())) {
                return new ShardRoute.Local(shard);
            }
            Optional<NodeAddress> address = directory.liveNodes().stream()
                    .filter(node -> node.nodeId().equals(named.get())).findFirst();
            if (address.isPresent()) {
                return new ShardRoute.Remote(shard, address.get());
            }
        }
        return ofShard(shard);
    }

    private ShardRoute toOwner(int shard, Optional<NodeAddress> owner) {
        if (owner.isEmpty()) {
            return new ShardRoute.Unowned(shard);
        }
        // A stale directory may name this node for a shard it no longer holds: its engine then refuses the call as
        // not owner, naming the owner it knows.
        return owner.get().nodeId().equals(directory.localNodeId())
                ? new ShardRoute.Local(shard)
                : new ShardRoute.Remote(shard, owner.get());
    }
}
