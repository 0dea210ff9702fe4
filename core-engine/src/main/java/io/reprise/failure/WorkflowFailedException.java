package io.reprise.failure;

/**
 * Thrown to a client waiting for a workflow result when the execution did not complete: it
 * failed (the cause is the failure chain the workflow threw) or timed out (the cause is a
 * {@code TimeoutFailure} of type {@code START_TO_CLOSE}, as for any timed-out execution).
 */
public final class WorkflowFailedException extends RuntimeException {

    private final String workflowId;
    private final String runId;
    private final String workflowType;
    private final String status;

    public WorkflowFailedException(String workflowId, String runId, String workflowType, String status,
            Throwable cause) {
        super("Workflow execution " + status.toLowerCase() + ": workflowId='" + workflowId + "', runId='" + runId
                + "', workflowType='" + workflowType + "'", cause);
        this.workflowId = workflowId;
        this.runId = runId;
        this.workflowType = workflowType;
        this.status = status;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public String getRunId() {
        return runId;
    }

    public String getWorkflowType() {
        return workflowType;
    }

    /** The closing status: {@code FAILED} or {@code TIMED_OUT}. */
    public String getStatus() {
        return status;
    }
}
