package io.reprise.engine.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ShardDirectory} whose owners a test sets: {@link #refresh()} applies the owners set with
 * {@link #ownerAfterRefresh} (what a lease table read would find), and counts the refreshes.
 */
public final class StaticShardDirectory implements ShardDirectory {

    private final String localNodeId;
    private final int shardCount;
    private final Map<Integer, NodeAddress> owners = new ConcurrentHashMap<>();
    private final Map<Integer, NodeAddress> afterRefresh = new ConcurrentHashMap<>();
    private final AtomicInteger refreshes = new AtomicInteger();

    public StaticShardDirectory(String localNodeId, int shardCount) {
        this.localNodeId = localNodeId;
        this.shardCount = shardCount;
    }

    /** Makes {@code node} the owner of {@code shard} now. */
    public StaticShardDirectory owner(int shard, NodeAddress node) {
        owners.put(shard, node);
        return this;
    }

    /** Makes {@code node} the owner of {@code shard} at the next {@link #refresh()}. */
    public StaticShardDirectory ownerAfterRefresh(int shard, NodeAddress node) {
        afterRefresh.put(shard, node);
        return this;
    }

    public int refreshes() {
        return refreshes.get();
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
        NodeAddress owner = owners.get(shard);
        return owner != null && owner.nodeId().equals(localNodeId);
    }

    @Override
    public Optional<NodeAddress> ownerOf(int shard) {
        return Optional.ofNullable(owners.get(shard));
    }

    @Override
    public void refresh() {
        refreshes.incrementAndGet();
        owners.putAll(afterRefresh);
        afterRefresh.clear();
    }

    @Override
    public List<NodeAddress> liveNodes() {
        return new ArrayList<>(Map.copyOf(owners).values().stream().distinct().toList());
    }
}
