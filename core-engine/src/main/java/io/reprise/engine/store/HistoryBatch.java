package io.reprise.engine.store;

import java.util.Objects;

/**
 * A contiguous run of history events appended by one transition, encoded by the engine.
 * The store keeps batches in order and never looks inside {@code events}.
 *
 * @param firstEventId id of the first event in the batch (1-based)
 * @param lastEventId id of the last event in the batch ({@code >= firstEventId})
 * @param events the encoded events (opaque to the store)
 */
public record HistoryBatch(long firstEventId, long lastEventId, byte[] events) {

    public HistoryBatch {
        Objects.requireNonNull(events, "events");
        if (firstEventId < 1 || lastEventId < firstEventId) {
            throw new IllegalArgumentException(
                    "history batch ids must satisfy 1 <= first <= last, got " + firstEventId + ".." + lastEventId);
        }
    }
}
