package io.reprise.engine.api;

/**
 * How a run closed: its status and its closing event.
 */
public record WorkflowOutcome(WorkflowExecution execution, String workflowType, WorkflowExecutionStatus status,
        HistoryEvent closeEvent) {
}
