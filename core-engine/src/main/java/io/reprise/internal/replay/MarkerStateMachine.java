package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * The marker recording a local activity's outcome, produced when the worker ran it.
 *
 * <pre>
 * CREATED ──MarkerRecorded (same marker name and activity id)──► RECORDED
 * </pre>
 * On replay no marker command is produced: the recorded marker resolves the
 * {@link LocalActivityStateMachine} directly (see {@link LocalActivityTracker#resolveFromMarker}).
 */
final class MarkerStateMachine extends RecordOnlyStateMachine {

    private final String activityId;

    MarkerStateMachine(Command.RecordMarker command, String activityId) {
        super(command, null);
        this.activityId = activityId;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.MarkerRecorded m
                && m.markerName().equals(((Command.RecordMarker) command()).markerName())
                && activityId.equals(LocalActivityStateMachine.activityIdOf(m));
    }

    @Override
    String describeCommand() {
        return "RecordMarker(markerName=\"" + ((Command.RecordMarker) command()).markerName() + "\", activityId=\""
                + activityId + "\")";
    }
}
