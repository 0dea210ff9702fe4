package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.util.List;

/**
 * RequestCancelActivityTask → ActivityTaskCancelRequested (Temporal's rule):
 * <ul>
 *   <li>an activity whose current attempt has not started (queued, or waiting out a retry backoff)
 *       is canceled at once: ActivityTaskCanceled follows in the same transition, and a workflow
 *       task is scheduled so the code sees it;</li>
 *   <li>a started attempt is only marked: its next heartbeat answers {@code cancelRequested}, and
 *       nothing it reports afterwards is retried;</li>
 *   <li>an activity that closed while the workflow task ran (its closing event is buffered) gets the
 *       request recorded and nothing else: the buffered outcome follows.</li>
 * </ul>
 */
final class RequestCancelActivityTaskProcessor implements CommandProcessor<Command.RequestCancelActivityTask> {

    static final RequestCancelActivityTaskProcessor INSTANCE = new RequestCancelActivityTaskProcessor();

    @Override
    public String label(Command.RequestCancelActivityTask command) {
        return "RequestCancelActivityTask " + command.scheduledEventId();
    }

    @Override
    public String validate(Command.RequestCancelActivityTask command, CommandCheck check) {
        long id = command.scheduledEventId();
        if (!check.cancelRequests.add(id)) {
            return "the activity of scheduledEventId " + id + " is canceled by an earlier command of this workflow"
                    + " task; cancel it once";
        }
        ActivityState activity = check.state.activity(id);
        if (activity == null) {
            return closedWhileTaskRan(check.state.bufferedEvents, id) ? null
                    : "no open activity has scheduledEventId " + id + "; cancel only activities that are still open";
        }
        if (activity.isCancelRequested()) {
            return "the activity of scheduledEventId " + id + " was already asked to cancel (event "
                    + activity.cancelRequestedEventId + ")";
        }
        return null;
    }

    @Override
    public void apply(Command.RequestCancelActivityTask command, TransitionContext tx,
            long workflowTaskCompletedEventId) {
        HistoryEvent requested = tx.append(new EventAttributes.ActivityTaskCancelRequested(command.scheduledEventId(),
                workflowTaskCompletedEventId));
        ActivityState activity = tx.state().activity(command.scheduledEventId());
        if (activity == null) {
            return;
        }
        activity.cancelRequestedEventId = requested.eventId();
        if (activity.status == ActivityState.Status.SCHEDULED) {
            tx.state().removeActivity(activity);
            tx.append(new EventAttributes.ActivityTaskCanceled(activity.scheduledEventId, 0, requested.eventId(),
                    List.of(), tx.settings().engineIdentity()));
            tx.requestWorkflowTask();
        }
    }

    private static boolean closedWhileTaskRan(List<HistoryEvent> buffered, long scheduledEventId) {
        for (HistoryEvent event : buffered) {
            boolean closes = switch (event.attributes()) {
                case EventAttributes.ActivityTaskCompleted c -> c.scheduledEventId() == scheduledEventId;
                case EventAttributes.ActivityTaskFailed f -> f.scheduledEventId() == scheduledEventId;
                case EventAttributes.ActivityTaskTimedOut t -> t.scheduledEventId() == scheduledEventId;
                case EventAttributes.ActivityTaskCanceled c -> c.scheduledEventId() == scheduledEventId;
                default -> false;
            };
            if (closes) {
                return true;
            }
        }
        return false;
    }
}
