package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.HistoryEvent;

/**
 * The command that closes the run (complete or fail).
 *
 * <pre>
 * CREATED ──WorkflowExecutionCompleted / WorkflowExecutionFailed──► RECORDED
 * </pre>
 */
final class CompletionStateMachine extends CommandStateMachine {

    private boolean recorded;

    CompletionStateMachine(Command command) {
        super(command, null);
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.eventType() == command().recordedAs();
    }

    @Override
    void onRecorded(HistoryEvent event) {
        if (recorded) {
            throw new IllegalStateException("completion recorded twice: " + event);
        }
        recorded = true;
    }

    @Override
    String describeCommand() {
        return command().getClass().getSimpleName();
    }
}
