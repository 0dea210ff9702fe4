package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;

/**
 * ContinueAsNewWorkflowExecution → WorkflowExecutionContinuedAsNew; the run closes as
 * CONTINUED_AS_NEW and a new run of the same Workflow Id starts in the same commit with a fresh
 * history, the command's input, and the chain's retry policy, cron schedule and execution timeout.
 */
final class ContinueAsNewWorkflowExecutionProcessor
        implements CommandProcessor<Command.ContinueAsNewWorkflowExecution> {

    static final ContinueAsNewWorkflowExecutionProcessor INSTANCE = new ContinueAsNewWorkflowExecutionProcessor();

    @Override
    public String label(Command.ContinueAsNewWorkflowExecution command) {
        return "ContinueAsNewWorkflowExecution";
    }

    @Override
    public String validate(Command.ContinueAsNewWorkflowExecution command, CommandCheck check) {
        String problem = Checks.optionalName(command.workflowType(), "Workflow type");
        if (problem == null) {
            problem = Checks.optionalName(command.taskQueue(), "Task queue");
        }
        if (problem == null) {
            problem = Checks.optionalTimeout(command.workflowRunTimeout(), "workflowRunTimeout");
        }
        if (problem == null) {
            problem = Checks.optionalTimeout(command.workflowTaskTimeout(), "workflowTaskTimeout");
        }
        problem = problem != null ? problem : Checks.payloads(command.input(), "input", check.maxPayloadSize());
        return problem != null ? problem : Checks.header(command.header(), "header", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.ContinueAsNewWorkflowExecution command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        NextRun next = RunChain.continueAsNew(state, command.workflowType(), command.taskQueue(), command.input(),
                command.workflowRunTimeout(), command.workflowTaskTimeout(), command.header());
        HistoryEvent continued = tx.append(new EventAttributes.WorkflowExecutionContinuedAsNew(next.runId(),
                next.workflowType(), next.taskQueue(), next.input(), next.runTimeout(), next.taskTimeout(),
                workflowTaskCompletedEventId, next.header()));
        state.close(WorkflowExecutionStatus.CONTINUED_AS_NEW, tx.now(), continued);
        tx.runClosed(next);
    }

    @Override
    public boolean closesRun() {
        return true;
    }
}
