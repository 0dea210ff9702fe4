package io.reprise.worker;

import io.reprise.client.WorkflowClient;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.worker.ActivityWorker;
import io.reprise.internal.worker.LocalActivityExecutor;
import io.reprise.internal.worker.WorkflowCache;
import io.reprise.internal.worker.WorkflowWorker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Creates and runs {@link Worker}s that share one client and one workflow cache.
 *
 * <pre>{@code
 * WorkerFactory factory = WorkerFactory.newInstance(client);
 * Worker worker = factory.newWorker("orders");
 * worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class);
 * worker.registerActivitiesImplementations(new PaymentActivitiesImpl());
 * factory.start();
 * }</pre>
 */
public final class WorkerFactory {

    private enum State { NOT_STARTED, STARTED, SHUTDOWN }

    private final WorkflowClient client;
    private final WorkerFactoryOptions options;
    private final WorkflowCache cache;
    private final Map<String, Worker> workers = new LinkedHashMap<>();
    private State state = State.NOT_STARTED;

    private WorkerFactory(WorkflowClient client, WorkerFactoryOptions options) {
        this.client = client;
        this.options = options;
        this.cache = new WorkflowCache(options.getWorkflowCacheSize());
    }

    public static WorkerFactory newInstance(WorkflowClient client) {
        return new WorkerFactory(client, WorkerFactoryOptions.getDefaultInstance());
    }

    public static WorkerFactory newInstance(WorkflowClient client, WorkerFactoryOptions options) {
        return new WorkerFactory(client, options);
    }

    public WorkflowClient getWorkflowClient() {
        return client;
    }

    public Worker newWorker(String taskQueue) {
        return newWorker(taskQueue, WorkerOptions.getDefaultInstance());
    }

    /**
     * A worker for {@code taskQueue}.
     *
     * @throws IllegalArgumentException for a blank task queue or one that already has a worker
     * @throws IllegalStateException after {@link #start()}
     */
    public synchronized Worker newWorker(String taskQueue, WorkerOptions workerOptions) {
        if (state != State.NOT_STARTED) {
            throw new IllegalStateException("WorkerFactory is already " + state.name().toLowerCase()
                    + "; create workers before start()");
        }
        if (taskQueue == null || taskQueue.isBlank()) {
            throw new IllegalArgumentException("taskQueue must not be blank");
        }
        if (workers.containsKey(taskQueue)) {
            throw new IllegalArgumentException("A worker for task queue \"" + taskQueue
                    + "\" already exists in this factory; use getWorker(\"" + taskQueue + "\")");
        }
        String identity = workerOptions.getIdentity() != null ? workerOptions.getIdentity()
                : client.getOptions().getIdentity();
        ActivityWorker activityWorker = new ActivityWorker(client, taskQueue, identity, workerOptions);
        LocalActivityExecutor localActivities = new LocalActivityExecutor(client.getOptions().getDataConverter(),
                workerOptions.getMaxConcurrentLocalActivityExecutions(), activityWorker.implementations(),
                ContextPropagation.of(client.getOptions().getContextPropagators()));
        WorkflowWorker workflowWorker = new WorkflowWorker(client, taskQueue, identity, workerOptions, cache,
                options.isEnableLoggingInReplay(), localActivities);
        Worker worker = new Worker(taskQueue, workerOptions, workflowWorker, activityWorker);
        workers.put(taskQueue, worker);
        return worker;
    }

    public synchronized Worker getWorker(String taskQueue) {
        return workers.get(taskQueue);
    }

    /** Starts polling on every worker. */
    public synchronized void start() {
        if (state == State.STARTED) {
            return;
        }
        if (state == State.SHUTDOWN) {
            throw new IllegalStateException("WorkerFactory was shut down and cannot be started again");
        }
        state = State.STARTED;
        WorkerMetricsListener metrics = options.getMetricsListener();
        workers.values().forEach(worker -> worker.start(metrics));
        metrics.workersStarted(this);
    }

    /** The workers made by {@link #newWorker}, in creation order. */
    public synchronized List<Worker> getWorkers() {
        return List.copyOf(workers.values());
    }

    public synchronized boolean isStarted() {
        return state == State.STARTED;
    }

    /**
     * Drops every cached run: the next workflow task or query of each replays its history. For
     * tests that check replay, and to free memory.
     */
    public void invalidateCache() {
        cache.invalidateAll();
    }

    /** Runs kept in the workflow cache right now. */
    public int getCachedRunCount() {
        return cache.size();
    }

    /**
     * Stops polling, lets in-flight work finish within each worker's graceful stop timeout
     * (activities still running after it are interrupted), and releases cached runs.
     */
    public void shutdown() {
        List<Worker> all;
        synchronized (this) {
            if (state == State.SHUTDOWN) {
                return;
            }
            state = State.SHUTDOWN;
            all = new ArrayList<>(workers.values());
        }
        all.forEach(Worker::stopPolling);
        for (Worker w : all) {
            try {
                w.awaitInFlight(w.getOptions().getGracefulStopTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        cache.invalidateAll();
    }

    /** Like {@link #shutdown()} without waiting for in-flight work. */
    public void shutdownNow() {
        List<Worker> all;
        synchronized (this) {
            state = State.SHUTDOWN;
            all = new ArrayList<>(workers.values());
        }
        all.forEach(Worker::stopPolling);
        for (Worker w : all) {
            try {
                w.awaitInFlight(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cache.invalidateAll();
    }
}
