package io.reprise.failure;

import io.reprise.common.Payload;
import java.util.List;

/**
 * A recorded failure and its cause chain, as data: what a description reports as a pending activity's last
 * failure. (Code that waits for a result gets the same chain as exceptions: {@link ApplicationFailure},
 * {@link TimeoutFailure}, {@link ActivityFailure}, ….)
 *
 * @param kind which failure class this is
 * @param message the original message (empty when there was none)
 * @param type for {@code APPLICATION}: the error type (the exception's class name by default)
 * @param nonRetryable for {@code APPLICATION} and {@code SERVER}: whether it is never retried
 * @param details application details, canceled details, or a timeout's last heartbeat details
 * @param timeoutType for {@code TIMEOUT}: which timeout
 * @param activity for {@code ACTIVITY}: which activity failed, or {@code null}
 * @param stackTrace the Java stack trace where it was raised, or empty
 * @param cause the next failure in the chain, or {@code null}
 * @param childWorkflow for {@code CHILD_WORKFLOW}: which child failed, or {@code null}
 */
public record FailureInfo(
        Kind kind,
        String message,
        String type,
        boolean nonRetryable,
        List<Payload> details,
        TimeoutType timeoutType,
        Activity activity,
        String stackTrace,
        FailureInfo cause,
        ChildWorkflow childWorkflow) {

    public FailureInfo {
        details = details == null ? List.of() : List.copyOf(details);
        message = message == null ? "" : message;
        stackTrace = stackTrace == null ? "" : stackTrace;
    }

    /** Which failure class a {@link FailureInfo} stands for. */
    public enum Kind {
        /** Thrown by application code ({@link ApplicationFailure}, or any other exception). */
        APPLICATION,
        /** A timeout was reached ({@link TimeoutFailure}). */
        TIMEOUT,
        /** Canceled ({@link CanceledFailure}). */
        CANCELED,
        /** Terminated ({@link TerminatedFailure}). */
        TERMINATED,
        /** Raised by the engine or the worker ({@link ServerFailure}). */
        SERVER,
        /** An activity failed; the cause says why ({@link ActivityFailure}). */
        ACTIVITY,
        /** A child workflow failed; the cause says why ({@link ChildWorkflowFailure}). */
        CHILD_WORKFLOW
    }

    /** Which activity an {@code ACTIVITY} failure is about, and whether it will be retried. */
    public record Activity(long scheduledEventId, long startedEventId, String activityType, String activityId,
            String identity, RetryState retryState) {
    }

    /** Which child workflow a {@code CHILD_WORKFLOW} failure is about, and how it ended. */
    public record ChildWorkflow(String workflowId, String runId, String workflowType, long initiatedEventId,
            long startedEventId, RetryState retryState) {
    }
}
