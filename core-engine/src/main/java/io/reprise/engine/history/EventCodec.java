package io.reprise.engine.history;

import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectWriter;

/** Encodes the events of a transition into a history batch, and reads history back from the store. */
public final class EventCodec {

    /**
     * The same bytes as {@link HistoryJson#writeEvents} (same mapper, same type), but with the
     * list type resolved once instead of on every call.
     */
    private static final ObjectWriter EVENT_LIST_WRITER =
            HistoryJson.mapper().writerFor(new TypeReference<List<HistoryEvent>>() { });

    private EventCodec() {
    }

    /** One batch holding {@code events} (non-empty, consecutive ids), encoded once in the {@link HistoryJson} form. */
    public static HistoryBatch encode(List<HistoryEvent> events) {
        return new HistoryBatch(events.get(0).eventId(), events.get(events.size() - 1).eventId(),
                EVENT_LIST_WRITER.writeValueAsBytes(events));
    }

    /** The events of a run with ids in {@code [fromEventId, toEventId]}, in order. */
    public static List<HistoryEvent> read(ExecutionStore store, ExecutionKey key, long fromEventId, long toEventId) {
        List<HistoryEvent> events = new ArrayList<>();
        for (HistoryBatch batch : store.readHistory(key, fromEventId)) {
            if (batch.firstEventId() > toEventId) {
                break;
            }
            for (HistoryEvent event : HistoryJson.readEvents(batch.events())) {
                if (event.eventId() >= fromEventId && event.eventId() <= toEventId) {
                    events.add(event);
                }
            }
        }
        return events;
    }
}
