package io.reprise.engine;

import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.failure.TimeoutType;
import java.time.Duration;

/**
 * Receives what the engine counts, for a metrics library to record: each is reported once, by
 * the engine that committed the transition, right after the commit. Every method has a no-op
 * default; {@link #NOOP} records nothing (the default of {@link Engine.Builder#metricsListener}).
 * The core depends on no metrics library: the Spring Boot starter implements this with Micrometer.
 *
 * <p>Methods are called on engine threads (the caller's, or a timer handler's) while the run's
 * lock is held: they must return quickly and not throw.
 */
public interface EngineMetricsListener {

    /** Records nothing. */
    EngineMetricsListener NOOP = new EngineMetricsListener() {
    };

    /** A Workflow Execution run was started. */
    default void workflowStarted(String namespace, String taskQueue, String workflowType) {
    }

    /**
     * A run closed with {@code status} ({@code COMPLETED}, {@code FAILED}, {@code TIMED_OUT}, …);
     * {@code endToEnd} is the time from its start to its close (engine clock).
     */
    default void workflowClosed(String namespace, String taskQueue, String workflowType,
            WorkflowExecutionStatus status, Duration endToEnd) {
    }

    /**
     * An activity attempt timed out (the engine detects timeouts; failures reported by workers are
     * counted by the workers). Reported for every timed-out attempt, retried or not.
     */
    default void activityTimedOut(String namespace, String taskQueue, String activityType, TimeoutType timeoutType) {
    }
}
