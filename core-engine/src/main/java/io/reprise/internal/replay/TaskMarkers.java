package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The side effect, mutable side effect and version markers that one replayed workflow task
 * recorded, read ahead of its code. A task's commands are recorded right after its
 * WorkflowTaskCompleted, so they sit between its WorkflowTaskStarted and the next one; reading
 * them first lets replayed code get its recorded values at once, without blocking, so its threads
 * interleave exactly as they did live.
 */
final class TaskMarkers {

    /** No recorded markers: the code is running live (or the task recorded none). */
    static final TaskMarkers NONE = new TaskMarkers();

    private record MutableCall(String id, int call) {
    }

    private final Map<Integer, Payload> sideEffects = new HashMap<>();
    private final Map<MutableCall, Payload> mutableSideEffects = new HashMap<>();
    private final Map<String, Integer> versions = new HashMap<>();

    private TaskMarkers() {
    }

    /** The markers the task started at {@code events.get(startedIndex)} recorded. */
    static TaskMarkers readAhead(List<HistoryEvent> events, int startedIndex) {
        TaskMarkers markers = NONE;
        for (int i = startedIndex + 1; i < events.size(); i++) {
            HistoryEvent event = events.get(i);
            if (event.eventType() == EventType.WorkflowTaskStarted) {
                break;
            }
            if (event.attributes() instanceof EventAttributes.MarkerRecorded m && isValueMarker(m)) {
                if (markers == NONE) {
                    markers = new TaskMarkers();
                }
                markers.add(m);
            }
        }
        return markers;
    }

    private static boolean isValueMarker(EventAttributes.MarkerRecorded m) {
        return switch (m.markerName()) {
            case SideEffectStateMachine.MARKER_NAME, MutableSideEffectStateMachine.MARKER_NAME,
                    VersionStateMachine.MARKER_NAME -> true;
            default -> false;
        };
    }

    private void add(EventAttributes.MarkerRecorded m) {
        switch (m.markerName()) {
            case SideEffectStateMachine.MARKER_NAME -> {
                Integer id = SideEffectStateMachine.idOf(m);
                if (id != null) {
                    sideEffects.put(id, SideEffectStateMachine.valueOf(m));
                }
            }
            case MutableSideEffectStateMachine.MARKER_NAME -> {
                String id = MutableSideEffectStateMachine.idOf(m);
                Integer call = MutableSideEffectStateMachine.callOf(m);
                if (id != null && call != null) {
                    mutableSideEffects.put(new MutableCall(id, call), MutableSideEffectStateMachine.valueOf(m));
                }
            }
            default -> {
                String changeId = VersionStateMachine.changeIdOf(m);
                Integer version = VersionStateMachine.versionOf(m);
                if (changeId != null && version != null) {
                    versions.put(changeId, version);
                }
            }
        }
    }

    /** The value the task recorded for side effect {@code id}, or {@code null}. */
    Payload sideEffect(int id) {
        return sideEffects.get(id);
    }

    /** The value the task recorded at call {@code call} of mutable side effect {@code id}, or {@code null}. */
    Payload mutableSideEffect(String id, int call) {
        return mutableSideEffects.get(new MutableCall(id, call));
    }

    /** The version the task recorded for {@code changeId}, or {@code null}. */
    Integer version(String changeId) {
        return versions.get(changeId);
    }

    /**
     * The identifying details of a side effect, mutable side effect or version marker, for
     * messages: {@code (markerName="Version", changeId="c", version=1)}; {@code null} for other markers.
     */
    static String describe(EventAttributes.MarkerRecorded m) {
        return switch (m.markerName()) {
            case SideEffectStateMachine.MARKER_NAME -> "(markerName=\"" + m.markerName() + "\", id="
                    + SideEffectStateMachine.idOf(m) + ")";
            case MutableSideEffectStateMachine.MARKER_NAME -> "(markerName=\"" + m.markerName() + "\", id=\""
                    + MutableSideEffectStateMachine.idOf(m) + "\", call=" + MutableSideEffectStateMachine.callOf(m)
                    + ")";
            case VersionStateMachine.MARKER_NAME -> "(markerName=\"" + m.markerName() + "\", changeId=\""
                    + VersionStateMachine.changeIdOf(m) + "\", version=" + VersionStateMachine.versionOf(m) + ")";
            default -> null;
        };
    }
}
