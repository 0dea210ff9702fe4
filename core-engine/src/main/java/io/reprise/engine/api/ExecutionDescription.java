package io.reprise.engine.api;

import java.time.Instant;
import java.util.List;

/** What {@code describe} reports about one run. */
public record ExecutionDescription(
        String namespace,
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength,
        List<PendingActivity> pendingActivities) {
}
