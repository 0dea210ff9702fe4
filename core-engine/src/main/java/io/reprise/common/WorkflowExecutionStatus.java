package io.reprise.common;

/**
 * The status of a Workflow Execution run: {@code RUNNING} until it closes, then how it closed.
 * Visibility queries spell them {@code Running}, {@code Completed}, {@code TimedOut}, … (docs/visibility.md).
 */
public enum WorkflowExecutionStatus {
    /** Open: workflow tasks, activities or timers are still to come. */
    RUNNING,
    /** The workflow method returned; the result is recorded. */
    COMPLETED,
    /** The workflow method threw (after its retries, if it has a retry policy). */
    FAILED,
    /** The Workflow Execution Timeout or Workflow Run Timeout was reached. */
    TIMED_OUT,
    /** A cancellation was requested and the workflow code ended because of it. */
    CANCELED,
    /** Ended at once by {@code WorkflowStub.terminate} (or its parent's close policy); no code ran. */
    TERMINATED,
    /** The run continued as a new run of the same Workflow Id (continue-as-new, a retry, or a cron run). */
    CONTINUED_AS_NEW;

    /** Whether the run has closed (every status but {@link #RUNNING}). */
    public boolean isClosed() {
        return this != RUNNING;
    }
}
