package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;

/**
 * The current attempt completed: ActivityTaskStarted (written now, as Temporal does, carrying the
 * attempt that ran and dated when it started), ActivityTaskCompleted, then a workflow task so the
 * code gets the result.
 */
public final class ActivityTaskCompletedProcessor {

    private ActivityTaskCompletedProcessor() {
    }

    public static void complete(TransitionContext tx, ActivityState activity, Payload result, String identity) {
        tx.state().removeActivity(activity);
        long startedEventId = ActivityTaskStartedProcessor.appendStarted(tx, activity, identity);
        tx.appendForWorkflow(new EventAttributes.ActivityTaskCompleted(activity.scheduledEventId, startedEventId,
                result, identity));
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
