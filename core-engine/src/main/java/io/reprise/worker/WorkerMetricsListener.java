package io.reprise.worker;

import java.time.Duration;

/**
 * Receives what the workers measure, for a metrics library to record. Every method has a no-op
 * default, so an implementation overrides what it records; {@link #NOOP} records nothing (the
 * default of {@link WorkerFactoryOptions}). The core depends on no metrics library: the Spring Boot
 * starter implements this with Micrometer.
 *
 * <p>Methods are called on worker threads, concurrently, and must return quickly without
 * throwing. Tags: {@code namespace} is the client's namespace, {@code taskQueue} the worker's Task
 * Queue (polls of the worker's sticky queue are reported under it too).
 */
public interface WorkerMetricsListener {

    /** Records nothing. */
    WorkerMetricsListener NOOP = new WorkerMetricsListener() {
    };

    /** The two kinds of tasks a worker polls for and holds slots for. */
    enum TaskKind {
        WORKFLOW,
        ACTIVITY
    }

    /**
     * Called once when {@code factory} starts, after its workers started: the moment to register
     * gauges on {@link WorkerFactory#getCachedRunCount()} and {@link Worker#getStats()}.
     */
    default void workersStarted(WorkerFactory factory) {
    }

    /** A long poll returned, with a task or empty (at its deadline). */
    default void polled(String namespace, String taskQueue, TaskKind kind, boolean gotTask) {
    }

    /** A Workflow Task was processed (history applied, workflow code run until it blocked). */
    default void workflowTaskExecuted(String namespace, String taskQueue, String workflowType, Duration latency) {
    }

    /**
     * A Workflow Task of a run that was not in the workflow cache, and had run before, was
     * processed by replaying its full history; {@code latency} covers the replay and the task.
     */
    default void workflowReplayed(String namespace, String taskQueue, String workflowType, Duration latency) {
    }

    /** A Workflow Task continued a run kept in the workflow cache (sticky execution). */
    default void stickyCacheHit(String namespace, String taskQueue, String workflowType) {
    }

    /** A Workflow Task of a run that had run before found no usable run in the workflow cache. */
    default void stickyCacheMiss(String namespace, String taskQueue, String workflowType) {
    }

    /**
     * An activity attempt was handed to this worker; {@code scheduleToStart} is the time it waited
     * since the attempt was scheduled (engine clock).
     */
    default void activityStarted(String namespace, String taskQueue, String activityType, Duration scheduleToStart) {
    }

    /** An activity attempt's code returned or threw, after {@code latency}. */
    default void activityExecuted(String namespace, String taskQueue, String activityType, Duration latency) {
    }

    /**
     * An activity attempt failed in this worker; {@code failureType} is the {@code ApplicationFailure}
     * type or the exception's class name. (Timeouts are detected by the engine: see
     * {@code io.reprise.engine.EngineMetricsListener}.)
     */
    default void activityFailed(String namespace, String taskQueue, String activityType, String failureType) {
    }
}
