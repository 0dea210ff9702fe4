package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;

/**
 * A client asked the run to cancel: WorkflowExecutionCancelRequested (held back while a workflow
 * task runs), then a workflow task, in which the code sees the cancellation. A repeated request
 * changes nothing.
 */
public final class RequestCancelWorkflowProcessor {

    private RequestCancelWorkflowProcessor() {
    }

    /** Returns whether the request was recorded ({@code false}: cancellation was already requested). */
    public static boolean request(TransitionContext tx, String reason, String identity) {
        return request(tx, reason, identity, null);
    }

    /**
     * Like {@link #request(TransitionContext, String, String)}; a recorded request's {@code requestId} (may be null)
     * is remembered so that a retry of the call is not applied again.
     */
    public static boolean request(TransitionContext tx, String reason, String identity, String requestId) {
        MutableState state = tx.state();
        if (state.cancelRequested) {
            return false;
        }
        state.cancelRequested = true;
        state.recentRequests.add(requestId, null);
        tx.stateChanged();
        tx.appendForWorkflow(new EventAttributes.WorkflowExecutionCancelRequested(reason, identity));
        WorkflowTasks.scheduleIfNeeded(tx);
        return true;
    }
}
