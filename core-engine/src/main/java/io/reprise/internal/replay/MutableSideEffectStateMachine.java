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
 * The marker recording a new value of a {@code Workflow.mutableSideEffect} id. Only calls that
 * change the value produce one; the calls in between record nothing.
 *
 * <pre>
 * CREATED ──MarkerRecorded (markerName "MutableSideEffect", same id and call)──► RECORDED
 * </pre>
 * The marker ("MutableSideEffect") holds the id, which call for that id in the run recorded it
 * ({@code call}, from 1), and the value ({@code data}). Replay returns the value of a call that has
 * a marker in the task being replayed, and the latest value for the id for the calls in between.
 */
final class MutableSideEffectStateMachine extends RecordOnlyStateMachine {

    static final String MARKER_NAME = "MutableSideEffect";
    /** Fields other than the value are written with the default converter, so any worker reads them. */
    private static final DataConverter META = DataConverter.getDefaultInstance();

    private final String id;
    private final int call;

    MutableSideEffectStateMachine(String id, int call, Payload value, String origin) {
        super(command(id, call, value), origin);
        this.id = id;
        this.call = call;
    }

    private static Command.RecordMarker command(String id, int call, Payload value) {
        Map<String, List<Payload>> details = new LinkedHashMap<>();
        details.put("id", List.of(META.toPayload(id)));
        details.put("call", List.of(META.toPayload(call)));
        details.put("data", List.of(value));
        return new Command.RecordMarker(MARKER_NAME, details, null);
    }

    /** The id a mutable side effect marker records, or {@code null} when it has none. */
    static String idOf(EventAttributes.MarkerRecorded marker) {
        List<Payload> id = marker.details().get("id");
        return id == null || id.isEmpty() ? null : META.fromPayload(id.get(0), String.class, String.class);
    }

    /** Which call for its id recorded the marker, or {@code null} when it does not say. */
    static Integer callOf(EventAttributes.MarkerRecorded marker) {
        List<Payload> call = marker.details().get("call");
        return call == null || call.isEmpty() ? null : META.fromPayload(call.get(0), Integer.class, Integer.class);
    }

    static Payload valueOf(EventAttributes.MarkerRecorded marker) {
        return marker.details().get("data").get(0);
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.MarkerRecorded m
                && MARKER_NAME.equals(m.markerName())
                && id.equals(idOf(m))
                && Integer.valueOf(call).equals(callOf(m));
    }

    @Override
    String describeCommand() {
        return "RecordMarker(markerName=\"" + MARKER_NAME + "\", id=\"" + id + "\", call=" + call + ")";
    }
}
