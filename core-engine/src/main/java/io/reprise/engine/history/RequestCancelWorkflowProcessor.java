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
        MutableState state = tx.state();
        if (state.cancelRequested) {
            return false;
        }
        state.cancelRequested = true;
        tx.stateChanged();
        tx.appendForWorkflow(new EventAttributes.WorkflowExecutionCancelRequested(reason, identity));
        WorkflowTasks.scheduleIfNeeded(tx);
        return true;
    }
}
