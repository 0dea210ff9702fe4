package io.reprise.spring.boot.actuate;

import io.reprise.engine.api.HealthProbe;
import io.reprise.engine.api.TaskQueueBacklog;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerStats;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code reprise} health: the engine's store (when the engine offers a {@link HealthProbe}, as the
 * embedded one does) or, with a remote engine, whether it answers; and every worker.
 * <ul>
 *   <li>{@code DOWN} when the store does not answer (or the engine is closed), when a remote engine cannot be
 *       reached (or refuses this application's credentials), or when a poller
 *       thread of a running worker has ended: that worker no longer takes all its tasks;</li>
 *   <li>{@code OUT_OF_SERVICE} when the workers are not started yet or were shut down on purpose
 *       (the application is starting or stopping);</li>
 *   <li>{@code UP} otherwise.</li>
 * </ul>
 * Details: the store's state ({@code store}; for a remote engine {@code engine}); for a cluster node
 * ({@code reprise.cluster.*}) its id, the shards it owns, the shard count and the live nodes ({@code cluster}); and per Task Queue the worker's state and, for Workflow Tasks and
 * Activity Tasks, its pollers (configured and alive), slots (in use and available), the engine's
 * backlog (tasks waiting in the queue) and when it last polled.
 */
public class RepriseHealthIndicator implements HealthIndicator {

    private final @Nullable HealthProbe engine;
    private final String probed;
    private final @Nullable WorkerFactory workerFactory;
    private final @Nullable ClusterEngineNode cluster;

    /**
     * @param engine the engine's health probe, or {@code null} when the engine offers none (then
     *     neither the store nor the backlog is checked)
     * @param workerFactory the workers, or {@code null} when the application runs none
     */
    public RepriseHealthIndicator(@Nullable HealthProbe engine, @Nullable WorkerFactory workerFactory) {
        this(engine, "store", workerFactory);
    }

    /**
     * @param engine the engine's health probe, or {@code null} when the engine offers none
     * @param probed what the probe checks, the detail's name: {@code store} (an embedded engine's) or
     *     {@code engine} (a remote one)
     * @param workerFactory the workers, or {@code null} when the application runs none
     */
    public RepriseHealthIndicator(@Nullable HealthProbe engine, String probed, @Nullable WorkerFactory workerFactory) {
        this(engine, probed, workerFactory, null);
    }

    /**
     * @param engine the engine's health probe, or {@code null} when the engine offers none
     * @param probed what the probe checks, the detail's name: {@code store} or {@code engine}
     * @param workerFactory the workers, or {@code null} when the application runs none
     * @param cluster the cluster node the engine runs as, or {@code null}; its id and the shards it owns are
     *     details ({@code cluster}), which do not change the status: a node owning no shard still serves every call
     */
    public RepriseHealthIndicator(@Nullable HealthProbe engine, String probed, @Nullable WorkerFactory workerFactory,
            @Nullable ClusterEngineNode cluster) {
        this.engine = engine;
        this.probed = probed;
        this.workerFactory = workerFactory;
        this.cluster = cluster;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up();
        boolean storeDown = false;
        if (engine != null) {
            try {
                engine.pingStore();
                health.withDetail(probed, "reachable");
            } catch (RuntimeException e) {
                storeDown = true;
                health.withDetail(probed, "unreachable: " + e.getMessage());
            }
        }
        if (cluster != null) {
            health.withDetail("cluster", cluster());
        }
        if (workerFactory == null) {
            return (storeDown ? health.down() : health).build();
        }
        String namespace = workerFactory.getWorkflowClient().getOptions().getNamespace();
        boolean deadPollers = false;
        boolean notRunning = false;
        Map<String, Object> workers = new LinkedHashMap<>();
        for (Worker worker : workerFactory.getWorkers()) {
            WorkerStats stats = worker.getStats();
            deadPollers |= stats.hasDeadPollers();
            notRunning |= stats.state() != WorkerStats.State.RUNNING;
            TaskQueueBacklog backlog = backlog(namespace, worker.getTaskQueue());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", stats.state());
            details.put("workflowTasks", details(stats.workflowTasks(),
                    backlog == null ? null : backlog.workflowTasks()));
            details.put("activityTasks", details(stats.activityTasks(),
                    backlog == null ? null : backlog.activityTasks()));
            workers.put(worker.getTaskQueue(), details);
        }
        health.withDetail("namespace", namespace).withDetail("workers", workers);
        if (storeDown || deadPollers) {
            health.down();
        } else if (notRunning) {
            health.status(Status.OUT_OF_SERVICE);
        }
        return health.build();
    }

    /** This node's id, the shards it owns (of how many) and the live nodes, as it last read them. */
    private Map<String, Object> cluster() {
        ShardDirectory directory = cluster.directory();
        int owned = 0;
        for (int shard = 0; shard < directory.shardCount(); shard++) {
            owned += directory.isLocal(shard) ? 1 : 0;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("nodeId", directory.localNodeId());
        details.put("shardsOwned", owned);
        details.put("shardCount", directory.shardCount());
        details.put("liveNodes", directory.liveNodes().size());
        return details;
    }

    private @Nullable TaskQueueBacklog backlog(String namespace, String taskQueue) {
        return engine == null ? null : engine.taskQueueBacklog(namespace, taskQueue);
    }

    private static Map<String, Object> details(WorkerStats.Tasks tasks, @Nullable Integer backlog) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pollersConfigured", tasks.pollersConfigured());
        details.put("pollersAlive", tasks.pollersAlive());
        details.put("slotsInUse", tasks.slotsInUse());
        details.put("slotsAvailable", tasks.slotsAvailable());
        if (backlog != null) {
            details.put("backlog", backlog);
        }
        if (tasks.lastPollTime() != null) {
            details.put("lastPollTime", tasks.lastPollTime().toString());
        }
        return details;
    }
}
