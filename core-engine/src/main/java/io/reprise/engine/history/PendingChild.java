package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;

/**
 * A child workflow the run started and that has not closed: from its
 * StartChildWorkflowExecutionInitiated until its ChildWorkflowExecutionCompleted/Failed/…
 *
 * @param runId the child's first run, once it started; {@code null} before
 * @param startedEventId the parent's ChildWorkflowExecutionStarted, 0 before (or while it is buffered)
 */
public record PendingChild(long initiatedEventId, EventAttributes.StartChildWorkflowExecutionInitiated initiated,
        String runId, long startedEventId) {

    public boolean isStarted() {
        return runId != null;
    }

    public String workflowId() {
        return initiated.workflowId();
    }

    PendingChild started(String childRunId, long childStartedEventId) {
        return new PendingChild(initiatedEventId, initiated, childRunId, childStartedEventId);
    }
}
