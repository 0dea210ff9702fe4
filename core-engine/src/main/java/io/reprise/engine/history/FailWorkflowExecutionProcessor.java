package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryDecision;
import io.reprise.engine.api.WorkflowExecutionStatus;

/**
 * FailWorkflowExecution → WorkflowExecutionFailed; the run closes as FAILED. The workflow's retry
 * policy may start a retry (attempt + 1) with it, or a cron workflow its next run ({@link RunChain}).
 */
final class FailWorkflowExecutionProcessor implements CommandProcessor<Command.FailWorkflowExecution> {

    static final FailWorkflowExecutionProcessor INSTANCE = new FailWorkflowExecutionProcessor();

    @Override
    public String label(Command.FailWorkflowExecution command) {
        return "FailWorkflowExecution";
    }

    @Override
    public String validate(Command.FailWorkflowExecution command, CommandCheck check) {
        if (command.failure() == null) {
            return "failure is required";
        }
        return Checks.failure(command.failure(), "failure", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.FailWorkflowExecution command, TransitionContext tx, long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        RetryDecision retry = RunChain.retryDecision(state, command.failure(), tx.now());
        NextRun next = retry.retry() ? RunChain.retry(state, retry.backoff()) : RunChain.nextCronRun(state, tx.now());
        HistoryEvent failed = tx.append(new EventAttributes.WorkflowExecutionFailed(command.failure(),
                workflowTaskCompletedEventId, retry.retryState(), next == null ? null : next.runId()));
        state.close(WorkflowExecutionStatus.FAILED, tx.now(), failed);
        tx.runClosed(next);
    }

    @Override
    public boolean closesRun() {
        return true;
    }
}
