package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code describe} reports about one run.
 *
 * @param memo the run's memo as it is now (set at start, changed by the workflow code), sorted by key
 * @param searchAttributes the run's custom search attributes as they are now, sorted by name
 */
public record ExecutionDescription(
        String namespace,
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength,
        List<PendingActivity> pendingActivities,
        Map<String, Payload> memo,
        Map<String, SearchAttributeValue> searchAttributes) {

    public ExecutionDescription {
        memo = StartWorkflowRequest.sortedCopy(memo);
        searchAttributes = StartWorkflowRequest.sortedCopy(searchAttributes);
    }

    /** A description without memo or search attributes. */
    public ExecutionDescription(String namespace, WorkflowExecution execution, String workflowType, String taskQueue,
            WorkflowExecutionStatus status, Instant startTime, Instant closeTime, long historyLength,
            List<PendingActivity> pendingActivities) {
        this(namespace, execution, workflowType, taskQueue, status, startTime, closeTime, historyLength,
                pendingActivities, null, null);
    }
}
