package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;

/**
 * CompleteWorkflowExecution → WorkflowExecutionCompleted; the run closes as COMPLETED. A cron
 * workflow's next run starts with it, waiting for the schedule's next fire time.
 */
final class CompleteWorkflowExecutionProcessor implements CommandProcessor<Command.CompleteWorkflowExecution> {

    static final CompleteWorkflowExecutionProcessor INSTANCE = new CompleteWorkflowExecutionProcessor();

    @Override
    public String label(Command.CompleteWorkflowExecution command) {
        return "CompleteWorkflowExecution";
    }

    @Override
    public String validate(Command.CompleteWorkflowExecution command, CommandCheck check) {
        return Checks.payload(command.result(), "result", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.CompleteWorkflowExecution command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        NextRun next = RunChain.nextCronRun(tx.state(), tx.now());
        HistoryEvent completed = tx.append(new EventAttributes.WorkflowExecutionCompleted(command.result(),
                workflowTaskCompletedEventId, next == null ? null : next.runId()));
        tx.state().close(WorkflowExecutionStatus.COMPLETED, tx.now(), completed);
        tx.runClosed(next);
    }

    @Override
    public boolean closesRun() {
        return true;
    }
}
