package io.reprise.client;

/** A run with the same Workflow Id is already running. */
public final class WorkflowExecutionAlreadyStarted extends RuntimeException {

    private final String workflowId;

    public WorkflowExecutionAlreadyStarted(String workflowId, String message, Throwable cause) {
        super(message, cause);
        this.workflowId = workflowId;
    }

    public String getWorkflowId() {
        return workflowId;
    }
}
