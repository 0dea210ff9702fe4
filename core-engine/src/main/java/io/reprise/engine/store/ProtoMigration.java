package io.reprise.engine.store;

import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.store.schema4.CannotMigrateException;
import io.reprise.engine.store.schema4.Schema4Reader;
import io.reprise.engine.store.schema4.Schema4Tables;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

/**
 * The data part of schema version 5: every history batch, run snapshot and visibility value a schema-4 store holds
 * is read by the frozen schema-4 reader ({@link Schema4Reader}) and written again as the proto v1 message this build
 * reads ({@link EventCodec}, {@link StateCodec}). It runs inside {@link Schema#migrate}'s one transaction, page by
 * page in id order so that a large store is never in memory at once; a row it cannot read throws
 * {@link CannotMigrateException} and the transaction rolls back. Each value written is read back and compared with
 * what was read (events equal, snapshot bytes stable), so that a mapping that loses data fails the migration rather
 * than the runs.
 */
final class ProtoMigration {

    /** The schema version whose data this migration writes. */
    static final int VERSION = 5;

    private static final int PAGE = 200;

    /** What one migration rewrote. */
    record Counts(int runs, int batches, long events) {
    }

    private ProtoMigration() {
    }

    /**
     * Rewrites the rows and batches of the store on {@code connection} (inside the caller's transaction).
     *
     * @throws CannotMigrateException when a row or batch is not what schema 4 wrote
     */
    static Counts migrate(Connection connection) throws SQLException {
        Schema4Reader reader = new Schema4Reader();
        int runs = 0;
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE executions SET state = ?, visibility = ? WHERE row_id = ?")) {
            long after = 0;
            for (List<Schema4Tables.StoredRow> page = Schema4Tables.rowsAfter(connection, after, PAGE);
                    !page.isEmpty(); page = Schema4Tables.rowsAfter(connection, after, PAGE)) {
                for (Schema4Tables.StoredRow stored : page) {
                    ExecutionRow migrated = snapshot(reader, stored.row());
                    update.setBytes(1, migrated.state());
                    update.setBytes(2, migrated.visibility());
                    update.setLong(3, stored.rowId());
                    update.addBatch();
                    after = stored.rowId();
                }
                update.executeBatch();
                runs += page.size();
            }
        }
        int batches = 0;
        long events = 0;
        try (PreparedStatement update = connection.prepareStatement("UPDATE history SET events = ? WHERE id = ?")) {
            long after = 0;
            for (List<Schema4Tables.StoredBatch> page = Schema4Tables.batchesAfter(connection, after, PAGE);
                    !page.isEmpty(); page = Schema4Tables.batchesAfter(connection, after, PAGE)) {
                for (Schema4Tables.StoredBatch stored : page) {
                    List<HistoryEvent> history = reader.history(stored.key(), stored.batch());
                    update.setBytes(1, batch(stored, history));
                    update.setLong(2, stored.id());
                    update.addBatch();
                    after = stored.id();
                    events += history.size();
                }
                update.executeBatch();
                batches += page.size();
            }
        }
        return new Counts(runs, batches, events);
    }

    /** The row's snapshot and visibility column as this build writes them. */
    private static ExecutionRow snapshot(Schema4Reader reader, ExecutionRow row) {
        MutableState state = reader.state(row);
        ExecutionRow migrated = StateCodec.toRow(state, row.version(), null);
        byte[] again = StateCodec.toRow(StateCodec.fromRow(migrated), row.version(), null).state();
        if (migrated.lastEventId() != row.lastEventId() || !Arrays.equals(again, migrated.state())) {
            throw new IllegalStateException("The snapshot of run " + row.key() + " does not read back as written"
                    + " after its migration; this is a bug of Reprise: report it (the store is left unchanged)");
        }
        return migrated;
    }

    /** The batch's events as this build writes them. */
    private static byte[] batch(Schema4Tables.StoredBatch stored, List<HistoryEvent> history) {
        byte[] encoded = EventCodec.encode(history).events();
        if (!EventCodec.decode(encoded).equals(history)) {
            throw new IllegalStateException("The history batch of events " + stored.batch().firstEventId() + ".."
                    + stored.batch().lastEventId() + " of run " + stored.key() + " does not read back as written"
                    + " after its migration; this is a bug of Reprise: report it (the store is left unchanged)");
        }
        return encoded;
    }
}
