package io.reprise.engine.store;

import java.util.Objects;

/**
 * The queryable columns of one run's row, without its state snapshot: what a listing shows.
 *
 * @param key the execution
 * @param workflowType the Workflow Type name
 * @param taskQueue the Task Queue the run was started on
 * @param status one of the {@code WorkflowExecutionStatus} names
 * @param startTimeMillis when the run started (epoch millis)
 * @param closeTimeMillis when it closed (epoch millis), or {@code null} while running
 * @param lastEventId the id of the last event in its history (its length)
 * @param visibility the run's memo and search attributes in their binary form, or {@code null} for none
 */
public record ExecutionSummary(ExecutionKey key, String workflowType, String taskQueue, String status,
        long startTimeMillis, Long closeTimeMillis, long lastEventId, byte[] visibility) {

    public ExecutionSummary {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(workflowType, "workflowType");
        Objects.requireNonNull(taskQueue, "taskQueue");
        Objects.requireNonNull(status, "status");
    }

    /** A summary without memo or search attributes. */
    public ExecutionSummary(ExecutionKey key, String workflowType, String taskQueue, String status,
            long startTimeMillis, Long closeTimeMillis, long lastEventId) {
        this(key, workflowType, taskQueue, status, startTimeMillis, closeTimeMillis, lastEventId, null);
    }

    /** The position of this run in the newest-first order, to ask for the page after it. */
    public ExecutionListQuery.Position position() {
        return new ExecutionListQuery.Position(startTimeMillis, key.workflowId(), key.runId());
    }
}
