package io.reprise.engine.history;

import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.failure.RetryState;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a failed or timed-out attempt is retried (Temporal's rules, in this order):
 * <ol>
 *   <li>the workflow asked to cancel the activity → {@link RetryState#CANCEL_REQUESTED};</li>
 *   <li>the failure is non-retryable, or its type is in the policy's non-retryable types →
 *       {@link RetryState#NON_RETRYABLE_FAILURE};</li>
 *   <li>the attempt was the policy's last → {@link RetryState#MAXIMUM_ATTEMPTS_REACHED};</li>
 *   <li>the next attempt would start at or after the Schedule-To-Close deadline → {@link RetryState#TIMEOUT};</li>
 *   <li>otherwise retry after {@link RetryPolicy#backoffAfter} ({@link RetryState#IN_PROGRESS}).</li>
 * </ol>
 */
final class ActivityRetryRules {

    /** The verdict: {@code retryState == IN_PROGRESS} means retry after {@code backoff}. */
    record Decision(RetryState retryState, Duration backoff) {
        boolean retry() {
            return retryState == RetryState.IN_PROGRESS;
        }
    }

    private ActivityRetryRules() {
    }

    static Decision decide(ActivityState activity, Failure failure, Instant now) {
        RetryPolicy policy = activity.retryPolicy;
        if (activity.isCancelRequested()) {
            return new Decision(RetryState.CANCEL_REQUESTED, null);
        }
        if (failure.nonRetryable() || policy.isNonRetryable(failure.retryType())) {
            return new Decision(RetryState.NON_RETRYABLE_FAILURE, null);
        }
        if (policy.isLastAttempt(activity.attempt)) {
            return new Decision(RetryState.MAXIMUM_ATTEMPTS_REACHED, null);
        }
        Duration backoff = policy.backoffAfter(activity.attempt);
        if (activity.scheduleToCloseTimeout != null
                && !now.plus(backoff).isBefore(activity.scheduledTime.plus(activity.scheduleToCloseTimeout))) {
            return new Decision(RetryState.TIMEOUT, null);
        }
        return new Decision(RetryState.IN_PROGRESS, backoff);
    }
}
