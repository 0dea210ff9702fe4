package io.reprise.worker;

import io.reprise.internal.worker.ActivityWorker;
import io.reprise.internal.worker.WorkflowWorker;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Hosts workflow and activity implementations for one Task Queue. Create with
 * {@link WorkerFactory#newWorker}; register implementations before {@link WorkerFactory#start()}.
 */
public final class Worker {

    private final String taskQueue;
    private final WorkerOptions options;
    private final WorkflowWorker workflowWorker;
    private final ActivityWorker activityWorker;
    private volatile boolean started;
    private volatile boolean stopped;

    Worker(String taskQueue, WorkerOptions options, WorkflowWorker workflowWorker, ActivityWorker activityWorker) {
        this.taskQueue = taskQueue;
        this.options = options;
        this.workflowWorker = workflowWorker;
        this.activityWorker = activityWorker;
    }

    public String getTaskQueue() {
        return taskQueue;
    }

    public WorkerOptions getOptions() {
        return options;
    }

    /**
     * Registers workflow implementation classes; each execution gets a new instance made with the
     * class's no-argument constructor.
     *
     * @throws IllegalArgumentException when a class implements no {@code @WorkflowInterface}, or a
     *     Workflow Type is already registered (unless duplicates are allowed)
     */
    public void registerWorkflowImplementationTypes(Class<?>... implementations) {
        registerWorkflowImplementationTypes(WorkflowImplementationOptions.getDefaultInstance(), implementations);
    }

    /** Like {@link #registerWorkflowImplementationTypes(Class[])}, with activity option defaults for their code. */
    public void registerWorkflowImplementationTypes(WorkflowImplementationOptions implementationOptions,
            Class<?>... implementations) {
        checkNotStarted();
        for (Class<?> c : implementations) {
            workflowWorker.registerType(c, implementationOptions, options.isAllowDuplicateRegistrations());
        }
    }

    /** Registers a factory making one workflow instance per execution (for dependency injection). */
    public <T> void registerWorkflowImplementationFactory(Class<T> workflowInterface, Supplier<? extends T> factory) {
        registerWorkflowImplementationFactory(workflowInterface, factory,
                WorkflowImplementationOptions.getDefaultInstance());
    }

    /** Like {@link #registerWorkflowImplementationFactory(Class, Supplier)}, with activity option defaults. */
    public <T> void registerWorkflowImplementationFactory(Class<T> workflowInterface, Supplier<? extends T> factory,
            WorkflowImplementationOptions implementationOptions) {
        checkNotStarted();
        workflowWorker.register(workflowInterface, factory, implementationOptions,
                options.isAllowDuplicateRegistrations());
    }

    /**
     * Registers activity implementations (one shared instance each; they must be thread-safe).
     *
     * @throws IllegalArgumentException when an object implements no {@code @ActivityInterface}, or an
     *     Activity Type is already registered (unless duplicates are allowed)
     */
    public void registerActivitiesImplementations(Object... implementations) {
        checkNotStarted();
        for (Object o : implementations) {
            activityWorker.register(o, options.isAllowDuplicateRegistrations());
        }
    }

    public List<String> getRegisteredWorkflowTypes() {
        return workflowWorker.registeredTypes();
    }

    public List<String> getRegisteredActivityTypes() {
        return activityWorker.registeredTypes();
    }

    /**
     * A snapshot of this worker's pollers and slots, for health checks and gauges: whether it runs,
     * how many poller threads it started and how many are still alive, the tasks it is processing
     * and may still take, and when it last polled.
     */
    public WorkerStats getStats() {
        WorkerStats.State state = stopped ? WorkerStats.State.STOPPED
                : started ? WorkerStats.State.RUNNING : WorkerStats.State.NOT_STARTED;
        return new WorkerStats(taskQueue, state, workflowWorker.stats(), activityWorker.stats());
    }

    private void checkNotStarted() {
        if (started) {
            throw new IllegalStateException("Worker for task queue \"" + taskQueue
                    + "\" is already started; register implementations before WorkerFactory.start()");
        }
    }

    void start(WorkerMetricsListener metrics) {
        workflowWorker.setMetricsListener(metrics);
        activityWorker.setMetricsListener(metrics);
        started = true;
        if (workflowWorker.hasRegistrations()) {
            workflowWorker.start();
        }
        if (activityWorker.hasRegistrations()) {
            activityWorker.start();
        }
    }

    void stopPolling() {
        stopped = true;
        workflowWorker.stopPolling();
        activityWorker.stopPolling();
    }

    boolean awaitInFlight(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean activities = activityWorker.awaitInFlight(timeout);
        Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
        return workflowWorker.awaitInFlight(left) && activities;
    }
}
