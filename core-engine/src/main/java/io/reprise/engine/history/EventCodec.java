package io.reprise.engine.history;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the events of a transition into a history batch, and reads history back from the store. A batch is the
 * proto v1 message {@code reprise.engine.v1.HistoryBatch} (see docs/proto.md): its field numbers let every later
 * build read it, and a field a later build adds reads as absent here.
 */
public final class EventCodec {

    /** The tag of {@code HistoryBatch.events} (field 1, length-delimited). */
    private static final int EVENT_TAG = io.reprise.engine.proto.v1.HistoryBatch.EVENTS_FIELD_NUMBER << 3
            | WireFormat.WIRETYPE_LENGTH_DELIMITED;

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
     * The events of {@code batch} with ids in {@code [fromEventId, toEventId]}, decoding only those: a page of a
     * long history stored in one big batch (a workflow that wrote thousands of events in one task) decodes its
     * own events, not the whole batch each time. An event's id is its batch's first id plus its position, which
     * holds for every batch {@link #encode} writes (consecutive ids); the batch is decoded whole if its count of
     * events says otherwise.
     */
    static List<HistoryEvent> decodeRange(HistoryBatch batch, long fromEventId, long toEventId) {
        byte[] bytes = batch.events();
        try {
            int count = 0;
            CodedInputStream in = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = in.readTag()) != 0; ) {
                if (tag == EVENT_TAG) {
                    count++;
                }
                in.skipField(tag);
            }
            if (count != batch.lastEventId() - batch.firstEventId() + 1) {
                return decode(bytes);
            }
            List<HistoryEvent> events = new ArrayList<>();
            long eventId = batch.firstEventId();
            in = CodedInputStream.newInstance(bytes);
            for (int tag; (tag = in.readTag()) != 0 && eventId <= toEventId; ) {
                if (tag != EVENT_TAG) {
                    in.skipField(tag);
                } else if (eventId++ < fromEventId) {
                    in.skipField(tag);
                } else {
                    events.add(HistoryEventMapper.fromProto(
                            io.reprise.engine.proto.v1.HistoryEvent.parseFrom(in.readBytes())));
                }
            }
            return events;
        } catch (IOException e) {
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
                decoded = batch.firstEventId() >= fromEventId && batch.lastEventId() <= toEventId
                        ? decode(batch.events())
                        : decodeRange(batch, fromEventId, toEventId);
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
