package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * CancelTimer → TimerCanceled. A timer that fired while the workflow task ran (its TimerFired is
 * buffered) is canceled all the same: the buffered TimerFired is dropped, so the code, which
 * already gave up on the timer, never sees it fire.
 */
final class CancelTimerProcessor implements CommandProcessor<Command.CancelTimer> {

    static final CancelTimerProcessor INSTANCE = new CancelTimerProcessor();

    @Override
    public String label(Command.CancelTimer command) {
        return "CancelTimer \"" + command.timerId() + "\"";
    }

    @Override
    public String validate(Command.CancelTimer command, CommandCheck check) {
        String timerId = command.timerId();
        if (timerId == null || timerId.isBlank()) {
            return "timerId is required";
        }
        if (!check.canceledTimers.add(timerId)) {
            return "timer \"" + timerId + "\" is canceled by an earlier command of this workflow task; cancel it once";
        }
        if (check.state.timers.get(timerId) == null && bufferedFire(check.state, timerId) == null) {
            return "no open timer has timerId \"" + timerId + "\"; cancel only timers that have not fired";
        }
        return null;
    }

    @Override
    public void apply(Command.CancelTimer command, TransitionContext tx, long workflowTaskCompletedEventId) {
        MutableState state = tx.state();
        TimerState timer = state.timers.remove(command.timerId());
        long startedEventId;
        if (timer != null) {
            startedEventId = timer.startedEventId();
        } else {
            HistoryEvent fired = bufferedFire(state, command.timerId());
            state.bufferedEvents.remove(fired);
            startedEventId = ((EventAttributes.TimerFired) fired.attributes()).startedEventId();
        }
        tx.append(new EventAttributes.TimerCanceled(command.timerId(), startedEventId, workflowTaskCompletedEventId));
    }

    private static HistoryEvent bufferedFire(MutableState state, String timerId) {
        for (HistoryEvent event : state.bufferedEvents) {
            if (event.attributes() instanceof EventAttributes.TimerFired f && f.timerId().equals(timerId)) {
                return event;
            }
        }
        return null;
    }
}
