package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.RetryState;
import io.reprise.internal.failure.FailureConverter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One local activity invocation. It sends no command until it has an outcome.
 *
 * <pre>
 * REQUESTED ──the worker takes it──► EXECUTING ──outcome──► RESOLVED   (a RecordMarker command is added)
 * REQUESTED / EXECUTING ──MarkerRecorded (replay: same activity id)──► RESOLVED   (nothing runs again)
 * </pre>
 * The marker ("LocalActivity") holds the activity id, type, attempt, and the result or the
 * failure (with the retry state, and the backoff when the next attempt waits on a durable timer).
 */
final class LocalActivityStateMachine {

    static final String MARKER_NAME = "LocalActivity";
    /** Marker fields other than the result are written with the default converter, so any worker reads them. */
    private static final DataConverter META = DataConverter.getDefaultInstance();

    enum State { REQUESTED, EXECUTING, RESOLVED }

    private final LocalActivityRequest request;
    private final PromiseImpl<Payload> result = new PromiseImpl<>();
    private State state = State.REQUESTED;

    LocalActivityStateMachine(LocalActivityRequest request) {
        this.request = request;
    }

    LocalActivityRequest request() {
        return request;
    }

    PromiseImpl<Payload> result() {
        return result;
    }

    State state() {
        return state;
    }

    void executing() {
        if (state != State.REQUESTED) {
            throw new IllegalStateException(describe() + " handed to the worker in state " + state
                    + " (expected REQUESTED)");
        }
        state = State.EXECUTING;
    }

    /** The worker ran it: the marker command to send, and the promise resolved. */
    Command.RecordMarker resolve(LocalActivityOutcome outcome, FailureConverter failures) {
        if (state != State.EXECUTING) {
            throw new IllegalStateException(describe() + " got an outcome from the worker in state " + state
                    + " (expected EXECUTING)");
        }
        DataConverter converter = META;
        Map<String, List<Payload>> details = new LinkedHashMap<>();
        details.put("activityId", List.of(converter.toPayload(request.activityId())));
        details.put("type", List.of(converter.toPayload(request.activityType())));
        details.put("attempt", List.of(converter.toPayload(outcome.attempt())));
        if (outcome.succeeded()) {
            details.put("result", List.of(outcome.result()));
        } else {
            details.put("retryState", List.of(converter.toPayload(outcome.retryState().name())));
            if (outcome.backoff() != null) {
                details.put("backoffMillis", List.of(converter.toPayload(outcome.backoff().toMillis())));
            }
        }
        Command.RecordMarker marker = new Command.RecordMarker(MARKER_NAME, details, outcome.failure());
        settle(outcome, failures);
        return marker;
    }

    /** Replay: the recorded marker gives the outcome. */
    void resolveFromMarker(EventAttributes.MarkerRecorded marker, FailureConverter failures) {
        if (state == State.RESOLVED) {
            throw new IllegalStateException(describe() + " got a recorded marker in state RESOLVED");
        }
        DataConverter converter = META;
        int attempt = converter.fromPayload(marker.details().get("attempt").get(0), Integer.class, Integer.class);
        if (marker.failure() == null) {
            settle(new LocalActivityOutcome(request.activityId(), attempt, marker.details().get("result").get(0),
                    null, null, null), failures);
            return;
        }
        RetryState retryState = RetryState.valueOf(converter.fromPayload(
                marker.details().get("retryState").get(0), String.class, String.class));
        List<Payload> backoff = marker.details().get("backoffMillis");
        Duration wait = backoff == null ? null
                : Duration.ofMillis(converter.fromPayload(backoff.get(0), Long.class, Long.class));
        settle(new LocalActivityOutcome(request.activityId(), attempt, null, marker.failure(), retryState, wait),
                failures);
    }

    private void settle(LocalActivityOutcome outcome, FailureConverter failures) {
        state = State.RESOLVED;
        if (outcome.succeeded()) {
            result.complete(outcome.result());
        } else if (outcome.backoff() != null) {
            result.completeExceptionally(new LocalActivityBackoff(outcome.backoff(), outcome.attempt() + 1));
        } else {
            Failure wrapped = new Failure(FailureKind.ACTIVITY, "", null, false, null, null,
                    new Failure.ActivityInfo(0, 0, request.activityType(), request.activityId(), null,
                            outcome.retryState()), null, outcome.failure());
            result.completeExceptionally((ActivityFailure) failures.toException(wrapped));
        }
    }

    private String describe() {
        return "Local activity \"" + request.activityType() + "\" (activityId \"" + request.activityId() + "\")";
    }

    /** The activity id a local activity marker records, or {@code null}. */
    static String activityIdOf(EventAttributes.MarkerRecorded marker) {
        List<Payload> id = marker.details().get("activityId");
        if (id == null || id.isEmpty()) {
            return null;
        }
        return META.fromPayload(id.get(0), String.class, String.class);
    }

    /** Not a failure: the next attempt must wait {@code backoff} on a durable timer. */
    static final class LocalActivityBackoff extends RuntimeException {
        final Duration backoff;
        final int nextAttempt;

        LocalActivityBackoff(Duration backoff, int nextAttempt) {
            super("local activity retry after " + backoff, null, false, false);
            this.backoff = backoff;
            this.nextAttempt = nextAttempt;
        }
    }
}
