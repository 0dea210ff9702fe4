package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;

/**
 * What the engine learns about a run's children and external requests after it delivered them:
 * each outcome is recorded for the workflow (held back while a workflow task runs) and a workflow
 * task scheduled. Outcomes for items no longer pending (already recorded, or the run closed) are ignored.
 */
public final class ChildWorkflowEventsProcessor {

    private ChildWorkflowEventsProcessor() {
    }

    /** The child's first run started. */
    public static void childStarted(TransitionContext tx, long initiatedEventId, String childRunId) {
        MutableState state = tx.state();
        PendingChild child = state.children.get(initiatedEventId);
        if (!state.isRunning() || child == null || child.isStarted()) {
            return;
        }
        long startedEventId = tx.appendForWorkflow(new EventAttributes.ChildWorkflowExecutionStarted(
                child.workflowId(), childRunId, child.initiated().workflowType(), initiatedEventId));
        state.children.put(initiatedEventId, child.started(childRunId, startedEventId));
        tx.stateChanged();
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    /** The child could not start ({@code cause}, e.g. WORKFLOW_ALREADY_EXISTS). */
    public static void childStartFailed(TransitionContext tx, long initiatedEventId, String cause) {
        MutableState state = tx.state();
        PendingChild child = state.children.get(initiatedEventId);
        if (!state.isRunning() || child == null || child.isStarted()) {
            return;
        }
        state.children.remove(initiatedEventId);
        tx.appendForWorkflow(new EventAttributes.StartChildWorkflowExecutionFailed(child.workflowId(),
                child.initiated().workflowType(), cause, initiatedEventId));
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    /**
     * The child's chain of runs ended with {@code closeEvent} in run {@code childRunId}. If its start
     * was not recorded yet (it finished first), ChildWorkflowExecutionStarted is recorded before.
     */
    public static void childClosed(TransitionContext tx, long initiatedEventId, String firstRunId, String childRunId,
            EventAttributes closeEvent) {
        MutableState state = tx.state();
        if (!state.isRunning() || !state.children.containsKey(initiatedEventId)) {
            return;
        }
        if (!state.children.get(initiatedEventId).isStarted()) {
            childStarted(tx, initiatedEventId, firstRunId);
        }
        PendingChild child = state.children.remove(initiatedEventId);
        String id = child.workflowId();
        long started = child.startedEventId();
        EventAttributes recorded = switch (closeEvent) {
            case EventAttributes.WorkflowExecutionCompleted c ->
                    new EventAttributes.ChildWorkflowExecutionCompleted(id, childRunId, c.result(), initiatedEventId,
                            started);
            case EventAttributes.WorkflowExecutionFailed f ->
                    new EventAttributes.ChildWorkflowExecutionFailed(id, childRunId, f.failure(), initiatedEventId,
                            started);
            case EventAttributes.WorkflowExecutionCanceled c ->
                    new EventAttributes.ChildWorkflowExecutionCanceled(id, childRunId, c.details(), initiatedEventId,
                            started);
            case EventAttributes.WorkflowExecutionTimedOut t ->
                    new EventAttributes.ChildWorkflowExecutionTimedOut(id, childRunId, initiatedEventId, started);
            case EventAttributes.WorkflowExecutionTerminated t ->
                    new EventAttributes.ChildWorkflowExecutionTerminated(id, childRunId, t.reason(), initiatedEventId,
                            started);
            default -> throw new IllegalArgumentException("not a close event: " + closeEvent);
        };
        tx.stateChanged();
        tx.appendForWorkflow(recorded);
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    /** A signal or cancellation request was delivered ({@code failureCause == null}) or could not be. */
    public static void externalDone(TransitionContext tx, long initiatedEventId, String targetRunId,
            String failureCause) {
        MutableState state = tx.state();
        PendingExternal external = state.externals.get(initiatedEventId);
        if (!state.isRunning() || external == null) {
            return;
        }
        state.externals.remove(initiatedEventId);
        String id = external.workflowId();
        String runId = targetRunId != null ? targetRunId : external.runId();
        EventAttributes recorded;
        if (external.isSignal()) {
            recorded = failureCause == null
                    ? new EventAttributes.ExternalWorkflowExecutionSignaled(id, runId, initiatedEventId)
                    : new EventAttributes.SignalExternalWorkflowExecutionFailed(id, runId, failureCause,
                            initiatedEventId);
        } else {
            recorded = failureCause == null
                    ? new EventAttributes.ExternalWorkflowExecutionCancelRequested(id, runId, initiatedEventId)
                    : new EventAttributes.RequestCancelExternalWorkflowExecutionFailed(id, runId, failureCause,
                            initiatedEventId);
        }
        tx.stateChanged();
        tx.appendForWorkflow(recorded);
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
