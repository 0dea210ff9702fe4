package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.util.Set;
import java.util.TreeSet;

/**
 * The workflow code upserted search attributes.
 *
 * <pre>
 * CREATED ──UpsertWorkflowSearchAttributes (same names set, same names unset)──► RECORDED
 * </pre>
 * As in Temporal, the determinism check compares which attributes the command changes, not their values: code
 * that now computes another value for the same attribute replays, and the new value holds from then on.
 */
final class UpsertSearchAttributesStateMachine extends RecordOnlyStateMachine {

    UpsertSearchAttributesStateMachine(Command.UpsertWorkflowSearchAttributes command, String origin) {
        super(command, origin);
    }

    private Command.UpsertWorkflowSearchAttributes upsert() {
        return (Command.UpsertWorkflowSearchAttributes) command();
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.UpsertWorkflowSearchAttributes recorded
                && recorded.searchAttributes().keySet().equals(upsert().searchAttributes().keySet())
                && Set.copyOf(recorded.unset()).equals(Set.copyOf(upsert().unset()));
    }

    @Override
    String describeCommand() {
        return "UpsertWorkflowSearchAttributes(set=" + upsert().searchAttributes().keySet() + ", unset="
                + new TreeSet<>(upsert().unset()) + ")";
    }
}
