package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryDecision;
import io.reprise.failure.TimeoutType;

/**
 * The current attempt failed, outlived its Start-To-Close or Heartbeat timeout, or its worker was
 * lost with the engine's previous process. {@link ActivityRetryRules}
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
        long startedEventId = ActivityTaskStartedProcessor.appendStarted(tx, activity, identity);
        tx.appendForWorkflow(new EventAttributes.ActivityTaskFailed(activity.scheduledEventId, startedEventId,
                failure, decision.retryState(), identity));
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    /** The started attempt outlived its Start-To-Close timeout. */
    static void timeOutStartToClose(TransitionContext tx, ActivityState activity) {
        timeOut(tx, activity, Failure.timeout(TimeoutType.START_TO_CLOSE, activity.lastHeartbeatDetails, null));
    }

    /**
     * The engine restarted while the attempt was started: its worker is taken as lost with the
     * previous process. As in Temporal, this is the attempt's Start-To-Close timeout, reached early:
     * it counts as an attempt, and the message says what happened.
     */
    public static void workerLost(TransitionContext tx, ActivityState activity) {
        String worker = activity.startedIdentity == null ? "the worker" : "the worker \"" + activity.startedIdentity
                + "\"";
        timeOut(tx, activity, Failure.timeout(TimeoutType.START_TO_CLOSE, "activity START_TO_CLOSE timeout: "
                + worker + " running attempt " + activity.attempt + " was lost (the engine restarted while the"
                + " attempt was running)", activity.lastHeartbeatDetails, null));
    }

    /** The started attempt sent no heartbeat within its Heartbeat Timeout; the failure carries the last details. */
    static void timeOutHeartbeat(TransitionContext tx, ActivityState activity) {
        timeOut(tx, activity, Failure.timeout(TimeoutType.HEARTBEAT, activity.lastHeartbeatDetails, null));
    }

    private static void timeOut(TransitionContext tx, ActivityState activity, Failure timeout) {
        RetryDecision decision = ActivityRetryRules.decide(activity, timeout, tx.now());
        if (decision.retry()) {
            retry(tx, activity, timeout, decision);
            return;
        }
        tx.state().removeActivity(activity);
        long startedEventId = ActivityTaskStartedProcessor.appendStarted(tx, activity,
                tx.settings().engineIdentity());
        tx.appendForWorkflow(new EventAttributes.ActivityTaskTimedOut(activity.scheduledEventId, startedEventId,
                timeout, decision.retryState()));
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    private static void retry(TransitionContext tx, ActivityState activity, Failure failure,
            RetryDecision decision) {
        activity.retry(failure, tx.now().plus(decision.backoff()));
        tx.stateChanged();
    }
}
