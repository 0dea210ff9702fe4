package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.HistoryEvent;

/**
 * The command that closes the run (complete, fail, cancel or continue as new).
 *
 * <pre>
 * CREATED ──WorkflowExecutionCompleted / Failed / Canceled / ContinuedAsNew──► RECORDED
 * </pre>
 */
final class CompletionStateMachine extends RecordOnlyStateMachine {

    CompletionStateMachine(Command command) {
        super(command, null);
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.eventType() == command().recordedAs();
    }

    @Override
    String describeCommand() {
        return command().getClass().getSimpleName();
    }
}
