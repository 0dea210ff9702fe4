package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.failure.RetryState;

/**
 * The run outlived its run (or execution) timeout: the buffered events (they were acknowledged,
 * so they are kept), then WorkflowExecutionTimedOut; the run closes as TIMED_OUT and everything
 * pending is abandoned.
 */
final class WorkflowExecutionTimedOutProcessor {

    private WorkflowExecutionTimedOutProcessor() {
    }

    static void timeOut(TransitionContext tx) {
        MutableState state = tx.state();
        WorkflowTasks.flushBuffered(tx);
        HistoryEvent timedOut = tx.append(new EventAttributes.WorkflowExecutionTimedOut(RetryState.TIMEOUT));
        state.close(WorkflowExecutionStatus.TIMED_OUT, tx.now(), timedOut);
        tx.runClosed();
    }
}
