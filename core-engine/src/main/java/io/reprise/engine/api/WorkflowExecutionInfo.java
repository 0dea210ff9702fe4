package io.reprise.engine.api;

import java.time.Instant;

/**
 * One run as a listing shows it: what {@link ExecutionDescription} says, without the pending
 * activities.
 *
 * @param historyLength the number of events in its history
 */
public record WorkflowExecutionInfo(
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength) {
}
