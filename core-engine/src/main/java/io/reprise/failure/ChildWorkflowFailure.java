package io.reprise.failure;

/**
 * A child workflow started by a workflow failed, timed out, was canceled or terminated. The cause
 * says why: an {@link ApplicationFailure} (the child's own failure), a {@link TimeoutFailure}, a
 * {@link CanceledFailure} or a {@link TerminatedFailure}.
 */
public final class ChildWorkflowFailure extends RepriseFailure {

    private final String workflowId;
    private final String runId;
    private final String workflowType;
    private final long initiatedEventId;
    private final long startedEventId;
    private final RetryState retryState;

    public ChildWorkflowFailure(String message, String workflowId, String runId, String workflowType,
            long initiatedEventId, long startedEventId, RetryState retryState, Throwable cause) {
        super("Child workflow failed: workflowId='" + workflowId + "', runId='" + runId + "', workflowType='"
                + workflowType + "', initiatedEventId=" + initiatedEventId + ", startedEventId=" + startedEventId
                + (message == null || message.isEmpty() ? "" : ", message='" + message + "'"), message, cause);
        this.workflowId = workflowId;
        this.runId = runId;
        this.workflowType = workflowType;
        this.initiatedEventId = initiatedEventId;
        this.startedEventId = startedEventId;
        this.retryState = retryState;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    /** The child's run that ended (its last, if it continued as new or retried); {@code null} if it never started. */
    public String getRunId() {
        return runId;
    }

    public String getWorkflowType() {
        return workflowType;
    }

    public long getInitiatedEventId() {
        return initiatedEventId;
    }

    public long getStartedEventId() {
        return startedEventId;
    }

    public RetryState getRetryState() {
        return retryState;
    }
}
