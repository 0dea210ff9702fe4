package io.reprise.client;

/**
 * A query could not be answered: the workflow has no query handler of that name, its query
 * method threw (the cause), or no worker answered in time.
 */
public final class WorkflowQueryException extends RuntimeException {

    private final String workflowId;
    private final String queryType;

    public WorkflowQueryException(String workflowId, String queryType, String message, Throwable cause) {
        super(message, cause);
        this.workflowId = workflowId;
        this.queryType = queryType;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public String getQueryType() {
        return queryType;
    }
}
