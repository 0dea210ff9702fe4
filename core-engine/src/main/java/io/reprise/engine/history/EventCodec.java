package io.reprise.engine.history;

import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import java.util.ArrayList;
import java.util.List;

/** Encodes the events of a transition into a history batch, and reads history back from the store. */
public final class EventCodec {

    private EventCodec() {
    }

    /** One batch holding {@code events} (non-empty, consecutive ids), encoded once. */
    public static HistoryBatch encode(List<HistoryEvent> events) {
        return new HistoryBatch(events.get(0).eventId(), events.get(events.size() - 1).eventId(),
                HistoryJson.writeEvents(events));
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
