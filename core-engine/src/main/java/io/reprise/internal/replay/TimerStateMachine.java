package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * One durable timer.
 *
 * <pre>
 * CREATED ──TimerStarted──► STARTED ──TimerFired──► FIRED
 * </pre>
 */
final class TimerStateMachine extends CommandStateMachine {

    enum State { CREATED, STARTED, FIRED }

    private final Command.StartTimer command;
    private final PromiseImpl<Void> fired = new PromiseImpl<>();
    private State state = State.CREATED;

    TimerStateMachine(Command.StartTimer command, String origin) {
        super(command, origin);
        this.command = command;
    }

    PromiseImpl<Void> fired() {
        return fired;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.TimerStarted s && s.timerId().equals(command.timerId());
    }

    @Override
    void onRecorded(HistoryEvent event) {
        transition(State.CREATED, State.STARTED, event);
    }

    void onFired(HistoryEvent event) {
        transition(State.STARTED, State.FIRED, event);
        fired.complete(null);
    }

    private void transition(State from, State to, HistoryEvent event) {
        if (state != from) {
            throw new IllegalStateException("Timer " + describeCommand() + " received " + event + " in state " + state
                    + " (expected " + from + ")");
        }
        state = to;
    }

    @Override
    String describeCommand() {
        return "StartTimer(timerId=\"" + command.timerId() + "\", duration=" + command.startToFireTimeout() + ")";
    }
}
