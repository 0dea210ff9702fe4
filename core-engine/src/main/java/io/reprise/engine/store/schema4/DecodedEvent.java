package io.reprise.engine.store.schema4;

import java.time.Instant;

/**
 * One history event as a schema-4 batch holds it, its attributes not yet a record of this build.
 *
 * @param eventId the event's id
 * @param eventTime when the engine recorded it
 * @param attributes its attributes; {@link DecodedRecord#name()} is the event type
 */
public record DecodedEvent(long eventId, Instant eventTime, DecodedRecord attributes) {

    /** The event type, e.g. {@code "TimerStarted"}. */
    public String eventType() {
        return attributes.name();
    }
}
