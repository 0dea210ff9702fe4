package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryDecision;
import io.reprise.failure.TimeoutType;

/**
 * The current attempt failed, or outlived its Start-To-Close timeout. {@link ActivityRetryRules}
 * decide. A retry writes no event: the attempt counter, the backoff and the last failure are
 * committed as state, and the next attempt is dispatched when the backoff ends. Otherwise the
 * activity closes: ActivityTaskStarted + ActivityTaskFailed (or ActivityTaskTimedOut) with the
 * retry state, then a workflow task. After a cancel request nothing is retried ({@code CANCEL_REQUESTED}).
 */
public final class ActivityAttemptFailedProcessor {

    private ActivityAttemptFailedProcessor() {
    }

    /** The worker reported a failure. */
    public static void fail(TransitionContext tx, ActivityState activity, Failure failure, String identity) {
        RetryDecision decision = ActivityRetryRules.decide(activity, failure, tx.now());
        if (decision.retry()) {
            retry(tx, activity, failure, decision);
            return;
        }
        tx.state().removeActivity(activity);
        long startedEventId = appendStarted(tx, activity, identity);
        tx.appendForWorkflow(new EventAttributes.ActivityTaskFailed(activity.scheduledEventId, startedEventId,
                failure, decision.retryState(), identity));
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    /** The started attempt timed out (Start-To-Close), or its worker died with the previous process. */
    public static void timeOutStartToClose(TransitionContext tx, ActivityState activity) {
        timeOut(tx, activity, TimeoutType.START_TO_CLOSE);
    }

    /** The started attempt sent no heartbeat within its Heartbeat Timeout; the failure carries the last details. */
    static void timeOutHeartbeat(TransitionContext tx, ActivityState activity) {
        timeOut(tx, activity, TimeoutType.HEARTBEAT);
    }

    private static void timeOut(TransitionContext tx, ActivityState activity, TimeoutType type) {
        Failure timeout = Failure.timeout(type, activity.lastHeartbeatDetails, null);
        RetryDecision decision = ActivityRetryRules.decide(activity, timeout, tx.now());
        if (decision.retry()) {
            retry(tx, activity, timeout, decision);
            return;
        }
        tx.state().removeActivity(activity);
        long startedEventId = appendStarted(tx, activity, tx.settings().engineIdentity());
        tx.appendForWorkflow(new EventAttributes.ActivityTaskTimedOut(activity.scheduledEventId, startedEventId,
                timeout, decision.retryState()));
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    private static void retry(TransitionContext tx, ActivityState activity, Failure failure,
            RetryDecision decision) {
        activity.retry(failure, tx.now().plus(decision.backoff()));
        tx.stateChanged();
    }

    private static long appendStarted(TransitionContext tx, ActivityState activity, String fallbackIdentity) {
        return tx.appendForWorkflow(new EventAttributes.ActivityTaskStarted(activity.scheduledEventId,
                ActivityTaskCompletedProcessor.startedIdentity(activity, fallbackIdentity), activity.attempt,
                activity.lastFailure));
    }
}
