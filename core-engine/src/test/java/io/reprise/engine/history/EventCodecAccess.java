package io.reprise.engine.history;

import io.reprise.engine.api.HistoryEvent;
import java.util.List;

/** Today's batch decoder for test code outside this package (the schema-4 fixture generator). */
public final class EventCodecAccess {

    private EventCodecAccess() {
    }

    public static List<HistoryEvent> decode(byte[] batch) {
        return EventCodec.decode(batch);
    }
}
