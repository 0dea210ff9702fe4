package io.reprise.client;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.reprise.common.SearchAttributes;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.List;

/**
 * What {@link WorkflowClient#describe} reports: the run as a listing shows it ({@link #metadata()}: status,
 * times, history length, memo and search attributes as they are now) and the activities still pending, with
 * their attempt and last failure. The metadata's fields are also readable here directly
 * ({@code description.status()}); as JSON they appear at the top level.
 *
 * @param metadata the run as {@link WorkflowClient#listExecutions(String)} shows it
 * @param pendingActivities the activities scheduled and not closed yet, in the order they were scheduled
 */
public record WorkflowExecutionDescription(
        @JsonUnwrapped WorkflowExecutionMetadata metadata,
        List<PendingActivityInfo> pendingActivities) {

    public WorkflowExecutionDescription {
        pendingActivities = pendingActivities == null ? List.of() : List.copyOf(pendingActivities);
    }

    public WorkflowExecution execution() {
        return metadata.execution();
    }

    public String workflowType() {
        return metadata.workflowType();
    }

    public String taskQueue() {
        return metadata.taskQueue();
    }

    public WorkflowExecutionStatus status() {
        return metadata.status();
    }

    public Instant startTime() {
        return metadata.startTime();
    }

    /** When it closed, or {@code null} while it runs. */
    public Instant closeTime() {
        return metadata.closeTime();
    }

    /** The number of events in its history. */
    public long historyLength() {
        return metadata.historyLength();
    }

    /** The memo, read with {@code memo().get(key, Class)} or {@link #getMemo}. */
    public Memo memo() {
        return metadata.memo();
    }

    /** The custom search attributes, read with {@code get(key)}. */
    public SearchAttributes typedSearchAttributes() {
        return metadata.typedSearchAttributes();
    }

    /** The memo value of {@code key} as {@code valueClass}, or {@code null} when there is none. */
    public <T> T getMemo(String key, Class<T> valueClass) {
        return metadata.getMemo(key, valueClass);
    }
}
