package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.util.List;

/**
 * Terminates the run: the buffered events (they were acknowledged, so they are kept), then
 * WorkflowExecutionTerminated. No workflow code runs; the run closes as TERMINATED and everything
 * pending is abandoned, so its activities' heartbeats and completions get {@code NOT_FOUND}.
 */
public final class TerminateWorkflowProcessor {

    private TerminateWorkflowProcessor() {
    }

    public static void terminate(TransitionContext tx, String reason, List<Payload> details, String identity) {
        terminate(tx, reason, details, identity, null);
    }

    /** Terminates on a client's call; its {@code requestId} (may be null) is remembered so that a retry is not applied. */
    public static void terminate(TransitionContext tx, String reason, List<Payload> details, String identity,
            String requestId) {
        MutableState state = tx.state();
        state.recentRequests.add(requestId, null);
        WorkflowTasks.flushBuffered(tx);
        HistoryEvent terminated = tx.append(new EventAttributes.WorkflowExecutionTerminated(reason, details,
                identity));
        state.close(WorkflowExecutionStatus.TERMINATED, tx.now(), terminated);
        tx.runClosed();
    }
}
