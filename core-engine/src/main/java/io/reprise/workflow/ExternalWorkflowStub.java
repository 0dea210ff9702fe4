package io.reprise.workflow;

/**
 * A handle on another Workflow Execution, for use in workflow code; see
 * {@link Workflow#newUntypedExternalWorkflowStub}. Signals and cancellation requests are recorded
 * in this workflow's history and delivered by the engine.
 */
public interface ExternalWorkflowStub {

    /**
     * Signals the execution and waits until the signal is recorded there.
     *
     * @throws io.reprise.failure.ApplicationFailure of type {@code EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND}
     *     when it does not exist or is closed
     */
    void signal(String signalName, Object... args);

    /** Like {@link #signal}, without waiting: the promise completes when the signal is recorded. */
    Promise<Void> signalAsync(String signalName, Object... args);

    /** Asks the execution to cancel and waits until the request is recorded there. */
    void cancel();
}
