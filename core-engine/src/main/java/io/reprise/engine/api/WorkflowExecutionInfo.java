package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Instant;
import java.util.Map;

/**
 * One run as a listing shows it, and the first part of its {@link ExecutionDescription}.
 *
 * @param historyLength the number of events in its history
 * @param memo the run's memo, sorted by key
 * @param searchAttributes the run's custom search attributes, sorted by name
 */
public record WorkflowExecutionInfo(
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength,
        Map<String, Payload> memo,
        Map<String, SearchAttributeValue> searchAttributes) {

    public WorkflowExecutionInfo {
        memo = StartWorkflowRequest.sortedCopy(memo);
        searchAttributes = StartWorkflowRequest.sortedCopy(searchAttributes);
    }

    /** A run without memo or search attributes. */
    public WorkflowExecutionInfo(WorkflowExecution execution, String workflowType, String taskQueue,
            WorkflowExecutionStatus status, Instant startTime, Instant closeTime, long historyLength) {
        this(execution, workflowType, taskQueue, status, startTime, closeTime, historyLength, null, null);
    }
}
