package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.visibility.VisibilityAttributes;

/**
 * UpsertWorkflowSearchAttributes → UpsertWorkflowSearchAttributes: the run's search attributes change at once,
 * so a listing sees the new values as soon as the workflow task's completion is committed.
 */
final class UpsertWorkflowSearchAttributesProcessor
        implements CommandProcessor<Command.UpsertWorkflowSearchAttributes> {

    static final UpsertWorkflowSearchAttributesProcessor INSTANCE = new UpsertWorkflowSearchAttributesProcessor();

    private static final String WHERE = "upserted search attributes";

    @Override
    public String label(Command.UpsertWorkflowSearchAttributes command) {
        return "UpsertWorkflowSearchAttributes " + command.searchAttributes().keySet()
                + (command.unset().isEmpty() ? "" : " unset " + command.unset());
    }

    @Override
    public String validate(Command.UpsertWorkflowSearchAttributes command, CommandCheck check) {
        if (command.searchAttributes().isEmpty() && command.unset().isEmpty()) {
            return "it sets and unsets nothing; upsert at least one search attribute";
        }
        String problem = VisibilityChecks.unsetNames(command.unset(), command.searchAttributes(), WHERE);
        if (problem != null) {
            return problem;
        }
        // The limits hold for what the run would have after this command (and the ones before it).
        VisibilityAttributes after = check.visibility().withSearchAttributes(command.searchAttributes(),
                command.unset());
        problem = VisibilityChecks.searchAttributes(after.searchAttributes(), WHERE);
        if (problem == null) {
            check.visibilityChanged(after);
        }
        return problem;
    }

    @Override
    public void apply(Command.UpsertWorkflowSearchAttributes command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        state.visibility = state.visibility.withSearchAttributes(command.searchAttributes(), command.unset());
        tx.append(new EventAttributes.UpsertWorkflowSearchAttributes(command.searchAttributes(), command.unset(),
                workflowTaskCompletedEventId));
    }
}
