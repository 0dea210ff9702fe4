package io.reprise.client;

/**
 * An update did not produce a result: it was rejected before it was accepted (no handler of that
 * name, or its validator threw; {@link #isRejected()}, and the workflow's history has no trace of
 * it), or its handler threw. The cause is the failure the workflow reported.
 */
public final class WorkflowUpdateException extends RuntimeException {

    private final String workflowId;
    private final String updateName;
    private final String updateId;
    private final boolean rejected;

    public WorkflowUpdateException(String workflowId, String updateName, String updateId, boolean rejected,
            String message, Throwable cause) {
        super(message, cause);
        this.workflowId = workflowId;
        this.updateName = updateName;
        this.updateId = updateId;
        this.rejected = rejected;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public String getUpdateName() {
        return updateName;
    }

    public String getUpdateId() {
        return updateId;
    }

    /** Whether the update was refused before it was accepted (nothing was recorded). */
    public boolean isRejected() {
        return rejected;
    }
}
