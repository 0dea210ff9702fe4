package io.reprise.engine.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's membership of a cluster on a PostgreSQL schema and the shard leases it holds.
 *
 * <p>Every {@link ClusterSettings#renewalInterval()} the node, on one connection taken from the data source for the
 * round: writes its heartbeat row; renews the leases it holds (each only at the epoch it acquired it); counts the
 * live nodes {@code n} and, with {@code S} shards, keeps its share at {@code ceil(S / n)}: it acquires free or
 * expired shards up to it, or releases the shards above it (the highest first), so a joining node gets shards as
 * the others shed their excess, and nobody stops. Leases and heartbeats end at {@code now()} of the database plus
 * the lease, so the nodes' clocks need not agree.
 *
 * <p>Locally, a shard counts as owned until a deadline on this JVM's monotonic clock: the moment the statement that
 * acquired or last renewed it was sent, plus the lease, minus 1% for clock-rate differences. The database's
 * {@code now()} for that statement is no earlier than the moment it was sent, so the deadline passes before the
 * lease ends in the database, and before any other node can acquire the shard. At the deadline the shard is lost
 * ({@link ShardLoss#EXPIRED}) even if the renewal thread is stuck; {@link #ownership(int)} checks the deadline at
 * each call. A node that missed the deadline but kept running (a pause, a partition) may still try to write: the
 * fencing of the write path ({@link ShardEpoch}) makes the database refuse it once another node acquired the shard.
 *
 * <p>{@link #close()} releases every lease at once (epoch one up, no owner) and removes the heartbeat row, so the
 * other nodes take the shards at their next round instead of after the lease.
 *
 * <p>As a {@link ShardDirectory}, it knows this node's shards exactly ({@link #isLocal}) and the other nodes' as
 * read at the end of each round, or at {@link #refresh()}: the owners of the leases not ended and the addresses the
 * live nodes advertised ({@link ClusterSettings#advertisedAddress()}) with their heartbeats.
 */
public final class ShardLeaseManager implements ShardDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ShardLeaseManager.class);

    private final DataSource dataSource;
    private final ClusterSettings settings;
    private final ShardListener listener;
    private final ShardLeaseTable table;
    private final String description;
    private final long leaseNanos;
    private final ScheduledExecutorService scheduler;
    private final ExecutorService events;

    // Guarded by this: the shards owned, with their epoch and the local deadline (System.nanoTime()).
    private final Map<Integer, Held> held = new TreeMap<>();
    private ScheduledFuture<?> rounds;
    private ScheduledFuture<?> expiryCheck;
    private boolean closed;
    /** The owners as last read (each round, or {@link #refresh()}). */
    private volatile ShardLeaseTable.Owners owners = ShardLeaseTable.Owners.NONE;
    /** Guarded by this: the epoch of each shard as last read with an owner ({@link #read}); empty before the first. */
    private final Map<Integer, Long> seenEpochs = new HashMap<>();

    private record Held(long epoch, long deadlineNanos) {}

    private ShardLeaseManager(DataSource dataSource, String schema, ClusterSettings settings, ShardListener listener) {
        this.dataSource = dataSource;
        this.settings = settings;
        this.listener = listener;
        this.table = new ShardLeaseTable(schema, settings.leaseDuration().toMillis());
        this.description = "node \"" + settings.nodeId() + "\" on schema \"" + schema + "\"";
        long lease = settings.leaseDuration().toNanos();
        this.leaseNanos = lease - lease / 100;
        this.scheduler = Executors.newScheduledThreadPool(2, threads("reprise-shard-leases-" + settings.nodeId()));
        this.events = Executors.newSingleThreadExecutor(threads("reprise-shard-events-" + settings.nodeId()));
    }

    /**
     * Joins the cluster on {@code schema}: creates its shard rows if this is its first node (checks their number
     * otherwise), then starts renewing and rebalancing in the background, the first round at once.
     *
     * @throws IllegalStateException when the schema has no lease table (not migrated to version 6), another shard
     *     count than {@code settings.shardCount()}, or the database fails (the cause says how)
     */
    public static ShardLeaseManager start(DataSource dataSource, String schema, ClusterSettings settings,
            ShardListener listener) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        ShardLeaseManager manager = new ShardLeaseManager(dataSource, schema, settings, listener);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            manager.table.ensureShards(connection, settings.shardCount());
        } catch (SQLException | RuntimeException e) {
            manager.scheduler.shutdownNow();
            manager.events.shutdownNow();
            if (e instanceof IllegalStateException illegal) {
                throw illegal;
            }
            throw new IllegalStateException("Cannot join the cluster as " + manager.description + ": "
                    + e.getMessage(), e);
        }
        synchronized (manager) {
            manager.rounds = manager.scheduler.scheduleWithFixedDelay(manager::round, 0,
                    settings.renewalInterval().toNanos(), TimeUnit.NANOSECONDS);
        }
        log.info("Joined the cluster as {} ({} shards, lease {}, renewal every {})", manager.description,
                settings.shardCount(), settings.leaseDuration(), settings.renewalInterval());
        return manager;
    }

    /** This node's id. */
    public String nodeId() {
        return settings.nodeId();
    }

    @Override
    public String localNodeId() {
        return settings.nodeId();
    }

    /** The number of shards of the schema. */
    @Override
    public int shardCount() {
        return settings.shardCount();
    }

    /** The shard of the runs of {@code workflowId} in {@code namespace} ({@link ShardHash}). */
    @Override
    public int shardOf(String namespace, String workflowId) {
        return ShardHash.shardOf(namespace, workflowId, settings.shardCount());
    }

    /** True while {@link #ownership(int)} is present. */
    @Override
    public boolean isLocal(int shard) {
        return ownership(shard).isPresent();
    }

    /**
     * The id of the node that owns {@code shard}: this node while it {@linkplain #isLocal owns} it, otherwise the
     * owner of the lease as last read (never this node then: a lease it no longer holds is not its own); empty when
     * no lease of the shard was live.
     */
    public Optional<String> ownerNodeId(int shard) {
        if (isLocal(shard)) {
            return Optional.of(settings.nodeId());
        }
        String owner = owners.ownerByShard().get(shard);
        return owner == null || owner.equals(settings.nodeId()) ? Optional.empty() : Optional.of(owner);
    }

    /**
     * {@link #ownerNodeId(int)} with the address the owner advertised; empty also when it advertised none (such a
     * node takes no routed calls).
     */
    @Override
    public Optional<NodeAddress> ownerOf(int shard) {
        return ownerNodeId(shard).flatMap(owner -> address(owner).map(target -> new NodeAddress(owner, target)));
    }

    private Optional<String> address(String nodeId) {
        return nodeId.equals(settings.nodeId()) ? Optional.ofNullable(settings.advertisedAddress())
                : Optional.ofNullable(owners.addressByNode().get(nodeId));
    }

    /** Reads the owners and the live nodes now; a failure is logged and the previous reading kept. */
    @Override
    public void refresh() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            read(table.owners(connection));
        } catch (SQLException | RuntimeException e) {
            log.warn("{} could not read the owners of the shards; it keeps those it read before: {}", description,
                    e.getMessage());
        }
    }

    /**
     * The live nodes that advertised an address, this one included when it did, by node id (a node that advertised
     * none takes no routed calls and is left out).
     */
    @Override
    public List<NodeAddress> liveNodes() {
        List<NodeAddress> nodes = new ArrayList<>();
        boolean self = false;
        for (Map.Entry<String, String> node : owners.addressByNode().entrySet()) {
            self |= node.getKey().equals(settings.nodeId());
            Optional<String> target = address(node.getKey());
            target.ifPresent(t -> nodes.add(new NodeAddress(node.getKey(), t)));
        }
        if (!self && settings.advertisedAddress() != null && !isClosed()) {
            nodes.add(new NodeAddress(settings.nodeId(), settings.advertisedAddress()));
            nodes.sort(Comparator.comparing(NodeAddress::nodeId));
        }
        return nodes;
    }

    /**
     * This node's lease of {@code shard} if it owns it now (its local deadline has not passed): the token to fence
     * the shard's writes with; empty otherwise.
     */
    public synchronized Optional<ShardEpoch> ownership(int shard) {
        Held h = held.get(shard);
        return h == null || System.nanoTime() - h.deadlineNanos >= 0 ? Optional.empty()
                : Optional.of(new ShardEpoch(shard, h.epoch));
    }

    /** The shards this node owns now, by shard number. */
    public synchronized List<ShardEpoch> owned() {
        long now = System.nanoTime();
        List<ShardEpoch> owned = new ArrayList<>();
        held.forEach((shard, h) -> {
            if (now - h.deadlineNanos < 0) {
                owned.add(new ShardEpoch(shard, h.epoch));
            }
        });
        return owned;
    }

    /** The local deadline of {@code shard} (a {@link System#nanoTime()}), for tests; empty when not held. */
    synchronized Optional<Long> deadlineNanos(int shard) {
        Held h = held.get(shard);
        return h == null ? Optional.empty() : Optional.of(h.deadlineNanos);
    }

    /** One round: heartbeat, renew, rebalance. A failure is logged and the next round tries again. */
    private void round() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            table.heartbeat(connection, settings.nodeId(), settings.advertisedAddress());
            renew(connection);
            int nodes = Math.max(1, table.liveNodes(connection));
            int share = (settings.shardCount() + nodes - 1) / nodes;
            int owned = owned().size();
            if (owned > share) {
                release(connection, owned - share);
            } else if (owned < share) {
                acquire(connection, share - owned);
            }
            read(table.owners(connection));
        } catch (SQLException | RuntimeException e) {
            if (!isClosed()) {
                log.warn("Renewing the shard leases of {} failed (the leases it holds end at their deadline unless"
                        + " a later round renews them): {}", description, e.getMessage());
            }
        }
    }

    private void renew(Connection connection) throws SQLException {
        List<ShardEpoch> toRenew = owned();
        if (toRenew.isEmpty()) {
            return;
        }
        long sentAt = System.nanoTime();
        Set<Integer> renewed = table.renew(connection, settings.nodeId(), toRenew);
        synchronized (this) {
            for (ShardEpoch lease : toRenew) {
                Held h = held.get(lease.shard());
                if (h == null || h.epoch != lease.epoch()) {
                    continue; // lost meanwhile (expired, released): its loss was reported
                }
                if (renewed.contains(lease.shard())) {
                    held.put(lease.shard(), new Held(h.epoch, sentAt + leaseNanos));
                } else {
                    held.remove(lease.shard());
                    report(lease, ShardLoss.REFUSED);
                }
            }
            scheduleExpiryCheck();
        }
    }

    private void acquire(Connection connection, int count) throws SQLException {
        long sentAt = System.nanoTime();
        List<ShardEpoch> acquired = table.acquire(connection, settings.nodeId(), count);
        synchronized (this) {
            for (ShardEpoch lease : acquired) {
                Held previous = held.put(lease.shard(), new Held(lease.epoch(), sentAt + leaseNanos));
                if (previous != null) {
                    // held locally past its deadline, not yet reported by the expiry check
                    report(new ShardEpoch(lease.shard(), previous.epoch), ShardLoss.EXPIRED);
                }
                events.execute(() -> listener.shardAcquired(lease));
            }
            scheduleExpiryCheck();
        }
        if (!acquired.isEmpty()) {
            log.info("{} acquired {} shard(s): {}", description, acquired.size(), acquired);
        }
    }

    /** Gives up {@code count} shards, the highest first: stops treating them as owned, then releases the rows. */
    private void release(Connection connection, int count) throws SQLException {
        List<ShardEpoch> toRelease = owned().stream()
                .sorted(Comparator.comparingInt(ShardEpoch::shard).reversed()).limit(count).toList();
        giveUp(toRelease);
        table.release(connection, settings.nodeId(), toRelease);
        log.info("{} released {} shard(s) above its fair share: {}", description, toRelease.size(), toRelease);
    }

    private synchronized void giveUp(List<ShardEpoch> leases) {
        for (ShardEpoch lease : leases) {
            if (held.remove(lease.shard()) != null) {
                report(lease, ShardLoss.RELEASED);
            }
        }
    }

    /** Reports the shards whose deadline passed as lost; schedules the next check. */
    private synchronized void expireDue() {
        long now = System.nanoTime();
        List<ShardEpoch> expired = new ArrayList<>();
        held.entrySet().removeIf(entry -> {
            if (now - entry.getValue().deadlineNanos >= 0) {
                expired.add(new ShardEpoch(entry.getKey(), entry.getValue().epoch));
                return true;
            }
            return false;
        });
        if (!expired.isEmpty()) {
            log.warn("{} lost {} shard(s) whose renewal it could not confirm before their lease ended: {}",
                    description, expired.size(), expired);
            expired.forEach(lease -> report(lease, ShardLoss.EXPIRED));
        }
        scheduleExpiryCheck();
    }

    // Guarded by this.
    private void scheduleExpiryCheck() {
        if (expiryCheck != null) {
            expiryCheck.cancel(false);
            expiryCheck = null;
        }
        if (closed || held.isEmpty()) {
            return;
        }
        long earliest = held.values().stream().mapToLong(Held::deadlineNanos)
                .reduce((a, b) -> a - b < 0 ? a : b).getAsLong();
        expiryCheck = scheduler.schedule(this::expireDue, Math.max(0, earliest - System.nanoTime()),
                TimeUnit.NANOSECONDS);
    }

    // Guarded by this: the listener hears the changes in the order they were made.
    /**
     * Keeps {@code reading} as the owners, and tells the listener which shards it shows at a new epoch since the
     * shards were last read with an owner ({@link ShardListener#shardsMoved}), except at the first reading.
     */
    private synchronized void read(ShardLeaseTable.Owners reading) {
        owners = reading;
        boolean first = seenEpochs.isEmpty();
        Set<Integer> moved = new TreeSet<>();
        for (Map.Entry<Integer, Long> lease : reading.epochByShard().entrySet()) {
            Long seen = seenEpochs.put(lease.getKey(), lease.getValue());
            if (!first && !lease.getValue().equals(seen)) {
                moved.add(lease.getKey());
            }
        }
        if (!moved.isEmpty() && !closed) {
            events.execute(() -> listener.shardsMoved(moved));
        }
    }

    private void report(ShardEpoch lease, ShardLoss reason) {
        if (reason == ShardLoss.REFUSED) {
            log.warn("{} lost {}: its lease row has another epoch or owner now", description, lease);
        }
        events.execute(() -> listener.shardLost(lease, reason));
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /**
     * Leaves the cluster: stops renewing, releases every lease it holds (the listener hears
     * {@link ShardLoss#RELEASED} first) and removes its heartbeat row, so that the other nodes take its shards at
     * their next round. When the database cannot be reached, the leases end by themselves.
     */
    @Override
    public void close() {
        List<ShardEpoch> toRelease;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (rounds != null) {
                rounds.cancel(true);
            }
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            toRelease = owned();
            giveUp(toRelease);
            held.forEach((shard, h) -> report(new ShardEpoch(shard, h.epoch), ShardLoss.EXPIRED));
            held.clear();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            table.release(connection, settings.nodeId(), toRelease);
            table.leave(connection, settings.nodeId());
            log.info("{} left the cluster and released {} shard(s)", description, toRelease.size());
        } catch (SQLException | RuntimeException e) {
            log.warn("{} could not release its {} shard(s) when leaving the cluster; their leases end by themselves:"
                    + " {}", description, toRelease.size(), e.getMessage());
        }
        events.shutdown();
        try {
            events.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory threads(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
