package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/** StartTimer → TimerStarted; the timer fires at the event time + its duration. A blank id becomes the event id. */
final class StartTimerProcessor implements CommandProcessor<Command.StartTimer> {

    static final StartTimerProcessor INSTANCE = new StartTimerProcessor();

    @Override
    public String label(Command.StartTimer command) {
        return "StartTimer \"" + command.timerId() + "\"";
    }

    @Override
    public String validate(Command.StartTimer command, CommandCheck check) {
        String problem = Checks.optionalName(command.timerId(), "timerId");
        if (problem != null) {
            return problem;
        }
        if (command.startToFireTimeout() == null || !command.startToFireTimeout().isPositive()) {
            return "startToFireTimeout must be positive, got " + command.startToFireTimeout();
        }
        String timerId = command.timerId();
        if (timerId != null && !timerId.isBlank()) {
            TimerState open = check.state.timers.get(timerId);
            if (open != null) {
                return "timerId \"" + timerId + "\" is already used by an open timer (startedEventId "
                        + open.startedEventId() + "); use a different timer id";
            }
            if (!check.timerIds.add(timerId)) {
                return "timerId \"" + timerId + "\" is used by an earlier command of this workflow task;"
                        + " use a different timer id";
            }
        }
        return null;
    }

    @Override
    public void apply(Command.StartTimer command, TransitionContext tx, long workflowTaskCompletedEventId) {
        String timerId = command.timerId() == null || command.timerId().isBlank()
                ? Long.toString(tx.nextEventId()) : command.timerId();
        HistoryEvent started = tx.append(new EventAttributes.TimerStarted(timerId, command.startToFireTimeout(),
                workflowTaskCompletedEventId));
        tx.state().timers.put(timerId,
                new TimerState(timerId, started.eventId(), tx.now().plus(command.startToFireTimeout())));
    }
}
