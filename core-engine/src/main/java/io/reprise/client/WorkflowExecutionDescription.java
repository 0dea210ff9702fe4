package io.reprise.client;

import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@link WorkflowClient#describe} reports: status, times, history length and the activities
 * still pending (with their attempt and last failure).
 */
public record WorkflowExecutionDescription(
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength,
        List<PendingActivity> pendingActivities) {
}
