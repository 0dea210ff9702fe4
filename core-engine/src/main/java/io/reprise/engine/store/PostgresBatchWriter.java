package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of transitions in one PostgreSQL transaction, one statement per transition and no
 * savepoint: each statement checks the run's version (or, for a start, the keys, with
 * {@code ON CONFLICT DO NOTHING}) and appends the history batch in one go, so a stale or conflicting
 * transition writes nothing and raises nothing, and the others of the batch commit. Only a transition
 * that also starts a successor run takes a savepoint, as the two must commit together or not at all.
 *
 * <p>The writer's connection holds the store's advisory lock ({@link PostgresLock}): every write goes
 * through a connection that holds it, and a replacement connection (after the database restarted or the
 * connection broke) takes it again before it writes. Used by one thread.
 */
final class PostgresBatchWriter implements TransitionWriter {

    private static final Logger log = LoggerFactory.getLogger(PostgresBatchWriter.class);

    private static final String EXECUTION_COLUMNS = "namespace, workflow_id, run_id, workflow_type, task_queue,"
            + " status, start_time, close_time, next_timer_at, version, last_event_id, history_tail, state,"
            + " visibility, search_attributes";

    private static final String START = "INSERT INTO executions (" + EXECUTION_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING";

    // The history id comes first from the sequence, so the row names its batch as it is inserted.
    private static final String START_WITH_HISTORY = "WITH hid AS (SELECT nextval('history_ids') AS id),"
            + " run AS (INSERT INTO executions (" + EXECUTION_COLUMNS + ")"
            + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, hid.id, ?, ?, ?::jsonb FROM hid"
            + " ON CONFLICT DO NOTHING RETURNING row_id, history_tail)"
            + " INSERT INTO history (id, execution_row, previous_id, first_event_id, last_event_id, events)"
            + " SELECT history_tail, row_id, NULL, ?, ?, ? FROM run";

    private static final String RUN_MATCHES = "namespace = ? AND workflow_id = ? AND run_id = ? AND version = ?"
            + " AND workflow_type = ? AND task_queue = ? AND start_time = ?";

    // Sets every column, the unchanged status too: PostgreSQL compares old and new values, so an
    // update that keeps the indexed columns is HOT (it touches no index) whatever the SET list says.
    private static final String ADVANCE = "UPDATE executions SET status = ?, close_time = ?, next_timer_at = ?,"
            + " version = ?, last_event_id = ?, state = ?, visibility = ?, search_attributes = ?::jsonb"
            + " WHERE " + RUN_MATCHES;

    // All parts of one statement see the same snapshot: "old" is the row before the UPDATE, whose
    // history tail becomes the new batch's previous one. No row matches: nothing is written.
    private static final String ADVANCE_WITH_HISTORY = "WITH old AS (SELECT row_id, history_tail FROM executions"
            + " WHERE " + RUN_MATCHES + "),"
            + " hid AS (SELECT nextval('history_ids') AS id FROM old),"
            + " run AS (UPDATE executions e SET status = ?, close_time = ?, next_timer_at = ?, version = ?,"
            + " last_event_id = ?, history_tail = hid.id, state = ?, visibility = ?, search_attributes = ?::jsonb"
            + " FROM old, hid WHERE e.row_id = old.row_id RETURNING e.row_id)"
            + " INSERT INTO history (id, execution_row, previous_id, first_event_id, last_event_id, events)"
            + " SELECT hid.id, old.row_id, old.history_tail, ?, ?, ? FROM old, hid, run";

    private final String storeDescription;
    private final BatchWriter.ConnectionOpener reopener;
    private final PostgresLock lock;
    private Connection connection;
    private PreparedStatement start;
    private PreparedStatement startWithHistory;
    private PreparedStatement advance;
    private PreparedStatement advanceWithHistory;
    private Statement plain;

    /**
     * @param connection the writer connection, not in auto-commit mode, holding {@code lock}; this writer
     *     closes it
     * @param reopener opens a replacement when a failed transaction leaves {@code connection} broken
     */
    PostgresBatchWriter(Connection connection, BatchWriter.ConnectionOpener reopener, PostgresLock lock,
            String storeDescription) throws SQLException {
        this.storeDescription = storeDescription;
        this.reopener = reopener;
        this.lock = lock;
        use(connection);
    }

    private void use(Connection connection) throws SQLException {
        this.connection = connection;
        this.start = connection.prepareStatement(START);
        this.startWithHistory = connection.prepareStatement(START_WITH_HISTORY);
        this.advance = connection.prepareStatement(ADVANCE);
        this.advanceWithHistory = connection.prepareStatement(ADVANCE_WITH_HISTORY);
        this.plain = connection.createStatement();
    }

