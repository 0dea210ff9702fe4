package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * The cancellation of a started timer.
 *
 * <pre>
 * CREATED ──TimerCanceled──► RECORDED
 * </pre>
 */
final class CancelTimerStateMachine extends CommandStateMachine {

    private final String timerId;

    CancelTimerStateMachine(String timerId) {
        super(new Command.CancelTimer(timerId), null);
        this.timerId = timerId;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.TimerCanceled c && c.timerId().equals(timerId);
    }

    @Override
    void onRecorded(HistoryEvent event) {
    }

    @Override
    String describeCommand() {
        return "CancelTimer(timerId=\"" + timerId + "\")";
    }
}
