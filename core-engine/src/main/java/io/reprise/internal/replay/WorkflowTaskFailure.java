package io.reprise.internal.replay;

import io.reprise.engine.api.WorkflowTaskFailedCause;

/** The workflow task cannot be completed; the worker reports it as failed with this cause. */
public final class WorkflowTaskFailure extends RuntimeException {

    private final WorkflowTaskFailedCause failedCause;

    public WorkflowTaskFailure(WorkflowTaskFailedCause failedCause, Throwable cause) {
        super(failedCause + ": " + cause.getMessage(), cause);
        this.failedCause = failedCause;
    }

    public WorkflowTaskFailedCause failedCause() {
        return failedCause;
    }
}
