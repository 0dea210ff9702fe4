package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryDecision;
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
        boolean executionExpired = state.executionExpirationTime != null
                && !tx.now().isBefore(state.executionExpirationTime);
        NextRun next = null;
        RetryState retryState = RetryState.TIMEOUT;
        if (!executionExpired) {
            // Only the run timed out: the retry policy (or the cron schedule) goes on.
            RetryDecision retry = RunChain.retryDecision(state, null, tx.now());
            retryState = retry.retryState();
            next = retry.retry() ? RunChain.retry(state, retry.backoff()) : RunChain.nextCronRun(state, tx.now());
        }
        HistoryEvent timedOut = tx.append(new EventAttributes.WorkflowExecutionTimedOut(retryState,
                next == null ? null : next.runId()));
        state.close(WorkflowExecutionStatus.TIMED_OUT, tx.now(), timedOut);
        tx.runClosed(next);
    }
}
