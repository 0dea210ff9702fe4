package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import java.util.List;

/**
 * The running attempt acknowledged a cancellation: ActivityTaskStarted (written now, carrying the
 * attempt) and ActivityTaskCanceled with the details it reported, then a workflow task.
 */
public final class ActivityTaskCanceledProcessor {

    private ActivityTaskCanceledProcessor() {
    }

    public static void cancel(TransitionContext tx, ActivityState activity, List<Payload> details, String identity) {
        tx.state().removeActivity(activity);
        long startedEventId = ActivityTaskStartedProcessor.appendStarted(tx, activity, identity);
        tx.appendForWorkflow(new EventAttributes.ActivityTaskCanceled(activity.scheduledEventId, startedEventId,
                activity.cancelRequestedEventId, details, identity));
        WorkflowTasks.scheduleIfNeeded(tx);
    }
}
