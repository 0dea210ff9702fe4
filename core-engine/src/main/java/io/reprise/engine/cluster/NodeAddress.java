package io.reprise.engine.cluster;

import java.util.Objects;

/**
 * A cluster node: its id in the lease table and the {@code host:port} of its internal gRPC service, where the other
 * nodes send the calls about the runs of its shards.
 */
public record NodeAddress(String nodeId, String target) {

    public NodeAddress {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(target, "target");
    }
}
