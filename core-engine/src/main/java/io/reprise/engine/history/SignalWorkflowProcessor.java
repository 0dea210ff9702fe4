package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import java.util.List;

/** A signal arrived: WorkflowExecutionSignaled (held back while a workflow task runs), then a workflow task. */
public final class SignalWorkflowProcessor {

    private SignalWorkflowProcessor() {
    }

    /**
     * The problem with signalling the run with {@code signalName}, or {@code null}: once the
     * workflow code declared its signals, a name it does not handle is refused.
     */
    public static String check(MutableState state, String signalName) {
        if (state.signalNames == null || state.signalNames.contains(signalName)) {
            return null;
        }
        return "Workflow type \"" + state.workflowType + "\" has no signal handler named \"" + signalName
                + "\"; its signals: " + state.signalNames + ". Add a @SignalMethod with this name, or send one of those";
    }

    public static void signal(TransitionContext tx, String signalName, List<Payload> input, String identity) {
        signal(tx, new EventAttributes.WorkflowExecutionSignaled(signalName, input, identity), null);
    }

    /**
     * Records {@code signal}; its {@code requestId} (may be null) is remembered so that a retry of the call is not
     * recorded again.
     */
    public static void signal(TransitionContext tx, EventAttributes.WorkflowExecutionSignaled signal,
            String requestId) {
        tx.state().recentRequests.add(requestId, null);
        tx.stateChanged();
        tx.appendForWorkflow(signal);
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
