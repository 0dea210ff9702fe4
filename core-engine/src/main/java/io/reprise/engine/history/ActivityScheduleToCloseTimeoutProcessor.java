package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;

/**
 * The whole activity, retries included, outlived its Schedule-To-Close timeout, whatever its
 * state (queued, running, or waiting out a retry backoff): ActivityTaskStarted if an attempt is
 * running, then ActivityTaskTimedOut with {@link RetryState#TIMEOUT} whose cause is the last
 * attempt's failure, then a workflow task.
 */
final class ActivityScheduleToCloseTimeoutProcessor {

    private ActivityScheduleToCloseTimeoutProcessor() {
    }

    static void timeOut(TransitionContext tx, ActivityState activity) {
        tx.state().removeActivity(activity);
        long startedEventId = 0;
        if (activity.status == ActivityState.Status.STARTED) {
            startedEventId = ActivityTaskStartedProcessor.appendStarted(tx, activity, null);
        }
        tx.appendForWorkflow(new EventAttributes.ActivityTaskTimedOut(activity.scheduledEventId, startedEventId,
                Failure.timeout(TimeoutType.SCHEDULE_TO_CLOSE, activity.lastHeartbeatDetails, activity.lastFailure),
                RetryState.TIMEOUT));
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
