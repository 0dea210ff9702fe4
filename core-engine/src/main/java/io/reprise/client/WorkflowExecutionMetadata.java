package io.reprise.client;

import io.reprise.common.SearchAttributes;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import java.time.Instant;

/**
 * One run as a listing shows it ({@link WorkflowClient#listExecutions(String)}), and the first part of
 * its description ({@link WorkflowExecutionDescription#metadata()}).
 *
 * @param closeTime when it closed, or {@code null} while it runs
 * @param historyLength the number of events in its history
 * @param memo the memo, read with {@link #getMemo}
 * @param typedSearchAttributes the custom search attributes, read with {@code get(key)}
 */
public record WorkflowExecutionMetadata(
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        WorkflowExecutionStatus status,
        Instant startTime,
        Instant closeTime,
        long historyLength,
        Memo memo,
        SearchAttributes typedSearchAttributes) {

    /** The memo value of {@code key} as {@code valueClass}, or {@code null} when there is none. */
    public <T> T getMemo(String key, Class<T> valueClass) {
        return memo.get(key, valueClass);
    }
}
