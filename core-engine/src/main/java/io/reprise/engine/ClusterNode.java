package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.engine.cluster.ShardEpoch;
import io.reprise.engine.cluster.ShardHash;
import io.reprise.engine.cluster.ShardLeaseManager;
import io.reprise.engine.cluster.ShardListener;
import io.reprise.engine.cluster.ShardLoss;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.NotShardOwnerException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine as one node of a cluster on a PostgreSQL schema: it owns the runs of the shards its
 * {@link ShardLeaseManager} holds, and only those.
 * <ul>
 *   <li>A call about a run of another shard is refused before the store is touched ({@link #requireOwned}), with
 *       {@link NotOwnerException} naming the shard and its owner as last read.</li>
 *   <li>Every transition carries the lease of its run's shard ({@link #fence}); the store refuses it once another
 *       node acquired the shard.</li>
 *   <li>On {@link #shardAcquired}, the shard's open runs are recovered ({@link Recovery#runShard}); on
 *       {@link #shardLost}, they are dropped from memory (registry, timers, queued tasks) and whoever waits on them
 *       (outcome, update and query callers) gets {@link NotOwnerException}, to retry at the new owner.</li>
 * </ul>
 * The listener's calls come one at a time, in order, on the lease manager's event thread, so a shard's recovery
 * and its loss never overlap.
 */
final class ClusterNode implements ShardOwnership, ShardListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterSettings settings;
    private final CountDownLatch started = new CountDownLatch(1);
    // Set once by serve(), before start(): the engine's parts are built after this (they fence with it).
    private ExecutionRegistry registry;
    private Transitions transitions;
    private Recovery recovery;
    private WorkflowMessageHandler messages;
    private RetentionSweeper retention;
    private OutboundQueue outbound;
    private volatile ShardLeaseManager leases;

    ClusterNode(ClusterSettings settings) {
        this.settings = settings;
    }

    /** The engine's parts this node recovers a shard's runs into and drops them from. */
    void serve(ExecutionRegistry registry, Transitions transitions, Recovery recovery,
            WorkflowMessageHandler messages, RetentionSweeper retention, OutboundQueue outbound) {
        this.retention = retention;
        this.outbound = outbound;
        this.registry = registry;
        this.transitions = transitions;
        this.recovery = recovery;
        this.messages = messages;
    }

    /**
     * Joins the cluster: the lease manager starts, and the shards it acquires are recovered as their events come.
     *
     * @throws IllegalStateException when the node cannot join (another shard count, the database fails)
     */
    void start(DataSource dataSource, String schema) {
        try {
            leases = ShardLeaseManager.start(dataSource, schema, settings, this);
        } finally {
            started.countDown();
        }
    }

    /** Which node serves each shard. */
    ShardDirectory directory() {
        return leases;
    }

    String nodeId() {
        return settings.nodeId();
    }

    /** The shards this node owns now (the retention sweeper deletes only their runs). */
    int[] ownedShards() {
        ShardLeaseManager manager = leases;
        return manager == null ? new int[0] : manager.owned().stream().mapToInt(ShardEpoch::shard).toArray();
    }

    @Override
    public boolean owns(String namespace, String workflowId) {
        ShardLeaseManager manager = leases;
        return manager != null && manager.isLocal(manager.shardOf(namespace, workflowId));
    }

    @Override
    public void requireOwned(String namespace, String workflowId) {
        if (!owns(namespace, workflowId)) {
            throw notOwner(namespace, workflowId);
        }
    }

    @Override
    public ShardEpoch fence(ExecutionKey key) {
        ShardLeaseManager manager = leases;
        if (manager == null) {
            throw notOwner(key.namespace(), key.workflowId());
        }
        return manager.ownership(manager.shardOf(key.namespace(), key.workflowId()))
                .orElseThrow(() -> notOwner(key.namespace(), key.workflowId()));
    }

    @Override
    public NotOwnerException fencedOff(ExecutionKey key, NotShardOwnerException e) {
        int shard = e.lease().shard();
        return new NotOwnerException(shard, e.currentOwner(), "Node \"" + settings.nodeId() + "\" no longer owns"
                + " shard " + shard + " of workflow execution " + key + " (" + e.getMessage() + ")");
    }

    /** The refusal of a call about the runs of {@code workflowId}: its shard, and its owner as last read. */
    NotOwnerException notOwner(String namespace, String workflowId) {
        ShardLeaseManager manager = leases;
        int shard = manager == null ? -1 : manager.shardOf(namespace, workflowId);
        Optional<String> owner = manager == null ? Optional.empty() : manager.ownerNodeId(shard);
        return new NotOwnerException(Math.max(shard, 0), owner.orElse(null), "Workflow Id \"" + workflowId
                + "\" of namespace \"" + namespace + "\" is in shard " + shard + ", which node \"" + settings.nodeId()
                + "\" does not own: " + owner.map(o -> "node \"" + o + "\" owns it; send the call there")
                        .orElse("no node owns it at the moment (it is moving between nodes); retry shortly"));
    }

    /**
     * The refusal of a call about the runs of {@code workflowId} once this node has closed: it released its shards,
     * which the other nodes take at their next round, so no owner is named.
     */
    NotOwnerException leftCluster(String namespace, String workflowId) {
        int shard = ShardHash.shardOf(namespace, workflowId, settings.shardCount());
        return new NotOwnerException(shard, null, "Node \"" + settings.nodeId() + "\" has left the cluster (closed);"
                + " shard " + shard + " of Workflow Id \"" + workflowId + "\" of namespace \"" + namespace
                + "\" goes to another node at its next lease round; nothing was changed, retry shortly");
    }

    @Override
    public void shardAcquired(ShardEpoch lease) {
        awaitStarted();
        try {
            recovery.runShard(lease.shard());
            retention.shardsChanged();
        } catch (RuntimeException e) {
            // Its runs are adopted one by one as calls and polls reach them; the log says why recovery failed.
            log.warn("Node \"{}\" could not recover the open runs of {}", settings.nodeId(), lease, e);
        }
    }

    @Override
    public void shardLost(ShardEpoch lease, ShardLoss reason) {
        awaitStarted();
        int shard = lease.shard();
        ShardLeaseManager manager = leases;
        Predicate<ExecutionKey> inShard = key -> manager.shardOf(key.namespace(), key.workflowId()) == shard;
        List<RunEntry> dropped = registry.dropAll(inShard);
        String why = switch (reason) {
            case EXPIRED -> "its lease ended before a renewal was confirmed";
            case REFUSED -> "another node acquired it";
            case RELEASED -> "it gave the shard up";
        };
        for (RunEntry run : dropped) {
            transitions.drop(run, new NotOwnerException(shard, manager.ownerNodeId(shard).orElse(null), "Node \""
                    + settings.nodeId() + "\" lost shard " + shard + " of workflow execution " + run.key + " (" + why
                    + "); send the call to the shard's new owner"));
        }
        messages.dropQueries(inShard, key -> new NotOwnerException(shard, manager.ownerNodeId(shard).orElse(null),
                "Node \"" + settings.nodeId() + "\" lost shard " + shard + " of workflow execution " + key + " (" + why
                        + ") while a query or an update's validation waited; send it to the shard's new owner"));
        log.info("Node \"{}\" dropped {} run(s) of {} from memory: {}", settings.nodeId(), dropped.size(), lease, why);
    }

    /**
     * Shards moved between nodes: a child of one of this node's runs, in one of those shards, may have closed on a
     * node that stopped before it told the parent (its close is committed, its notification was only in memory). Each
     * active run of this node checks its started children there ({@link OutboundQueue#onChildrenMoved}); a run not
     * active checks all its children when it activates.
     */
    @Override
    public void shardsMoved(Set<Integer> shards) {
        awaitStarted();
        ShardLeaseManager manager = leases;
        for (RunEntry run : registry.openRuns()) {
            if (!run.active) {
                continue; // read without the run's lock: a run that activates meanwhile checks all its children
            }
            try {
                transitions.locked(run, state -> {
                    outbound.onChildrenMoved(run, state, childId -> shards.contains(
                            manager.shardOf(run.key.namespace(), childId)));
                    return null;
                });
            } catch (EngineException e) {
                // The run is gone from this node (lost with its shard, its start failed): nothing to check.
            } catch (RuntimeException e) {
                log.warn("Node \"{}\" could not check the children of {} in shards that moved", settings.nodeId(),
                        run.key, e);
            }
        }
    }

    private void awaitStarted() {
        try {
            started.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leaves the cluster: every lease is released at once, so the other nodes take the shards at their next round. */
    @Override
    public void close() {
        ShardLeaseManager manager = leases;
        if (manager != null) {
            manager.close();
        }
    }
}
