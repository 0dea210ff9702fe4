package io.reprise.engine;

import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.store.ExecutionKey;

/** An activity attempt in a queue. It is current only while the activity still points at this very object. */
final class ActivityTaskRef extends QueuedTask {

    final ExecutionKey key;
    final long scheduledEventId;

    ActivityTaskRef(ExecutionKey key, long scheduledEventId) {
        this.key = key;
        this.scheduledEventId = scheduledEventId;
    }
}
