package io.reprise.engine.history;

import io.reprise.common.ParentClosePolicy;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * StartChildWorkflowExecution → StartChildWorkflowExecutionInitiated; the child becomes pending
 * and the engine starts it after the commit (ChildWorkflowExecutionStarted, or
 * StartChildWorkflowExecutionFailed when its Workflow Id is taken).
 */
final class StartChildWorkflowProcessor implements CommandProcessor<Command.StartChildWorkflowExecution> {

    static final StartChildWorkflowProcessor INSTANCE = new StartChildWorkflowProcessor();

    @Override
    public String label(Command.StartChildWorkflowExecution command) {
        return "StartChildWorkflowExecution \"" + command.workflowType() + "\"";
    }

    @Override
    public String validate(Command.StartChildWorkflowExecution command, CommandCheck check) {
        String problem = Checks.requiredName(command.workflowId(), "Child workflow id",
                "set ChildWorkflowOptions.workflowId or leave it unset for a generated one");
        if (problem == null) {
            problem = Checks.requiredName(command.workflowType(), "Child workflow type", "name the workflow type");
        }
        if (problem == null) {
            problem = Checks.optionalName(command.taskQueue(), "Task queue");
        }
        if (problem == null) {
            problem = Checks.optionalTimeout(command.workflowExecutionTimeout(), "workflowExecutionTimeout");
        }
        if (problem == null) {
            problem = Checks.optionalTimeout(command.workflowRunTimeout(), "workflowRunTimeout");
        }
        if (problem == null) {
            problem = Checks.optionalTimeout(command.workflowTaskTimeout(), "workflowTaskTimeout");
        }
        if (problem == null && command.retryPolicy() != null) {
            problem = Checks.retryPolicy(command.retryPolicy(), "retryPolicy");
        }
        if (problem == null && command.workflowId().equals(check.state.key.workflowId())) {
            problem = "a child workflow cannot have its parent's workflow id \"" + command.workflowId() + "\"";
        }
        problem = problem != null ? problem : Checks.payloads(command.input(), "input", check.maxPayloadSize());
        return problem != null ? problem : Checks.header(command.header(), "header", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.StartChildWorkflowExecution command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        EventAttributes.StartChildWorkflowExecutionInitiated initiated =
                new EventAttributes.StartChildWorkflowExecutionInitiated(command.workflowId(), command.workflowType(),
                        command.taskQueue() != null ? command.taskQueue() : state.taskQueue, command.input(),
                        command.workflowExecutionTimeout(), command.workflowRunTimeout(),
                        command.workflowTaskTimeout(), command.retryPolicy(), command.cronSchedule(),
                        command.parentClosePolicy() != null ? command.parentClosePolicy() : ParentClosePolicy.TERMINATE,
                        command.workflowIdReusePolicy() != null ? command.workflowIdReusePolicy()
                                : WorkflowIdReusePolicy.ALLOW_DUPLICATE,
                        workflowTaskCompletedEventId, command.header());
        HistoryEvent event = tx.append(initiated);
        state.children.put(event.eventId(), new PendingChild(event.eventId(), initiated, null, 0));
    }
}
