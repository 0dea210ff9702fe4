package io.reprise.engine.api;

import java.util.List;

/**
 * A Workflow Task handed to a worker.
 *
 * @param taskToken opaque; identifies this task when completing or failing it
 * @param history events to process: the whole history, or for a task on a sticky queue only the
 *     events after {@code previousStartedEventId}. The last event is this task's WorkflowTaskStarted.
 * @param previousStartedEventId the WorkflowTaskStarted id of the last completed task, 0 for none
 * @param attempt 1-based attempt of this task
 * @param query set when this is not a workflow task but a query (or an update's validation) to
 *     answer from the run's state with {@link EngineService#respondQueryTask}; {@code history} is
 *     then empty and the worker uses its cached run or fetches the history
 */
public record WorkflowTask(
        byte[] taskToken,
        String namespace,
        WorkflowExecution execution,
        String workflowType,
        long previousStartedEventId,
        long startedEventId,
        int attempt,
        List<HistoryEvent> history,
        WorkflowQuery query) {
    public WorkflowTask {
        history = List.copyOf(history);
    }

    public WorkflowTask(byte[] taskToken, String namespace, WorkflowExecution execution, String workflowType,
            long previousStartedEventId, long startedEventId, int attempt, List<HistoryEvent> history) {
        this(taskToken, namespace, execution, workflowType, previousStartedEventId, startedEventId, attempt, history,
                null);
    }

    /** Whether this is a query task rather than a workflow task. */
    public boolean isQuery() {
        return query != null;
    }

    /** Whether {@link #history} is the whole history. */
    public boolean hasFullHistory() {
        return !history.isEmpty() && history.get(0).eventId() == 1;
    }
}
