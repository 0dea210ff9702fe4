package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.visibility.VisibilityAttributes;

/** ModifyWorkflowProperties → WorkflowPropertiesModified: the run's memo changes at once. */
final class ModifyWorkflowPropertiesProcessor implements CommandProcessor<Command.ModifyWorkflowProperties> {

    static final ModifyWorkflowPropertiesProcessor INSTANCE = new ModifyWorkflowPropertiesProcessor();

    @Override
    public String label(Command.ModifyWorkflowProperties command) {
        return "ModifyWorkflowProperties " + command.upsertedMemo().keySet();
    }

    @Override
    public String validate(Command.ModifyWorkflowProperties command, CommandCheck check) {
        if (command.upsertedMemo().isEmpty()) {
            return "it changes no memo entry; upsert at least one";
        }
        String problem = VisibilityChecks.memo(command.upsertedMemo(), "upserted memo", check.maxPayloadSize());
        if (problem != null) {
            return problem;
        }
        VisibilityAttributes after = check.visibility().withMemo(command.upsertedMemo());
        problem = VisibilityChecks.memo(after.memo(), "the run's memo", check.maxPayloadSize());
        if (problem == null) {
            check.visibilityChanged(after);
        }
        return problem;
    }

    @Override
    public void apply(Command.ModifyWorkflowProperties command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        state.visibility = state.visibility.withMemo(command.upsertedMemo());
        tx.append(new EventAttributes.WorkflowPropertiesModified(command.upsertedMemo(), workflowTaskCompletedEventId));
    }
}
