package io.reprise.engine.api;

/** Status of a Workflow Execution run. */
public enum WorkflowExecutionStatus {
    RUNNING,
    COMPLETED,
    FAILED,
    TIMED_OUT,
    CANCELED,
    TERMINATED,
    CONTINUED_AS_NEW;

    public boolean isClosed() {
        return this != RUNNING;
    }
}
