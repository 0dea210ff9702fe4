package io.reprise.engine.cluster;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a node's {@link ShardListener} hears, with the {@link System#nanoTime()} it heard it at. */
final class RecordingListener implements ShardListener {

    /** One call: {@code reason} is {@code null} for an acquisition. */
    record Event(String node, ShardEpoch lease, ShardLoss reason, long atNanos) {
        boolean acquired() {
            return reason == null;
        }
    }

    private final String node;
    private final List<Event> sink;

    /** Records into {@code sink}, which several nodes' listeners may share. */
    RecordingListener(String node, List<Event> sink) {
        this.node = node;
        this.sink = sink;
    }

    static List<Event> newSink() {
        return new CopyOnWriteArrayList<>();
    }

    @Override
    public void shardAcquired(ShardEpoch lease) {
        sink.add(new Event(node, lease, null, System.nanoTime()));
    }

    @Override
    public void shardLost(ShardEpoch lease, ShardLoss reason) {
        sink.add(new Event(node, lease, reason, System.nanoTime()));
    }

    /** Every shard this node heard had moved ({@link #shardsMoved}), in any call. */
    final Set<Integer> moved = ConcurrentHashMap.newKeySet();

    @Override
    public void shardsMoved(Set<Integer> shards) {
        moved.addAll(shards);
    }
}
