package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;

/** CompleteWorkflowUpdate → WorkflowExecutionUpdateCompleted; the update is no longer pending. */
final class CompleteWorkflowUpdateProcessor implements CommandProcessor<Command.CompleteWorkflowUpdate> {

    static final CompleteWorkflowUpdateProcessor INSTANCE = new CompleteWorkflowUpdateProcessor();

    @Override
    public String label(Command.CompleteWorkflowUpdate command) {
        return "CompleteWorkflowUpdate \"" + command.updateId() + "\"";
    }

    @Override
    public String validate(Command.CompleteWorkflowUpdate command, CommandCheck check) {
        if (command.updateId() == null || !check.state.pendingUpdates.contains(command.updateId())) {
            return "no accepted update with id \"" + command.updateId() + "\" is pending";
        }
        if (!check.completedUpdates.add(command.updateId())) {
            return "update \"" + command.updateId() + "\" is completed twice";
        }
        if ((command.result() == null) == (command.failure() == null)) {
            return "exactly one of result and failure must be set";
        }
        return command.result() != null ? Checks.payload(command.result(), "result", check.maxPayloadSize())
                : Checks.failure(command.failure(), "failure", check.maxPayloadSize());
    }

    @Override
    public void apply(Command.CompleteWorkflowUpdate command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        tx.state().pendingUpdates.remove(command.updateId());
        tx.append(new EventAttributes.WorkflowExecutionUpdateCompleted(command.updateId(), command.result(),
                command.failure(), workflowTaskCompletedEventId));
    }
}
