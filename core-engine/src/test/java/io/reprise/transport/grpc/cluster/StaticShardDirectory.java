package io.reprise.transport.grpc.cluster;

import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardDirectory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A directory without leases, for tests: shard {@code s} is owned by node {@code s % nodes}, unless a test moved it
 * ({@link #believe}: what this node wrongly believes until its next {@link #refresh()}, or {@link #move}: the
 * truth).
 */
final class StaticShardDirectory implements ShardDirectory {

    private final String localNodeId;
    private final int shardCount;
    private final List<NodeAddress> nodes;
    /** The owners as they are, where a test changed them; {@code null} value: no owner. */
    private final Map<Integer, Optional<NodeAddress>> moved = new ConcurrentHashMap<>();
    /** What this node believes until its next refresh. */
    private final Map<Integer, Optional<NodeAddress>> believed = new ConcurrentHashMap<>();
    final AtomicInteger refreshes = new AtomicInteger();

    StaticShardDirectory(String localNodeId, int shardCount, List<NodeAddress> nodes) {
        this.localNodeId = localNodeId;
        this.shardCount = shardCount;
        this.nodes = List.copyOf(nodes);
    }

    /** This node believes {@code owner} owns {@code shard} until its next refresh. */
    void believe(int shard, NodeAddress owner) {
        believed.put(shard, Optional.ofNullable(owner));
    }

    /** {@code owner} owns {@code shard} from now on ({@code null}: nobody). */
    void move(int shard, NodeAddress owner) {
        moved.put(shard, Optional.ofNullable(owner));
    }

    @Override
    public String localNodeId() {
        return localNodeId;
    }

    @Override
    public int shardCount() {
        return shardCount;
    }

    @Override
    public boolean isLocal(int shard) {
        return ownerOf(shard).map(node -> node.nodeId().equals(localNodeId)).orElse(false);
    }

    @Override
    public Optional<NodeAddress> ownerOf(int shard) {
        Optional<NodeAddress> belief = believed.get(shard);
        if (belief != null) {
            return belief;
        }
        Optional<NodeAddress> changed = moved.get(shard);
        return changed != null ? changed : Optional.of(nodes.get(shard % nodes.size()));
    }

    @Override
    public void refresh() {
        refreshes.incrementAndGet();
        believed.clear();
    }

    @Override
    public List<NodeAddress> liveNodes() {
        return nodes;
    }
}
