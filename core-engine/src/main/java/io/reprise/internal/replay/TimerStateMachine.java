package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.CanceledFailure;

/**
 * One durable timer, with its StartTimer command and, when canceled after it started, its
 * CancelTimer command.
 *
 * <pre>
 * CREATED ──TimerStarted──► STARTED ──TimerFired──► FIRED
 * CREATED ──cancel()──► CANCELED                   (the StartTimer command is dropped, never sent)
 * STARTED ──cancel()──► CANCEL_REQUESTED           (a CancelTimer command is added)
 * CANCEL_REQUESTED ──TimerCanceled──► CANCELED     (the CancelTimer command is recorded)
 * CANCEL_REQUESTED ──TimerFired, CancelTimer not sent──► FIRED   (the CancelTimer command is dropped)
 * CANCEL_REQUESTED ──TimerFired, CancelTimer sent──► non-determinism error
 * </pre>
 * A cancellation and the timer's firing can arrive in the same workflow task, the cancellation
 * first (a cancellation request, then TimerFired): the timer fired before the CancelTimer command
 * could be sent, so its TimerFired drops that command, and the code, which already saw the
 * cancellation, is not told. Once the CancelTimer command was sent, the engine records
 * TimerCanceled instead of a TimerFired (it drops a TimerFired buffered meanwhile), so a TimerFired
 * then means the history is not this code's. A canceled timer's promise fails at once, at
 * {@code cancel()}, with a {@code CanceledFailure}.
 */
final class TimerStateMachine extends CommandStateMachine {

    enum State { CREATED, STARTED, CANCEL_REQUESTED, FIRED, CANCELED }

    private final WorkflowStateMachines machines;
    private final Command.StartTimer command;
    private final PromiseImpl<Void> fired = new PromiseImpl<>();
    private State state = State.CREATED;
    /** The CancelTimer command, from CANCEL_REQUESTED on. */
    private CancelTimer cancelCommand;

    TimerStateMachine(WorkflowStateMachines machines, Command.StartTimer command, String origin) {
        super(command, origin);
        this.machines = machines;
        this.command = command;
    }

    String timerId() {
        return command.timerId();
    }

    State state() {
        return state;
    }

    PromiseImpl<Void> fired() {
        return fired;
    }

    /** The timer's scope was canceled. */
    void cancel() {
        switch (state) {
            case CREATED -> {
                machines.dropUnsent(this);
                state = State.CANCELED;
            }
            case STARTED -> {
                cancelCommand = new CancelTimer();
                machines.add(cancelCommand);
                state = State.CANCEL_REQUESTED;
            }
            default -> {
                // Already fired, or already canceled.
                return;
            }
        }
        fired.completeExceptionally(new CanceledFailure("timer \"" + command.timerId() + "\" canceled"));
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
        switch (state) {
            case STARTED -> {
                state = State.FIRED;
                fired.complete(null);
            }
            case CANCEL_REQUESTED -> {
                if (cancelCommand.isSent()) {
                    throw NonDeterminismReporter.noSuchTimer(event, command.timerId());
                }
                machines.dropUnsent(cancelCommand);
                state = State.FIRED;
            }
            default -> throw new IllegalStateException("Timer " + describeCommand() + " received " + event
                    + " in state " + state + " (expected STARTED or CANCEL_REQUESTED)");
        }
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

    /** The CancelTimer command of this timer: its place in the command order, recorded as TimerCanceled. */
    private final class CancelTimer extends CommandStateMachine {

        CancelTimer() {
            super(new Command.CancelTimer(command.timerId()), null);
        }

        @Override
        boolean matches(HistoryEvent event) {
            return event.attributes() instanceof EventAttributes.TimerCanceled c
                    && c.timerId().equals(command.timerId());
        }

        @Override
        void onRecorded(HistoryEvent event) {
            transition(State.CANCEL_REQUESTED, State.CANCELED, event);
        }

        @Override
        String describeCommand() {
            return "CancelTimer(timerId=\"" + command.timerId() + "\")";
        }
    }
}
