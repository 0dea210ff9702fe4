package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * The end of an update's handler: its result or failure, recorded as WorkflowExecutionUpdateCompleted.
 *
 * <pre>
 * CREATED ──WorkflowExecutionUpdateCompleted (same update id)──► RECORDED
 * </pre>
 * Nothing waits for it inside the workflow: the engine hands the result to the caller.
 */
final class UpdateCompletionStateMachine extends RecordOnlyStateMachine {

    private final Command.CompleteWorkflowUpdate completion;

    UpdateCompletionStateMachine(Command.CompleteWorkflowUpdate completion, String origin) {
        super(completion, origin);
        this.completion = completion;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.WorkflowExecutionUpdateCompleted completed
                && completed.updateId().equals(completion.updateId());
    }

    @Override
    String describeCommand() {
        return "CompleteWorkflowUpdate(updateId=\"" + completion.updateId() + "\")";
    }
}
