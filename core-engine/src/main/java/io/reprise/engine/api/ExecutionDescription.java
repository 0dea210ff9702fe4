package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What {@code describe} reports about one run: the run as a listing shows it ({@link #info()}) and its pending
 * activities. The info's fields are also readable here directly.
 *
 * @param info the run as {@link EngineService#listExecutions} shows it, with its memo and search attributes as
 *     they are now
 * @param pendingActivities the activities scheduled and not closed yet
 */
public record ExecutionDescription(String namespace, WorkflowExecutionInfo info,
        List<PendingActivity> pendingActivities) {

    public ExecutionDescription {
        pendingActivities = pendingActivities == null ? List.of() : List.copyOf(pendingActivities);
    }

    /** A description from the fields of its info. */
    public ExecutionDescription(String namespace, WorkflowExecution execution, String workflowType, String taskQueue,
            WorkflowExecutionStatus status, Instant startTime, Instant closeTime, long historyLength,
            List<PendingActivity> pendingActivities, Map<String, Payload> memo,
            Map<String, SearchAttributeValue> searchAttributes) {
        this(namespace, new WorkflowExecutionInfo(execution, workflowType, taskQueue, status, startTime, closeTime,
                historyLength, memo, searchAttributes), pendingActivities);
    }

    /** A description without memo or search attributes. */
    public ExecutionDescription(String namespace, WorkflowExecution execution, String workflowType, String taskQueue,
            WorkflowExecutionStatus status, Instant startTime, Instant closeTime, long historyLength,
            List<PendingActivity> pendingActivities) {
        this(namespace, execution, workflowType, taskQueue, status, startTime, closeTime, historyLength,
                pendingActivities, null, null);
    }

    public WorkflowExecution execution() {
        return info.execution();
    }

    public String workflowType() {
        return info.workflowType();
    }

    public String taskQueue() {
        return info.taskQueue();
    }

    public WorkflowExecutionStatus status() {
        return info.status();
    }

    public Instant startTime() {
        return info.startTime();
    }

    public Instant closeTime() {
        return info.closeTime();
    }

    public long historyLength() {
        return info.historyLength();
    }

    /** The run's memo as it is now (set at start, changed by the workflow code), sorted by key. */
    public Map<String, Payload> memo() {
        return info.memo();
    }

    /** The run's custom search attributes as they are now, sorted by name. */
    public Map<String, SearchAttributeValue> searchAttributes() {
        return info.searchAttributes();
    }
}
