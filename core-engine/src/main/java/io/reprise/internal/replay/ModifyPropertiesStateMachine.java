package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * The workflow code upserted memo entries.
 *
 * <pre>
 * CREATED ──WorkflowPropertiesModified (same memo keys)──► RECORDED
 * </pre>
 * Like search attribute upserts, matched by the keys changed, not their values.
 */
final class ModifyPropertiesStateMachine extends RecordOnlyStateMachine {

    ModifyPropertiesStateMachine(Command.ModifyWorkflowProperties command, String origin) {
        super(command, origin);
    }

    private Command.ModifyWorkflowProperties modify() {
        return (Command.ModifyWorkflowProperties) command();
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.WorkflowPropertiesModified recorded
                && recorded.upsertedMemo().keySet().equals(modify().upsertedMemo().keySet());
    }

    @Override
    String describeCommand() {
        return "ModifyWorkflowProperties(memo keys=" + modify().upsertedMemo().keySet() + ")";
    }
}
