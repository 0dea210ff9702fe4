package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.CanceledFailure;

/**
 * One durable timer.
 *
 * <pre>
 * CREATED ──TimerStarted──► STARTED ──TimerFired──► FIRED
 * CREATED ──cancel()──► CANCELED   (the StartTimer command is dropped, never sent)
 * STARTED ──cancel()──► CANCELED   (a CancelTimer command is added; TimerCanceled records it)
 * </pre>
 * If the timer fired before the CancelTimer command was sent (both arrived in the same task, a
 * cancellation request first), its TimerFired drops the unsent command: the code already saw the
 * cancellation.
 * A canceled timer's promise fails at once with a {@code CanceledFailure}.
 */
final class TimerStateMachine extends CommandStateMachine {

    enum State { CREATED, STARTED, FIRED, CANCELED }

    private final WorkflowStateMachines machines;
    private final Command.StartTimer command;
    private final PromiseImpl<Void> fired = new PromiseImpl<>();
    private State state = State.CREATED;

    TimerStateMachine(WorkflowStateMachines machines, Command.StartTimer command, String origin) {
        super(command, origin);
        this.machines = machines;
        this.command = command;
    }

    /** The timer's scope was canceled. */
    void cancel() {
        if (state == State.CREATED) {
            machines.dropUnsent(this);
        } else if (state == State.STARTED) {
            machines.cancelStartedTimer(command.timerId());
        } else {
            return;
        }
        state = State.CANCELED;
        machines.forgetTimer(command.timerId());
        fired.completeExceptionally(new CanceledFailure("timer \"" + command.timerId() + "\" canceled"));
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
