package io.reprise.failure;

import io.reprise.common.WorkflowExecutionStatus;
import java.util.Locale;
import java.util.Objects;

/**
 * Thrown to a client waiting for a workflow result when the execution did not complete. Its
 * {@link #getStatus() status} says how the run closed, and its cause says why:
 * <ul>
 *   <li>{@code FAILED}: the workflow threw; the cause is the failure chain it threw;</li>
 *   <li>{@code TIMED_OUT}: its Workflow Execution or Run Timeout was reached; the cause is a
 *       {@link TimeoutFailure} of type {@code START_TO_CLOSE};</li>
 *   <li>{@code CANCELED}: it ended because a cancellation was requested; the cause is a {@link CanceledFailure};</li>
 *   <li>{@code TERMINATED}: it was terminated; the cause is a {@link TerminatedFailure} with the reason.</li>
 * </ul>
 * A {@code COMPLETED} run returns its result instead, and a run that {@code CONTINUED_AS_NEW} (continue-as-new,
 * a retry, a cron run) is not an end: the client waits for the last run of the chain and reports how that closed.
 */
public final class WorkflowFailedException extends RuntimeException {

    private final String workflowId;
    private final String runId;
    private final String workflowType;
    private final WorkflowExecutionStatus status;

    public WorkflowFailedException(String workflowId, String runId, String workflowType,
            WorkflowExecutionStatus status, Throwable cause) {
        super("Workflow execution " + Objects.requireNonNull(status, "status").name().toLowerCase(Locale.ROOT)
                + ": workflowId='" + workflowId + "', runId='" + runId + "', workflowType='" + workflowType + "'",
                cause);
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

    /** How the run closed: {@code FAILED}, {@code TIMED_OUT}, {@code CANCELED} or {@code TERMINATED}. */
    public WorkflowExecutionStatus getStatus() {
        return status;
    }
}
