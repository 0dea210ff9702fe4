package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.RetryState;

/**
 * One activity invocation.
 *
 * <pre>
 * CREATED ──ActivityTaskScheduled──► SCHEDULED ──ActivityTaskCompleted──► COMPLETED
 *                                              ──ActivityTaskFailed─────► FAILED
 *                                              ──ActivityTaskTimedOut───► TIMED_OUT
 * </pre>
 * Retries happen inside the engine; the workflow sees only the final outcome.
 */
final class ActivityStateMachine extends CommandStateMachine {

    enum State { CREATED, SCHEDULED, COMPLETED, FAILED, TIMED_OUT }

    private final Command.ScheduleActivityTask command;
    private final PromiseImpl<Payload> result = new PromiseImpl<>();
    private final FailureConverter failures;
    private State state = State.CREATED;
    private long scheduledEventId;

    ActivityStateMachine(Command.ScheduleActivityTask command, String origin, FailureConverter failures) {
        super(command, origin);
        this.command = command;
        this.failures = failures;
    }

    PromiseImpl<Payload> result() {
        return result;
    }

    long scheduledEventId() {
        return scheduledEventId;
    }

    State state() {
        return state;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.ActivityTaskScheduled s
                && s.activityType().equals(command.activityType())
                && s.activityId().equals(command.activityId());
    }

    @Override
    void onRecorded(HistoryEvent event) {
        transition(State.CREATED, State.SCHEDULED, event);
        scheduledEventId = event.eventId();
    }

    void onCompleted(HistoryEvent event, EventAttributes.ActivityTaskCompleted completed) {
        transition(State.SCHEDULED, State.COMPLETED, event);
        result.complete(completed.result());
    }

    void onFailed(HistoryEvent event, EventAttributes.ActivityTaskFailed failed) {
        transition(State.SCHEDULED, State.FAILED, event);
        result.completeExceptionally(activityFailure(failed.startedEventId(), failed.identity(),
                failed.retryState(), failed.failure()));
    }

    void onTimedOut(HistoryEvent event, EventAttributes.ActivityTaskTimedOut timedOut) {
        transition(State.SCHEDULED, State.TIMED_OUT, event);
        result.completeExceptionally(activityFailure(timedOut.startedEventId(), null, timedOut.retryState(),
                timedOut.failure()));
    }

    private ActivityFailure activityFailure(long startedEventId, String identity, RetryState retryState,
            Failure cause) {
        Failure wrapped = new Failure(FailureKind.ACTIVITY, "", null, false, null, null,
                new Failure.ActivityInfo(scheduledEventId, startedEventId, command.activityType(),
                        command.activityId(), identity, retryState), null, cause);
        return (ActivityFailure) failures.toException(wrapped);
    }

    private void transition(State from, State to, HistoryEvent event) {
        if (state != from) {
            throw new IllegalStateException("Activity " + describeCommand() + " received " + event + " in state "
                    + state + " (expected " + from + ")");
        }
        state = to;
    }

    @Override
    String describeCommand() {
        return "ScheduleActivityTask(activityType=\"" + command.activityType() + "\", activityId=\""
                + command.activityId() + "\")";
    }
}
