package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;

/**
 * CancelWorkflowExecution → WorkflowExecutionCanceled; the run closes as CANCELED. Only a run
 * whose cancellation was requested may end this way.
 */
final class CancelWorkflowExecutionProcessor implements CommandProcessor<Command.CancelWorkflowExecution> {

    static final CancelWorkflowExecutionProcessor INSTANCE = new CancelWorkflowExecutionProcessor();

    @Override
    public String label(Command.CancelWorkflowExecution command) {
        return "CancelWorkflowExecution";
    }

    @Override
    public String validate(Command.CancelWorkflowExecution command, CommandCheck check) {
        if (!check.state.cancelRequested) {
            return "no cancellation of this workflow execution was requested; fail or complete it instead";
        }
        return Checks.payloads(command.details(), "details", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.CancelWorkflowExecution command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        HistoryEvent canceled = tx.append(
                new EventAttributes.WorkflowExecutionCanceled(command.details(), workflowTaskCompletedEventId));
        tx.state().close(WorkflowExecutionStatus.CANCELED, tx.now(), canceled);
        tx.runClosed();
    }

    @Override
    public boolean closesRun() {
        return true;
    }
}
