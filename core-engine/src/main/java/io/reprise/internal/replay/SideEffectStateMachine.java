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
 * The marker recording the value of one {@code Workflow.sideEffect} call.
 *
 * <pre>
 * CREATED ──MarkerRecorded (markerName "SideEffect", same id)──► RECORDED
 * </pre>
 * The marker ("SideEffect") holds the call's sequence number in the run ({@code id}) and the
 * value ({@code data}). The command is produced live and on replay alike; on replay its value is
 * the recorded one, read ahead from the task's events (see {@link RecordedValues}).
 */
final class SideEffectStateMachine extends RecordOnlyStateMachine {

    static final String MARKER_NAME = "SideEffect";
    /** The id is written with the default converter, so any worker reads it. */
    private static final DataConverter META = DataConverter.getDefaultInstance();

    private final int id;

    SideEffectStateMachine(int id, Payload value, String origin) {
        super(command(id, value), origin);
        this.id = id;
    }

    private static Command.RecordMarker command(int id, Payload value) {
        Map<String, List<Payload>> details = new LinkedHashMap<>();
        details.put("id", List.of(META.toPayload(id)));
        details.put("data", List.of(value));
        return new Command.RecordMarker(MARKER_NAME, details, null);
    }

    /** The sequence number a side effect marker records, or {@code null} when it has none. */
    static Integer idOf(EventAttributes.MarkerRecorded marker) {
        List<Payload> id = marker.details().get("id");
        return id == null || id.isEmpty() ? null : META.fromPayload(id.get(0), Integer.class, Integer.class);
    }

    /** The value a side effect marker records. */
    static Payload valueOf(EventAttributes.MarkerRecorded marker) {
        return marker.details().get("data").get(0);
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.MarkerRecorded m
                && MARKER_NAME.equals(m.markerName())
                && Integer.valueOf(id).equals(idOf(m));
    }

    @Override
    String describeCommand() {
        return "RecordMarker(markerName=\"" + MARKER_NAME + "\", id=" + id + ")";
    }
}
