package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;

/**
 * The current attempt completed: ActivityTaskStarted (written now, as Temporal does, carrying the
 * attempt that ran), ActivityTaskCompleted, then a workflow task so the code gets the result.
 */
public final class ActivityTaskCompletedProcessor {

    private ActivityTaskCompletedProcessor() {
    }

    public static void complete(TransitionContext tx, ActivityState activity, Payload result, String identity) {
        tx.state().removeActivity(activity);
        long startedEventId = tx.appendForWorkflow(new EventAttributes.ActivityTaskStarted(
                activity.scheduledEventId, startedIdentity(activity, identity), activity.attempt,
                activity.lastFailure));
        tx.appendForWorkflow(new EventAttributes.ActivityTaskCompleted(activity.scheduledEventId, startedEventId,
                result, identity));
        WorkflowTasks.scheduleIfNeeded(tx);
    }

    /** Who ran the attempt: the poller, or (if the engine forgot the start) whoever closes it. */
    static String startedIdentity(ActivityState activity, String fallback) {
        return activity.startedIdentity != null ? activity.startedIdentity : fallback;
    }
}
