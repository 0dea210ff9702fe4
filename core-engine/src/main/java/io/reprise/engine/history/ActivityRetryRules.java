package io.reprise.engine.history;

import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryDecision;
import io.reprise.failure.RetryState;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a failed or timed-out activity attempt is retried: never after the workflow asked to
 * cancel the activity ({@link RetryState#CANCEL_REQUESTED}); otherwise {@link RetryDecision}'s
 * rule, bounded by the activity's Schedule-To-Close deadline.
 */
final class ActivityRetryRules {

    private ActivityRetryRules() {
    }

    static RetryDecision decide(ActivityState activity, Failure failure, Instant now) {
        if (activity.isCancelRequested()) {
            return RetryDecision.stop(RetryState.CANCEL_REQUESTED);
        }
        Duration remaining = activity.scheduleToCloseTimeout == null ? null
                : Duration.between(now, activity.scheduledTime.plus(activity.scheduleToCloseTimeout));
        return RetryDecision.decide(activity.retryPolicy, activity.attempt, failure, remaining);
    }
}
