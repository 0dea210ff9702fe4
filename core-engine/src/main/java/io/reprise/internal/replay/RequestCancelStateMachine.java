package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * The request to cancel an activity.
 *
 * <pre>
 * CREATED ──ActivityTaskCancelRequested──► RECORDED
 * </pre>
 */
final class RequestCancelStateMachine extends RecordOnlyStateMachine {

    private final long scheduledEventId;
    private final String activityId;

    RequestCancelStateMachine(long scheduledEventId, String activityId) {
        super(new Command.RequestCancelActivityTask(scheduledEventId), null);
        this.scheduledEventId = scheduledEventId;
        this.activityId = activityId;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.ActivityTaskCancelRequested r
                && r.scheduledEventId() == scheduledEventId;
    }

    @Override
    String describeCommand() {
        return "RequestCancelActivityTask(scheduledEventId=" + scheduledEventId + ", activityId=\"" + activityId
                + "\")";
    }
}
