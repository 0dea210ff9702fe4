package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import java.util.List;

/**
 * An update passed its validation: WorkflowExecutionUpdateAccepted (held back while a workflow
 * task runs), then a workflow task in which its handler starts. The update stays pending in the
 * state until its handler's CompleteWorkflowUpdate is recorded.
 */
public final class AcceptUpdateProcessor {

    private AcceptUpdateProcessor() {
    }

    public static void accept(TransitionContext tx, String updateId, String updateName, List<Payload> input,
            String identity) {
        accept(tx, updateId, updateName, input, identity, null);
    }

    /** Accepts an update; its {@code requestId} (may be null) is remembered with the update id for the call's retries. */
    public static void accept(TransitionContext tx, String updateId, String updateName, List<Payload> input,
            String identity, String requestId) {
        MutableState state = tx.state();
        state.pendingUpdates.add(updateId);
        state.recentRequests.add(requestId, updateId);
        tx.stateChanged();
        tx.appendForWorkflow(new EventAttributes.WorkflowExecutionUpdateAccepted(updateId, updateName, input,
                identity));
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
