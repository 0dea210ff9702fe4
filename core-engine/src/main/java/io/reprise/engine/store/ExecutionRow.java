package io.reprise.engine.store;

import java.util.Objects;

/**
 * The stored row of one Workflow Execution run: the columns the store can query
 * (for listing, recovery and timers) and the engine's mutable-state snapshot as an opaque blob.
 *
 * <p>{@code workflowType}, {@code taskQueue} and {@code startTimeMillis} are fixed when the run is
 * inserted: a later transition must carry the same values (a store rejects one that does not).
 *
 * @param key the execution
 * @param workflowType the Workflow Type name (fixed for the run)
 * @param taskQueue the Task Queue the execution was started on (fixed for the run)
 * @param status one of the {@code WorkflowExecutionStatus} names ({@code RUNNING}, {@code COMPLETED}, …)
 * @param startTimeMillis when the run started (epoch millis; fixed for the run)
 * @param closeTimeMillis when the run closed (epoch millis), or {@code null} while running
 * @param nextTimerAtMillis the earliest durable timer due for this run (epoch millis), or {@code null}
 * @param version the optimistic-concurrency version this row holds after the transition
 * @param lastEventId the id of the last event in the run's history
 * @param state the engine's mutable-state snapshot (opaque to the store)
 * @param visibility the run's memo and search attributes in their binary form (opaque to the store), or
 *     {@code null} for none; written with every transition, read by listings without the snapshot
 */
public record ExecutionRow(
        ExecutionKey key,
        String workflowType,
        String taskQueue,
        String status,
        long startTimeMillis,
        Long closeTimeMillis,
        Long nextTimerAtMillis,
        long version,
        long lastEventId,
        byte[] state,
        byte[] visibility) {

    public ExecutionRow {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(workflowType, "workflowType");
        Objects.requireNonNull(taskQueue, "taskQueue");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(state, "state");
    }

    /** A row without memo or search attributes. */
    public ExecutionRow(ExecutionKey key, String workflowType, String taskQueue, String status, long startTimeMillis,
            Long closeTimeMillis, Long nextTimerAtMillis, long version, long lastEventId, byte[] state) {
        this(key, workflowType, taskQueue, status, startTimeMillis, closeTimeMillis, nextTimerAtMillis, version,
                lastEventId, state, null);
    }

    public boolean isRunning() {
        return "RUNNING".equals(status);
    }
}
