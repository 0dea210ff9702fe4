package io.reprise.engine.history;

import com.google.protobuf.InvalidProtocolBufferException;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the events of a transition into a history batch, and reads history back from the store. A batch is the
 * proto v1 message {@code reprise.engine.v1.HistoryBatch} (see docs/proto.md): its field numbers let every later
 * build read it, and a field a later build adds reads as absent here.
 */
public final class EventCodec {

    private EventCodec() {
    }

    /** One batch holding {@code events} (non-empty, consecutive ids), encoded once. */
    public static HistoryBatch encode(List<HistoryEvent> events) {
        return new HistoryBatch(events.get(0).eventId(), events.get(events.size() - 1).eventId(),
                HistoryEventMapper.toBatch(events).toByteArray());
    }

    /**
     * The events of one batch's {@link HistoryBatch#events()} bytes, in order.
     *
     * @throws IllegalArgumentException when the bytes are no proto v1 history batch, or hold an event this build
     *     cannot represent (one written by a newer Reprise)
     */
    public static List<HistoryEvent> decode(byte[] bytes) {
        try {
            return HistoryEventMapper.fromBatch(io.reprise.engine.proto.v1.HistoryBatch.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a proto v1 history batch (" + e.getMessage() + ")", e);
        }
    }

    /**
     * The events of a run with ids in {@code [fromEventId, toEventId]}, in order.
     *
     * @throws IllegalStateException when a batch cannot be read, naming the run and the batch
     */
    public static List<HistoryEvent> read(ExecutionStore store, ExecutionKey key, long fromEventId, long toEventId) {
        List<HistoryEvent> events = new ArrayList<>();
        for (HistoryBatch batch : store.readHistory(key, fromEventId)) {
            if (batch.firstEventId() > toEventId) {
                break;
            }
            List<HistoryEvent> decoded;
            try {
                decoded = decode(batch.events());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("The history batch of events " + batch.firstEventId() + ".."
                        + batch.lastEventId() + " of execution " + key + " cannot be read: " + e.getMessage(), e);
            }
            for (HistoryEvent event : decoded) {
                if (event.eventId() >= fromEventId && event.eventId() <= toEventId) {
                    events.add(event);
                }
            }
        }
        return events;
    }
}
