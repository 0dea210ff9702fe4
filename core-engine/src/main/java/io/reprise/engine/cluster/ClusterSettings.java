package io.reprise.engine.cluster;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a node takes part in a cluster of engine nodes on one PostgreSQL schema. Immutable; start from
 * {@link #defaults()} or {@link #builder()}. The engine in cluster mode takes them
 * ({@code Engine.Builder.cluster}) for its {@link ShardLeaseManager}; the Spring Boot starter sets them from
 * {@code reprise.cluster.*}.
 *
 * @param nodeId this node's name in the lease rows; unique among the nodes on the schema; default generated, unique
 *     per process ({@link #generatedNodeId()}); at most 200 characters
 * @param shardCount the number of shards the runs are spread over; fixed for a schema when its first node starts (a
 *     node configured with another count is refused); default 64: enough for a fair spread over up to about 16
 *     nodes (at 3 nodes, 22/21/21 shards, within 5% of an equal share) while a node renews all its leases in one
 *     statement and a fenced write batch locks at most one row per shard it touches; at most 4096
 * @param leaseDuration how long a lease lasts after each renewal, on the database's clock: a dead node's shards
 *     move on about this long after its last renewal; default 6 s, so that a dead node's shards are owned by
 *     others within 4 to 8 s (the lease, give or take a renewal interval), within issue 12's 10 s
 * @param renewalInterval how often a node renews its leases, heartbeats and rebalances; at most half the lease, so
 *     one failed renewal loses no shard; default 2 s
 * @param advertisedAddress the {@code host:port} at which the other nodes reach this node's internal gRPC service,
 *     written with its heartbeat so that they can send it the calls about its shards' runs
 *     ({@link ShardDirectory#ownerOf}); default {@code null}: none advertised, and calls are not routed to this node
 */
public record ClusterSettings(String nodeId, int shardCount, Duration leaseDuration, Duration renewalInterval,
        String advertisedAddress) {

    /** Default {@link #shardCount()}. */
    public static final int DEFAULT_SHARD_COUNT = 64;
    /** The largest {@link #shardCount()}. */
    public static final int MAX_SHARD_COUNT = 4096;
    /** Default {@link #leaseDuration()}. */
    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(6);
    /** Default {@link #renewalInterval()}. */
    public static final Duration DEFAULT_RENEWAL_INTERVAL = Duration.ofSeconds(2);

    private static final int MAX_NODE_ID_LENGTH = 200;

    /** Settings without an {@link #advertisedAddress()}. */
    public ClusterSettings(String nodeId, int shardCount, Duration leaseDuration, Duration renewalInterval) {
        this(nodeId, shardCount, leaseDuration, renewalInterval, null);
    }

    public ClusterSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        if (advertisedAddress != null
                && !advertisedAddress.matches("([^\\s:\\[\\]]+|\\[[0-9A-Fa-f:.]+\\]):\\d{1,5}")) {
            throw new IllegalArgumentException("advertisedAddress must be host:port (the address of this node's"
                    + " internal gRPC service as the other nodes reach it, e.g. \"10.0.0.7:7234\" or"
                    + " \"[::1]:7234\"), got \"" + advertisedAddress + "\"");
        }
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        Objects.requireNonNull(renewalInterval, "renewalInterval");
        if (nodeId.isBlank() || nodeId.length() > MAX_NODE_ID_LENGTH) {
            throw new IllegalArgumentException("nodeId must be 1 to " + MAX_NODE_ID_LENGTH + " characters, not blank,"
                    + " got \"" + nodeId + "\": set another reprise.cluster.node-id, or leave it unset for a"
                    + " generated one");
        }
        if (shardCount < 1 || shardCount > MAX_SHARD_COUNT) {
            throw new IllegalArgumentException("shardCount must be between 1 and " + MAX_SHARD_COUNT + ", got "
                    + shardCount + " (the default is " + DEFAULT_SHARD_COUNT + ")");
        }
        if (leaseDuration.toMillis() < 100) {
            throw new IllegalArgumentException("leaseDuration must be at least 100 ms, got " + leaseDuration
                    + " (the default is " + DEFAULT_LEASE_DURATION + ")");
        }
        if (renewalInterval.toMillis() < 10 || renewalInterval.multipliedBy(2).compareTo(leaseDuration) > 0) {
            throw new IllegalArgumentException("renewalInterval must be at least 10 ms and at most half of"
                    + " leaseDuration (" + leaseDuration + "), so that one failed renewal loses no shard; got "
                    + renewalInterval + ": shorten it or lengthen the lease");
        }
    }

    /** The defaults: a generated node id, 64 shards, a 6 s lease renewed every 2 s. */
    public static ClusterSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A node id unique per process (and per call): the host name, the process id and 8 random hex digits, as
     * {@code host-1234-9f3a0c1e}. The random part tells apart containers whose processes all have pid 1.
     */
    public static String generatedNodeId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            host = System.getenv("COMPUTERNAME");
        }
        if (host == null || host.isBlank()) {
            host = "node";
        }
        if (host.length() > 100) {
            host = host.substring(0, 100);
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        return host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
    }

    /** Builds {@link ClusterSettings}; every setting starts at its documented default. */
    public static final class Builder {
        private String nodeId;
        private int shardCount = DEFAULT_SHARD_COUNT;
        private Duration leaseDuration = DEFAULT_LEASE_DURATION;
        private Duration renewalInterval = DEFAULT_RENEWAL_INTERVAL;
        private String advertisedAddress;

        private Builder() {}

        /** See {@link ClusterSettings#advertisedAddress()}; default {@code null}, none. */
        public Builder advertisedAddress(String advertisedAddress) {
            this.advertisedAddress = advertisedAddress;
            return this;
        }

        /** See {@link ClusterSettings#nodeId()}; default {@code null}, a {@link #generatedNodeId()}. */
        public Builder nodeId(String nodeId) {
            this.nodeId = nodeId;
            return this;
        }

        /** See {@link ClusterSettings#shardCount()}; default 64. */
        public Builder shardCount(int shardCount) {
            this.shardCount = shardCount;
            return this;
        }

        /** See {@link ClusterSettings#leaseDuration()}; default 6 s. */
        public Builder leaseDuration(Duration leaseDuration) {
            this.leaseDuration = leaseDuration;
            return this;
        }

        /** See {@link ClusterSettings#renewalInterval()}; default 2 s. */
        public Builder renewalInterval(Duration renewalInterval) {
            this.renewalInterval = renewalInterval;
            return this;
        }

        public ClusterSettings build() {
            return new ClusterSettings(nodeId != null ? nodeId : generatedNodeId(), shardCount, leaseDuration,
                    renewalInterval, advertisedAddress);
        }
    }
}
