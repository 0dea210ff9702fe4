package io.reprise.transport.grpc.cluster;

import io.reprise.engine.cluster.NodeAddress;
import java.util.Objects;

/**
 * Where a call about a run goes: to this node's engine, to the engine of another node (at its internal gRPC
 * address), or nowhere for now, while the run's shard has no owner (it is moving between nodes).
 */
sealed interface ShardRoute {

    /** The shard of the run the call is about. */
    int shard();

    /** This node owns the shard: the call goes to its own engine. */
    record Local(int shard) implements ShardRoute {
    }

    /** Another node owns the shard: the call goes to that node's internal gRPC service. */
    record Remote(int shard, NodeAddress owner) implements ShardRoute {
        public Remote {
            Objects.requireNonNull(owner, "owner");
        }
    }

    /** No node owns the shard as far as this node knows. */
    record Unowned(int shard) implements ShardRoute {
    }
}
