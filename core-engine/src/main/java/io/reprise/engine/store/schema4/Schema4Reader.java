package io.reprise.engine.store.schema4;

import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads what a store of schema 4 holds (history batches of {@code EventCodec} format 1 or JSON, run snapshots
 * of {@code StateCodec} format 3) into this build's records, independently of the codecs that wrote it: the
 * bytes are decoded by frozen layouts ({@link EventLayouts}, {@link SnapshotDecoder}), then records are built by
 * component name ({@link RecordAssembler}, with the defaults of {@link MigrationDefaults#SCHEMA_4}). It is what
 * the migration of a schema-4 store reads with; it writes nothing.
 */
public final class Schema4Reader {

    private final RecordAssembler assembler;
    private final SnapshotDecoder snapshots;

    /** A reader with the defaults of {@link MigrationDefaults#SCHEMA_4}. */
    public Schema4Reader() {
        this(MigrationDefaults.SCHEMA_4);
    }

    Schema4Reader(MigrationDefaults defaults) {
        this.assembler = new RecordAssembler(defaults);
        this.snapshots = new SnapshotDecoder(assembler);
    }

    /**
     * The events of one batch of a run, decoded by the frozen layouts and not yet records of this build.
     *
     * @throws CannotMigrateException when the batch is no schema-4 batch, or its events are not the ids it spans
     */
    public List<DecodedEvent> decode(ExecutionKey key, HistoryBatch batch) {
        String where = "the history batch of events " + batch.firstEventId() + ".." + batch.lastEventId()
                + " of run " + describe(key);
        List<DecodedEvent> events = BatchDecoder.decode(batch.events(), where);
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).eventId() != batch.firstEventId() + i) {
                throw new CannotMigrateException(where + " holds event " + events.get(i).eventId() + " at position "
                        + i + ": it is corrupt; restore the store from a backup");
            }
        }
        if (events.size() != batch.lastEventId() - batch.firstEventId() + 1) {
            throw new CannotMigrateException(where + " holds " + events.size() + " events: it is corrupt; restore"
                    + " the store from a backup");
        }
        return events;
    }

    /**
     * The events of one batch of a run as this build's records.
     *
     * @throws CannotMigrateException as {@link #decode}, or when an event cannot be built as this build's record
     */
    public List<HistoryEvent> history(ExecutionKey key, HistoryBatch batch) {
        List<HistoryEvent> events = new ArrayList<>();
        for (DecodedEvent event : decode(key, batch)) {
            events.add(new HistoryEvent(event.eventId(), event.eventTime(), assembler.eventAttributes(
                    event.attributes(), "event " + event.eventId() + " of run " + describe(key))));
        }
        return events;
    }

    /**
     * The state of a run from its schema-4 row (its snapshot and its visibility column). In-memory caches start
     * empty, as after a restart.
     *
     * @throws CannotMigrateException when the snapshot is no format-3 snapshot, or holds a record this build
     *     cannot build
     */
    public MutableState state(ExecutionRow row) {
        return snapshots.decode(row);
    }

    /** {@code namespace/workflowId/runId}, for messages. */
    static String describe(ExecutionKey key) {
        return key.namespace() + "/" + key.workflowId() + "/" + key.runId();
    }
}
