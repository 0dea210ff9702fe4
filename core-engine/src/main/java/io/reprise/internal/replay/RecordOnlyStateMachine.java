package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.HistoryEvent;

/**
 * A command whose life ends when it is recorded: nothing in the workflow waits for a later event
 * about it (markers, upserts, a request to cancel an activity, an update's completion, the command
 * that closes the run).
 *
 * <pre>
 * CREATED ──its event (see {@link #matches})──► RECORDED
 * </pre>
 */
abstract class RecordOnlyStateMachine extends CommandStateMachine {

    enum State { CREATED, RECORDED }

    private State state = State.CREATED;

    RecordOnlyStateMachine(Command command, String origin) {
        super(command, origin);
    }

    State state() {
        return state;
    }

    @Override
    final void onRecorded(HistoryEvent event) {
        if (state != State.CREATED) {
            throw new IllegalStateException(describeCommand() + " received " + event + " in state " + state
                    + " (expected CREATED)");
        }
        state = State.RECORDED;
    }
}
