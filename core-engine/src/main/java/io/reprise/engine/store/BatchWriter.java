package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of transitions in one database transaction on the writer connection, each
 * inside its own savepoint: a transition that conflicts or fails is rolled back alone and the
 * others commit. Statements are prepared once and reused for every batch. Used by one thread.
 */
final class BatchWriter implements TransitionWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private static final String INSERT_EXECUTION = "INSERT INTO executions (row_id, namespace, workflow_id, run_id,"
            + " workflow_type, task_queue, status, start_time, close_time, next_timer_at, version, last_event_id,"
            + " history_tail, state, visibility) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    // Most transitions leave the status (and so the close time) alone. Matching them instead of
    // setting them leaves every index of executions untouched: SQLite rewrites an index whose
    // columns, or whose partial-index condition, name a column the UPDATE sets, even to the same
    // value. The workflow type, task queue and start time of a run never change: they are matched too.
    private static final String UPDATE_KEEPING_STATUS = "UPDATE executions SET next_timer_at = ?, version = ?,"
            + " last_event_id = ?, history_tail = COALESCE(?, history_tail), state = ?, visibility = ?"
            + " WHERE namespace = ? AND workflow_id = ? AND run_id = ? AND version = ?"
            + " AND workflow_type = ? AND task_queue = ? AND start_time = ? AND status = ? AND close_time IS ?";

    /** When {@link #UPDATE_KEEPING_STATUS} matched nothing: the status changed, or the version did. */
    private static final String UPDATE_EXECUTION = "UPDATE executions SET status = ?, close_time = ?,"
            + " next_timer_at = ?, version = ?, last_event_id = ?, history_tail = COALESCE(?, history_tail), state = ?,"
            + " visibility = ?"
            + " WHERE namespace = ? AND workflow_id = ? AND run_id = ? AND version = ?"
            + " AND workflow_type = ? AND task_queue = ? AND start_time = ?";

    private static final String INSERT_FIRST_HISTORY = "INSERT INTO history (id, execution_row, previous_id,"
            + " first_event_id, last_event_id, events) VALUES (?, ?, NULL, ?, ?, ?)";

    // Runs before the row's UPDATE, which moves history_tail to this batch. Inserts nothing when
    // the run does not exist; the UPDATE then fails the transition.
    private static final String APPEND_HISTORY = "INSERT INTO history (id, execution_row, previous_id,"
            + " first_event_id, last_event_id, events) SELECT ?, row_id, history_tail, ?, ?, ? FROM executions"
            + " WHERE namespace = ? AND workflow_id = ? AND run_id = ?";

    private static final String MAX_ROW_ID = "SELECT COALESCE(MAX(row_id), 0) FROM executions";
    private static final String MAX_HISTORY_ID = "SELECT COALESCE(MAX(id), 0) FROM history";

    // Savepoints as prepared statements: Connection.setSavepoint() re-parses SQL every time.
    private static final String SAVEPOINT = "SAVEPOINT transition";
    private static final String RELEASE_SAVEPOINT = "RELEASE SAVEPOINT transition";
    private static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT transition";

    /** The statement a transition was executing, for error messages. */
    private enum Step {
        INSERT_EXECUTION("insert the execution row"),
        UPDATE_EXECUTION("update the execution row"),
        INSERT_HISTORY("append the history batch");

        final String description;

        Step(String description) {
            this.description = description;
        }
    }

    /** Opens a new writer connection, not in auto-commit mode. */
    @FunctionalInterface
    interface ConnectionOpener {
        Connection open() throws SQLException;
    }

    private final SqlDialect dialect;
    private final String storeDescription;
    private final ConnectionOpener reopener;
    private final Runnable afterCommit;
    private Connection connection;
    private PreparedStatement insertExecution;
    private PreparedStatement updateKeepingStatus;
    private PreparedStatement updateExecution;
    private PreparedStatement insertFirstHistory;
    private PreparedStatement appendHistory;
    private PreparedStatement savepoint;
    private PreparedStatement releaseSavepoint;
    private PreparedStatement rollbackToSavepoint;
    // The ids the next inserted execution row and history batch get. This writer is the only one
    // (the file is locked), so it hands out ids in increasing order without asking the database;
    // those of rolled-back inserts are skipped.
    private long nextRowId;
    private long nextHistoryId;

    /**
     * @param connection the writer connection, not in auto-commit mode; this writer closes it
     * @param reopener opens a replacement when a failed transaction leaves {@code connection} in
     *     an unknown state, or {@code null} when the database lives only as long as
     *     {@code connection} (in-memory)
     * @param afterCommit run on this writer's thread after each commit ({@link SqliteCheckpointer#committed()})
     */
    BatchWriter(Connection connection, ConnectionOpener reopener, SqlDialect dialect, String storeDescription,
            Runnable afterCommit) throws SQLException {
        this.dialect = dialect;
        this.storeDescription = storeDescription;
        this.reopener = reopener;
        this.afterCommit = afterCommit;
        use(connection);
    }

    private void use(Connection connection) throws SQLException {
        this.connection = connection;
        this.insertExecution = connection.prepareStatement(INSERT_EXECUTION);
        this.updateKeepingStatus = connection.prepareStatement(UPDATE_KEEPING_STATUS);
        this.updateExecution = connection.prepareStatement(UPDATE_EXECUTION);
        this.insertFirstHistory = connection.prepareStatement(INSERT_FIRST_HISTORY);
        this.appendHistory = connection.prepareStatement(APPEND_HISTORY);
        this.savepoint = connection.prepareStatement(SAVEPOINT);
        this.releaseSavepoint = connection.prepareStatement(RELEASE_SAVEPOINT);
        this.rollbackToSavepoint = connection.prepareStatement(ROLLBACK_TO_SAVEPOINT);
        this.nextRowId = maxId(MAX_ROW_ID) + 1;
        this.nextHistoryId = maxId(MAX_HISTORY_ID) + 1;
        // End the read transaction those queries opened: another connection (the maintenance writer)
        // may write before this one does, which an open read snapshot would turn into SQLITE_BUSY_SNAPSHOT.
        connection.commit();
    }

    private long maxId(String query) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(query);
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Writes {@code batch} in one transaction and commits it.
     *
     * @return for each transition, in order, {@code null} if it committed or the reason it did not
     *     (nothing of a failed transition is applied): a {@link StoreException} (possibly a
     *     {@link ConcurrentUpdateException}), or an {@link IllegalArgumentException} for a
     *     transition that tries to change what never changes in a run
     */
    @Override
    public RuntimeException[] write(List<Transition> batch) {
        RuntimeException[] failures = new RuntimeException[batch.size()];
        try {
            if (connection == null) {
                reopen();
            }
            for (int i = 0; i < batch.size(); i++) {
                failures[i] = applyInSavepoint(batch.get(i));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The transaction itself failed: none of the batch is applied.
            log.warn("A batch of {} transitions failed in {} and was rolled back: {}",
                    batch.size(), storeDescription, e.getMessage());
            rollback(e);
            for (int i = 0; i < batch.size(); i++) {
                if (failures[i] == null) {
                    Transition t = batch.get(i);
                    failures[i] = new StoreException("Could not commit the transition of " + t.row().key()
                            + " to version " + t.row().version() + " in " + storeDescription
                            + ": the database transaction failed: " + e.getMessage()
                            + "; the transition was not applied", e);
                }
            }
            return failures;
        }
        afterCommit.run();
        return failures;
    }

    /**
     * @return {@code null} when {@code t} is applied (pending the batch's commit), else why not
     * @throws SQLException when the savepoint cannot be set, released or rolled back to (the
     *     whole batch transaction is then suspect)
     */
    private RuntimeException applyInSavepoint(Transition t) throws SQLException {
        savepoint.executeUpdate();
        Transition failing = t; // the successor, once its start is being written
        Step step = null;
        boolean versionMismatch = false;
        SQLException failure = null;
        try {
            if (t.expectedVersion() == 0) {
                step = Step.INSERT_EXECUTION;
                long rowId = nextRowId++;
                long historyId = t.history() == null ? 0 : nextHistoryId++;
                bindInsert(t.row(), rowId, historyId);
                insertExecution.executeUpdate();
                if (t.history() != null) {
                    step = Step.INSERT_HISTORY;
                    bindFirstHistory(rowId, historyId, t.history());
                    insertFirstHistory.executeUpdate();
                }
            } else {
                long historyId = 0;
                if (t.history() != null) {
                    step = Step.INSERT_HISTORY;
                    historyId = nextHistoryId++;
                    bindAppendHistory(t.row().key(), historyId, t.history());
                    appendHistory.executeUpdate();
                }
                step = Step.UPDATE_EXECUTION;
                bindUpdateKeepingStatus(t.row(), t.expectedVersion(), historyId);
                if (updateKeepingStatus.executeUpdate() == 0) {
                    bindUpdate(t.row(), t.expectedVersion(), historyId);
                    versionMismatch = updateExecution.executeUpdate() == 0;
                }
            }
            Transition successor = t.successor();
            if (!versionMismatch && successor != null) {
                // The next run of the Workflow Id starts in the same savepoint: both or neither.
                failing = successor;
                step = Step.INSERT_EXECUTION;
                long rowId = nextRowId++;
                long historyId = successor.history() == null ? 0 : nextHistoryId++;
                bindInsert(successor.row(), rowId, historyId);
                insertExecution.executeUpdate();
                if (successor.history() != null) {
                    step = Step.INSERT_HISTORY;
                    bindFirstHistory(rowId, historyId, successor.history());
                    insertFirstHistory.executeUpdate();
                }
            }
        } catch (SQLException e) {
            failure = e;
        }
        if (failure == null && !versionMismatch) {
            releaseSavepoint.executeUpdate();
            return null;
        }
        rollbackToSavepoint.executeUpdate(); // keeps the savepoint open: release it too
        releaseSavepoint.executeUpdate();
        if (versionMismatch) {
            return TransitionConflicts.updateRejected(connection, t);
        }
        // History ids are this writer's own: only the execution row's keys can conflict.
        if (step != Step.INSERT_HISTORY && dialect.isUniqueViolation(failure)) {
            return TransitionConflicts.uniqueConflict(connection, failing, step == Step.INSERT_EXECUTION);
        }
        return new StoreException("Could not " + step.description + " of " + failing.row().key() + " in "
                + storeDescription + ": " + failure.getMessage() + "; the transition was not applied", failure);
    }

    private void bindInsert(ExecutionRow row, long rowId, long historyId) throws SQLException {
        PreparedStatement insert = insertExecution;
        insert.setLong(1, rowId);
        bindKey(insert, row.key(), 2);
        insert.setString(5, row.workflowType());
        insert.setString(6, row.taskQueue());
        insert.setString(7, row.status());
        insert.setLong(8, row.startTimeMillis());
        setNullableLong(insert, 9, row.closeTimeMillis());
        setNullableLong(insert, 10, row.nextTimerAtMillis());
        insert.setLong(11, row.version());
        insert.setLong(12, row.lastEventId());
        setHistoryId(insert, 13, historyId);
        insert.setBytes(14, row.state());
        setNullableBytes(insert, 15, row.visibility());
    }

    private void bindUpdateKeepingStatus(ExecutionRow row, long expectedVersion, long historyId) throws SQLException {
        PreparedStatement update = updateKeepingStatus;
        setNullableLong(update, 1, row.nextTimerAtMillis());
        update.setLong(2, row.version());
        update.setLong(3, row.lastEventId());
        setHistoryId(update, 4, historyId);
        update.setBytes(5, row.state());
        setNullableBytes(update, 6, row.visibility());
        bindKey(update, row.key(), 7);
        update.setLong(10, expectedVersion);
        update.setString(11, row.workflowType());
        update.setString(12, row.taskQueue());
        update.setLong(13, row.startTimeMillis());
        update.setString(14, row.status());
        setNullableLong(update, 15, row.closeTimeMillis());
    }

    private void bindUpdate(ExecutionRow row, long expectedVersion, long historyId) throws SQLException {
        PreparedStatement update = updateExecution;
        update.setString(1, row.status());
        setNullableLong(update, 2, row.closeTimeMillis());
        setNullableLong(update, 3, row.nextTimerAtMillis());
        update.setLong(4, row.version());
        update.setLong(5, row.lastEventId());
        setHistoryId(update, 6, historyId);
        update.setBytes(7, row.state());
        setNullableBytes(update, 8, row.visibility());
        bindKey(update, row.key(), 9);
        update.setLong(12, expectedVersion);
        update.setString(13, row.workflowType());
        update.setString(14, row.taskQueue());
        update.setLong(15, row.startTimeMillis());
    }

    private void bindFirstHistory(long rowId, long historyId, HistoryBatch history) throws SQLException {
        insertFirstHistory.setLong(1, historyId);
        insertFirstHistory.setLong(2, rowId);
        insertFirstHistory.setLong(3, history.firstEventId());
        insertFirstHistory.setLong(4, history.lastEventId());
        insertFirstHistory.setBytes(5, history.events());
    }

    private void bindAppendHistory(ExecutionKey key, long historyId, HistoryBatch history) throws SQLException {
        appendHistory.setLong(1, historyId);
        appendHistory.setLong(2, history.firstEventId());
        appendHistory.setLong(3, history.lastEventId());
        appendHistory.setBytes(4, history.events());
        bindKey(appendHistory, key, 5);
    }

    /** A history id, or null for {@code 0}: the transition appends no batch. */
    private static void setHistoryId(PreparedStatement statement, int index, long historyId) throws SQLException {
        if (historyId == 0) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, historyId);
        }
    }

    private static void bindKey(PreparedStatement statement, ExecutionKey key, int first) throws SQLException {
        statement.setString(first, key.namespace());
        statement.setString(first + 1, key.workflowId());
        statement.setString(first + 2, key.runId());
    }

    private static void setNullableBytes(PreparedStatement statement, int index, byte[] value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BLOB);
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
     * Rolls the batch back. If that fails, the database may already have rolled the transaction
     * back itself (SQLite does on a full disk or an I/O error), and the driver may no longer
     * have one open: the connection's state is unknown, so it is replaced. Closing it discards
     * whatever it had not committed.
     */
    private void rollback(Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            if (reopener != null) {
                log.warn("Replacing the writer connection of {}: rolling back failed: {}",
                        storeDescription, e.getMessage());
                closeConnection();
                try {
                    reopen();
                } catch (SQLException | RuntimeException reopenFailure) {
                    failure.addSuppressed(reopenFailure);
                }
            }
        }
    }

    /** Opens a new connection; on failure, leaves none, and the next batch tries again. */
    private void reopen() throws SQLException {
        if (reopener == null) {
            throw new SQLException("the writer connection is closed");
        }
        Connection fresh = reopener.open();
        try {
            use(fresh);
        } catch (SQLException | RuntimeException e) {
            connection = fresh;
            closeConnection();
            throw e;
        }
    }

    /** Closes the statements and the connection. */
    @Override
    public void close() {
        closeConnection();
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        for (AutoCloseable closeable : new AutoCloseable[] {insertExecution, updateKeepingStatus, updateExecution,
                insertFirstHistory, appendHistory, savepoint, releaseSavepoint, rollbackToSavepoint, connection}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing: nothing left to protect
            }
        }
        connection = null;
        insertExecution = updateKeepingStatus = updateExecution = insertFirstHistory = appendHistory = null;
        savepoint = releaseSavepoint = rollbackToSavepoint = null;
    }
}
