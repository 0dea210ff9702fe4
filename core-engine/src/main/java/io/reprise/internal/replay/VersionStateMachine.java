package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The marker recording which version of a code change ({@code Workflow.getVersion}) a run took.
 *
 * <pre>
 * CREATED ──MarkerRecorded (markerName "Version", same changeId)──► RECORDED
 * </pre>
 * The marker ("Version") holds the {@code changeId} and the {@code version}. Only the first call
 * for a changeId in a run produces one, and on replay only when the task being replayed recorded
 * one: an execution that passed this point before the change has no marker, and the call then
 * produces no command at all (see {@link RecordedValues#getVersion}).
 */
final class VersionStateMachine extends RecordOnlyStateMachine {

    static final String MARKER_NAME = "Version";
    /** Written with the default converter, so any worker reads them. */
    private static final DataConverter META = DataConverter.getDefaultInstance();

    private final String changeId;
    private final int version;

    VersionStateMachine(String changeId, int version, String origin) {
        super(command(changeId, version), origin);
        this.changeId = changeId;
        this.version = version;
    }

    private static Command.RecordMarker command(String changeId, int version) {
        Map<String, List<Payload>> details = new LinkedHashMap<>();
        details.put("changeId", List.of(META.toPayload(changeId)));
        details.put("version", List.of(META.toPayload(version)));
        return new Command.RecordMarker(MARKER_NAME, details, null);
    }

    /** The changeId a version marker records, or {@code null} when it has none. */
    static String changeIdOf(EventAttributes.MarkerRecorded marker) {
        List<Payload> changeId = marker.details().get("changeId");
        return changeId == null || changeId.isEmpty() ? null
                : META.fromPayload(changeId.get(0), String.class, String.class);
    }

    /** The version a version marker records, or {@code null} when it has none. */
    static Integer versionOf(EventAttributes.MarkerRecorded marker) {
        List<Payload> version = marker.details().get("version");
        return version == null || version.isEmpty() ? null
                : META.fromPayload(version.get(0), Integer.class, Integer.class);
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.MarkerRecorded m
                && MARKER_NAME.equals(m.markerName())
                && changeId.equals(changeIdOf(m));
    }

    @Override
    String describeCommand() {
        return "RecordMarker(markerName=\"" + MARKER_NAME + "\", changeId=\"" + changeId + "\", version=" + version
                + ")";
    }
}
