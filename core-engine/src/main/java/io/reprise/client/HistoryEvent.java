package io.reprise.client;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event of a run's Event History, as {@link WorkflowHistory#events()} shows it.
 *
 * @param eventId the event's dense, 1-based position in the history
 * @param eventTime when the engine recorded it
 * @param eventType what happened
 * @param attributes the event's data as the exported JSON has it ({@link WorkflowHistory#toJson()}): names as in
 *     docs/concepts.md, payloads as {@code {"encoding", "data"}} with the data in Base64, times and durations as
 *     ISO-8601 strings, a failure as its fields and cause; an immutable map whose values are maps, lists,
 *     strings, numbers, booleans or {@code null}
 */
public record HistoryEvent(long eventId, Instant eventTime, EventType eventType, Map<String, Object> attributes) {

    public HistoryEvent {
        attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The attribute {@code name} as the exported JSON has it (see {@link #attributes()}), or {@code null}. */
    public Object attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public String toString() {
        return eventId + " " + eventType;
    }
}