    @Override
    public RuntimeException[] write(List<Transition> batch) {
        RuntimeException[] failures = new RuntimeException[batch.size()];
        try {
            if (connection == null) {
                reopen();
            }
            for (int i = 0; i < batch.size(); i++) {
                failures[i] = apply(batch.get(i));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The transaction failed (a lost connection, a restarted server): none of the batch is applied.
            log.warn("A batch of {} transitions failed in {} and was rolled back: {}",
                    batch.size(), storeDescription, e.getMessage());
            rollback(e);
            for (int i = 0; i < batch.size(); i++) {
                Transition t = batch.get(i);
                failures[i] = new StoreException("Could not commit the transition of " + t.row().key()
                        + " to version " + t.row().version() + " in " + storeDescription
                        + ": the database transaction failed: " + e.getMessage()
                        + "; the transition was not applied", e);
            }
        }
        return failures;
    }

    /** @return {@code null} when {@code t} is applied (pending the commit), else why it wrote nothing */
    private RuntimeException apply(Transition t) throws SQLException {
        if (t.successor() == null) {
            return applyOne(t);
        }
        plain.execute("SAVEPOINT successor");
        RuntimeException failure = applyOne(t);
        if (failure == null) {
            failure = applyOne(t.successor());
            if (failure != null) {
                plain.execute("ROLLBACK TO SAVEPOINT successor");
            }
        }
        plain.execute("RELEASE SAVEPOINT successor");
        return failure;
    }

    private RuntimeException applyOne(Transition t) throws SQLException {
        ExecutionRow row = t.row();
        HistoryBatch history = t.history();
        String attributes = SearchAttributesColumn.json(row.visibility());
        if (t.expectedVersion() == 0) {
            PreparedStatement insert = history == null ? start : startWithHistory;
            int i = bindRow(insert, row, attributes);
            if (history != null) {
                bindHistory(insert, i, history);
            }
            return insert.executeUpdate() == 1
                    ? null : TransitionConflicts.uniqueConflict(connection, t, true);
        }
        PreparedStatement update;
        if (history == null) {
            update = advance;
            int i = bindChanges(update, 1, row, attributes);
            bindMatch(update, i, row, t.expectedVersion());
        } else {
            update = advanceWithHistory;
            int i = bindMatch(update, 1, row, t.expectedVersion());
            i = bindChanges(update, i, row, attributes);
            bindHistory(update, i, history);
        }
        return update.executeUpdate() == 1 ? null : TransitionConflicts.updateRejected(connection, t);
    }

    private static int bindRow(PreparedStatement s, ExecutionRow row, String attributes) throws SQLException {
        s.setString(1, row.key().namespace());
        s.setString(2, row.key().workflowId());
        s.setString(3, row.key().runId());
        s.setString(4, row.workflowType());
        s.setString(5, row.taskQueue());
        s.setString(6, row.status());
        s.setLong(7, row.startTimeMillis());
        setNullableLong(s, 8, row.closeTimeMillis());
        setNullableLong(s, 9, row.nextTimerAtMillis());
        s.setLong(10, row.version());
        s.setLong(11, row.lastEventId());
        s.setBytes(12, row.state());
        setNullableBytes(s, 13, row.visibility());
        s.setString(14, attributes);
        return 15;
    }

    private static int bindChanges(PreparedStatement s, int i, ExecutionRow row, String attributes)
            throws SQLException {
        s.setString(i, row.status());
        setNullableLong(s, i + 1, row.closeTimeMillis());
        setNullableLong(s, i + 2, row.nextTimerAtMillis());
        s.setLong(i + 3, row.version());
        s.setLong(i + 4, row.lastEventId());
        s.setBytes(i + 5, row.state());
        setNullableBytes(s, i + 6, row.visibility());
        s.setString(i + 7, attributes);
        return i + 8;
    }

    private static int bindMatch(PreparedStatement s, int i, ExecutionRow row, long expectedVersion)
            throws SQLException {
        s.setString(i, row.key().namespace());
        s.setString(i + 1, row.key().workflowId());
        s.setString(i + 2, row.key().runId());
        s.setLong(i + 3, expectedVersion);
        s.setString(i + 4, row.workflowType());
        s.setString(i + 5, row.taskQueue());
        s.setLong(i + 6, row.startTimeMillis());
        return i + 7;
    }

    private static void bindHistory(PreparedStatement s, int i, HistoryBatch history) throws SQLException {
        s.setLong(i, history.firstEventId());
        s.setLong(i + 1, history.lastEventId());
        s.setBytes(i + 2, history.events());
    }

    private static void setNullableBytes(PreparedStatement statement, int index, byte[] value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BINARY);
        } else {
            statement.setBytes(index, value);
        }
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /**
     * Rolls the batch back; when that fails too, the connection is broken (the server restarted, the
     * network dropped it): it is closed, and the next batch opens a new one.
     */
    private void rollback(Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Replacing the writer connection of {}: rolling back failed: {}", storeDescription,
                    e.getMessage());
            closeConnection();
        }
    }

    /** Opens a new connection and takes the store's lock on it; on failure, leaves none. */
    private void reopen() throws SQLException {
        Connection fresh = reopener.open();
        try {
            lock.acquire(fresh);
            use(fresh);
        } catch (SQLException | RuntimeException e) {
            connection = fresh;
            closeConnection();
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            lock.release(connection);
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        for (AutoCloseable closeable : new AutoCloseable[] {start, startWithHistory, advance, advanceWithHistory,
                plain, connection}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing: nothing left to protect
            }
        }
        connection = null;
        start = startWithHistory = advance = advanceWithHistory = null;
        plain = null;
    }
}
