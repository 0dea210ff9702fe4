package io.reprise.engine.api;

import io.reprise.common.Payload;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.util.List;

/**
 * The serialized form of a failure and its cause chain, as recorded in history.
 *
 * @param kind which failure class this is
 * @param message the original message
 * @param type for {@code APPLICATION}: the error type (exception class name by default)
 * @param nonRetryable for {@code APPLICATION} and {@code SERVER}: never retry
 * @param details application details, canceled details, or a timeout's last heartbeat details
 * @param timeoutType for {@code TIMEOUT}
 * @param activity for {@code ACTIVITY}
 * @param stackTrace the Java stack trace where it was raised, or empty
 * @param cause the next failure in the chain, or {@code null}
 */
public record Failure(
        FailureKind kind,
        String message,
        String type,
        boolean nonRetryable,
        List<Payload> details,
        TimeoutType timeoutType,
        ActivityInfo activity,
        String stackTrace,
        Failure cause,
        ChildWorkflowInfo childWorkflow) {

    public Failure(FailureKind kind, String message, String type, boolean nonRetryable, List<Payload> details,
            TimeoutType timeoutType, ActivityInfo activity, String stackTrace, Failure cause) {
        this(kind, message, type, nonRetryable, details, timeoutType, activity, stackTrace, cause, null);
    }

    /** Details of a {@code CHILD_WORKFLOW} failure: which child, and how it ended. */
    public record ChildWorkflowInfo(String workflowId, String runId, String workflowType, long initiatedEventId,
            long startedEventId, RetryState retryState) {
    }

    public Failure {
        details = details == null ? List.of() : List.copyOf(details);
        message = message == null ? "" : message;
        stackTrace = stackTrace == null ? "" : stackTrace;
    }

    /** Details of an {@code ACTIVITY} failure. */
    public record ActivityInfo(
            long scheduledEventId,
            long startedEventId,
            String activityType,
            String activityId,
            String identity,
            RetryState retryState) {
    }

    public static Failure application(String message, String type, boolean nonRetryable, List<Payload> details,
            Failure cause) {
        return new Failure(FailureKind.APPLICATION, message, type, nonRetryable, details, null, null, null, cause);
    }

    public static Failure timeout(TimeoutType timeoutType, List<Payload> lastHeartbeatDetails, Failure cause) {
        return timeout(timeoutType, "activity " + timeoutType + " timeout", lastHeartbeatDetails, cause);
    }

    /** A timeout whose message says more than its type (for example why it was reached early). */
    public static Failure timeout(TimeoutType timeoutType, String message, List<Payload> lastHeartbeatDetails,
            Failure cause) {
        return new Failure(FailureKind.TIMEOUT, message, null, false, lastHeartbeatDetails, timeoutType, null, null,
                cause);
    }

    public static Failure server(String message, boolean nonRetryable) {
        return new Failure(FailureKind.SERVER, message, null, nonRetryable, null, null, null, null, null);
    }

    /** The type retry policies match against: the application type, or the kind for other failures. */
    public String retryType() {
        return kind == FailureKind.APPLICATION ? type : kind.name();
    }
}
