package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;

/**
 * The current attempt waited in its queue longer than its Schedule-To-Start timeout. Never
 * retried (a retry would go back to the same queue nobody polls): ActivityTaskTimedOut with
 * {@link RetryState#NON_RETRYABLE_FAILURE} and no ActivityTaskStarted, then a workflow task.
 */
final class ActivityScheduleToStartTimeoutProcessor {

    private ActivityScheduleToStartTimeoutProcessor() {
    }

    static void timeOut(TransitionContext tx, ActivityState activity) {
        tx.state().removeActivity(activity);
        tx.appendForWorkflow(new EventAttributes.ActivityTaskTimedOut(activity.scheduledEventId, 0,
                Failure.timeout(TimeoutType.SCHEDULE_TO_START, activity.lastHeartbeatDetails, null),
                RetryState.NON_RETRYABLE_FAILURE));
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
