package io.reprise.internal.replay;

import io.reprise.activity.ActivityCancellationType;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.RetryState;
import io.reprise.internal.failure.FailureConverter;

/**
 * One activity invocation.
 *
 * <pre>
 * CREATED ──ActivityTaskScheduled──► SCHEDULED ──ActivityTaskCompleted──► COMPLETED
 *                                              ──ActivityTaskFailed─────► FAILED
 *                                              ──ActivityTaskTimedOut───► TIMED_OUT
 * CREATED ──cancel()──► CANCELED                    (the command is dropped, never sent)
 * SCHEDULED ──cancel() [TRY_CANCEL, WAIT_CANCELLATION_COMPLETED]──► CANCEL_REQUESTED
 *                                                   (a RequestCancelActivityTask command is added)
 * SCHEDULED ──cancel() [ABANDON]──► SCHEDULED       (nothing is sent; the outcome is ignored)
 * CANCEL_REQUESTED ──ActivityTaskCanceled──► CANCELED
 *                  ──ActivityTaskCompleted / Failed / TimedOut──► COMPLETED / FAILED / TIMED_OUT
 * </pre>
 * The promise fails with an {@code ActivityFailure} caused by a {@code CanceledFailure}: at
 * {@code cancel()} for CREATED, TRY_CANCEL and ABANDON; at ActivityTaskCanceled for
 * WAIT_CANCELLATION_COMPLETED (which otherwise gets whatever outcome the activity reported).
 * Retries happen inside the engine; the workflow sees only the final outcome.
 */
final class ActivityStateMachine extends CommandStateMachine {

    enum State { CREATED, SCHEDULED, CANCEL_REQUESTED, COMPLETED, FAILED, TIMED_OUT, CANCELED }

    private final WorkflowStateMachines machines;
    private final Command.ScheduleActivityTask command;
    private final ActivityCancellationType cancellationType;
    private final PromiseImpl<Payload> result = new PromiseImpl<>();
    private final FailureConverter failures;
    private State state = State.CREATED;
    private long scheduledEventId;
    /** Who ran the closing attempt (from its ActivityTaskStarted), for a timeout's failure; {@code null} before. */
    private String startedIdentity;

    ActivityStateMachine(WorkflowStateMachines machines, Command.ScheduleActivityTask command,
            ActivityCancellationType cancellationType, String origin, FailureConverter failures) {
        super(command, origin);
        this.machines = machines;
        this.command = command;
        this.cancellationType = cancellationType == null ? ActivityCancellationType.TRY_CANCEL : cancellationType;
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

    /** The activity's scope was canceled. */
    void cancel() {
        switch (state) {
            case CREATED -> {
                state = State.CANCELED;
                machines.dropUnsent(this);
                result.completeExceptionally(canceled());
            }
            case SCHEDULED -> {
                if (result.isCompleted()) {
                    return;
                }
                if (cancellationType != ActivityCancellationType.ABANDON) {
                    state = State.CANCEL_REQUESTED;
                    machines.add(new RequestCancelStateMachine(scheduledEventId, command.activityId()));
                }
                if (cancellationType != ActivityCancellationType.WAIT_CANCELLATION_COMPLETED) {
                    result.completeExceptionally(canceled());
                }
            }
            default -> {
                // Already closed or already asked to cancel.
            }
        }
    }

    /** The closing attempt's start, just before its outcome: it names the worker that ran it. */
    void onStarted(EventAttributes.ActivityTaskStarted started) {
        startedIdentity = started.identity();
    }

    void onCompleted(HistoryEvent event, EventAttributes.ActivityTaskCompleted completed) {
        close(State.COMPLETED, event);
        result.complete(completed.result());
    }

    void onFailed(HistoryEvent event, EventAttributes.ActivityTaskFailed failed) {
        close(State.FAILED, event);
        result.completeExceptionally(activityFailure(failed.startedEventId(), failed.identity(),
                failed.retryState(), failed.failure()));
    }

    void onTimedOut(HistoryEvent event, EventAttributes.ActivityTaskTimedOut timedOut) {
        close(State.TIMED_OUT, event);
        // ActivityTaskTimedOut names no worker: the one that ran the attempt, if it started, is in its
        // ActivityTaskStarted.
        result.completeExceptionally(activityFailure(timedOut.startedEventId(),
                timedOut.startedEventId() == 0 ? null : startedIdentity, timedOut.retryState(), timedOut.failure()));
    }

    void onCanceled(HistoryEvent event, EventAttributes.ActivityTaskCanceled canceled) {
        if (state != State.CANCEL_REQUESTED) {
            throw new IllegalStateException("Activity " + describeCommand() + " received " + event + " in state "
                    + state + " (expected CANCEL_REQUESTED)");
        }
        state = State.CANCELED;
        result.completeExceptionally(activityFailure(canceled.startedEventId(), canceled.identity(),
                RetryState.CANCEL_REQUESTED, new Failure(FailureKind.CANCELED, "activity canceled", null, false,
                        canceled.details(), null, null, null, null)));
    }

    private ActivityFailure canceled() {
        return activityFailure(0, null, RetryState.CANCEL_REQUESTED,
                new Failure(FailureKind.CANCELED, "activity canceled", null, false, null, null, null, null, null));
    }

    private ActivityFailure activityFailure(long startedEventId, String identity, RetryState retryState,
            Failure cause) {
        Failure wrapped = new Failure(FailureKind.ACTIVITY, "", null, false, null, null,
                new Failure.ActivityInfo(scheduledEventId, startedEventId, command.activityType(),
                        command.activityId(), identity, retryState), null, cause);
        return (ActivityFailure) failures.toException(wrapped);
    }

    private void close(State to, HistoryEvent event) {
        if (state != State.SCHEDULED && state != State.CANCEL_REQUESTED) {
            throw new IllegalStateException("Activity " + describeCommand() + " received " + event + " in state "
                    + state + " (expected SCHEDULED or CANCEL_REQUESTED)");
        }
        state = to;
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
