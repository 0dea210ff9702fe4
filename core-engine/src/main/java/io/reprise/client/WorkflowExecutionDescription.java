package io.reprise.client;

import io.reprise.common.SearchAttributes;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@link WorkflowClient#describe} reports: status, times, history length, the activities
 * still pending (with their attempt and last failure), and the run's memo and search attributes as
 * they are now.
 *
 * @param memo the memo, read with {@code memo().get(key, Class)} or {@link #getMemo}
 * @param typedSearchAttributes the custom search attributes, read with {@code get(key)}
 */
public record WorkflowExecutionDescription(
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength,
        List<PendingActivity> pendingActivities,
        Memo memo,
        SearchAttributes typedSearchAttributes) {

    /** The memo value of {@code key} as {@code valueClass}, or {@code null} when there is none. */
    public <T> T getMemo(String key, Class<T> valueClass) {
        return memo.get(key, valueClass);
    }
}
