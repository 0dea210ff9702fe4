package io.reprise.engine.api;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.Objects;

/**
 * One event of an Event History.
 *
 * @param eventId dense, 1-based position in the history
 * @param eventTime when the engine recorded it
 * @param eventType the type; always {@code attributes.eventType()}
 * @param attributes the event's data
 */
public record HistoryEvent(
        long eventId,
        Instant eventTime,
        EventType eventType,
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXTERNAL_PROPERTY, property = "eventType")
        EventAttributes attributes) {

    public HistoryEvent {
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(attributes, "attributes");
        if (eventType == null) {
            eventType = attributes.eventType();
        } else if (eventType != attributes.eventType()) {
            throw new IllegalArgumentException("eventType " + eventType + " does not match attributes "
                    + attributes.eventType());
        }
    }

    public HistoryEvent(long eventId, Instant eventTime, EventAttributes attributes) {
        this(eventId, eventTime, attributes.eventType(), attributes);
    }

    /** The attributes cast to the expected type. */
    public <T extends EventAttributes> T attributes(Class<T> type) {
        return type.cast(attributes);
    }

    @Override
    public String toString() {
        return eventId + " " + eventType;
    }
}
