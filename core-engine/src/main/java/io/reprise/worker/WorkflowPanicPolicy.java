package io.reprise.worker;

/**
 * What a worker does when workflow code is broken: a non-determinism error, a potential
 * deadlock, or an exception that is not a {@code RepriseFailure}.
 */
public enum WorkflowPanicPolicy {
    /**
     * Fail the Workflow Task; the engine retries it (with a growing backoff), so a fixed
     * deployment picks the execution up where it stopped. The default.
     */
    FAIL_WORKFLOW_TASK,
    /** Fail the Workflow Execution for good. */
    FAIL_WORKFLOW
}
