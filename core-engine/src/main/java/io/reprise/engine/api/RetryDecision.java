package io.reprise.engine.api;

import io.reprise.failure.RetryState;
import java.time.Duration;

/**
 * Whether a failed attempt is tried again, and after how long. The one rule for activities (the
 * engine), local activities (the worker) and workflow runs (the engine), in Temporal's order:
 * <ol>
 *   <li>no retry policy → {@link RetryState#RETRY_POLICY_NOT_SET};</li>
 *   <li>the failure is non-retryable, or its type is one of the policy's non-retryable types →
 *       {@link RetryState#NON_RETRYABLE_FAILURE};</li>
 *   <li>the attempt was the policy's last → {@link RetryState#MAXIMUM_ATTEMPTS_REACHED};</li>
 *   <li>the next attempt would start at or after the deadline that bounds all attempts
 *       (Schedule-To-Close, the execution timeout) → {@link RetryState#TIMEOUT};</li>
 *   <li>otherwise retry after {@link RetryPolicy#backoffAfter} → {@link RetryState#IN_PROGRESS}.</li>
 * </ol>
 * Callers check what only they know (an activity's cancel request) before asking.
 *
 * @param retryState {@link RetryState#IN_PROGRESS} to retry, otherwise why not
 * @param backoff the wait before the next attempt when retrying, else {@code null}
 */
public record RetryDecision(RetryState retryState, Duration backoff) {

    /** Whether the attempt is retried (after {@link #backoff()}). */
    public boolean retry() {
        return retryState == RetryState.IN_PROGRESS;
    }

    /** No retry, for {@code reason}. */
    public static RetryDecision stop(RetryState reason) {
        return new RetryDecision(reason, null);
    }

    /**
     * Decides on a failed attempt.
     *
     * @param policy the retry policy, or {@code null} when none is set
     * @param attempt the attempt that failed (1-based)
     * @param failure its failure, or {@code null} for a timed-out workflow run (always retryable)
     * @param remaining the time left until the deadline that bounds all attempts, or {@code null} for none
     */
    public static RetryDecision decide(RetryPolicy policy, int attempt, Failure failure, Duration remaining) {
        if (policy == null) {
            return stop(RetryState.RETRY_POLICY_NOT_SET);
        }
        if (failure != null && (failure.nonRetryable() || policy.isNonRetryable(failure.retryType()))) {
            return stop(RetryState.NON_RETRYABLE_FAILURE);
        }
        if (policy.isLastAttempt(attempt)) {
            return stop(RetryState.MAXIMUM_ATTEMPTS_REACHED);
        }
        Duration backoff = policy.backoffAfter(attempt);
        if (remaining != null && backoff.compareTo(remaining) >= 0) {
            return stop(RetryState.TIMEOUT);
        }
        return new RetryDecision(RetryState.IN_PROGRESS, backoff);
    }
}
