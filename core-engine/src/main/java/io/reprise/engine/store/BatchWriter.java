package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Writes a batch of transitions in one database transaction on the writer connection, each
 * inside its own savepoint: a transition that conflicts or fails is rolled back alone and the
 * others commit. Statements are prepared once and reused for every batch. Used by one thread.
 */
final class BatchWriter implements AutoCloseable {

    private static final String INSERT_EXECUTION = "INSERT INTO executions (namespace, workflow_id, run_id, "
            + "workflow_type, task_queue, status, start_time, close_time, next_timer_at, version, last_event_id, state)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final String UPDATE_EXECUTION = "UPDATE executions SET workflow_type = ?, task_queue = ?,"
            + " status = ?, start_time = ?, close_time = ?, next_timer_at = ?, version = ?, last_event_id = ?,"
            + " state = ? WHERE namespace = ? AND workflow_id = ? AND run_id = ? AND version = ?";

    private static final String INSERT_HISTORY = "INSERT INTO history (namespace, workflow_id, run_id,"
            + " first_event_id, last_event_id, events) VALUES (?, ?, ?, ?, ?, ?)";

    // Savepoints as prepared statements: Connection.setSavepoint() re-parses SQL every time.
    private static final String SAVEPOINT = "SAVEPOINT transition";
    private static final String RELEASE_SAVEPOINT = "RELEASE SAVEPOINT transition";
    private static final String ROLLBACK_TO_SAVEPOINT = "ROLLBACK TO SAVEPOINT transition";

    private static final String SELECT_VERSION =
            "SELECT version FROM executions WHERE namespace = ? AND workflow_id = ? AND run_id = ?";

    private static final String SELECT_RUNNING_RUN =
            "SELECT run_id FROM executions WHERE namespace = ? AND workflow_id = ? AND status = 'RUNNING'";

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

    private final Connection connection;
    private final SqlDialect dialect;
    private final String storeDescription;
    private final PreparedStatement insertExecution;
    private final PreparedStatement updateExecution;
    private final PreparedStatement insertHistory;
    private final PreparedStatement savepoint;
    private final PreparedStatement releaseSavepoint;
    private final PreparedStatement rollbackToSavepoint;

    /**
     * @param connection the writer connection, not in auto-commit mode
     */
    BatchWriter(Connection connection, SqlDialect dialect, String storeDescription) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.storeDescription = storeDescription;
        this.insertExecution = connection.prepareStatement(INSERT_EXECUTION);
        this.updateExecution = connection.prepareStatement(UPDATE_EXECUTION);
        this.insertHistory = connection.prepareStatement(INSERT_HISTORY);
        this.savepoint = connection.prepareStatement(SAVEPOINT);
        this.releaseSavepoint = connection.prepareStatement(RELEASE_SAVEPOINT);
        this.rollbackToSavepoint = connection.prepareStatement(ROLLBACK_TO_SAVEPOINT);
    }

    /**
     * Writes {@code batch} in one transaction and commits it.
     *
     * @return for each transition, in order, {@code null} if it committed or the reason it did not
     *     (nothing of a failed transition is applied)
     */
    StoreException[] write(List<Transition> batch) {
        StoreException[] failures = new StoreException[batch.size()];
        try {
            for (int i = 0; i < batch.size(); i++) {
                failures[i] = applyInSavepoint(batch.get(i));
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The transaction itself failed: none of the batch is applied.
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
        }
        return failures;
    }

    /**
     * @return {@code null} when {@code t} is applied (pending the batch's commit), else why not
     * @throws SQLException when the savepoint cannot be set, released or rolled back to (the
     *     whole batch transaction is then suspect)
     */
    private StoreException applyInSavepoint(Transition t) throws SQLException {
        savepoint.executeUpdate();
        Step step = null;
        boolean versionMismatch = false;
        SQLException failure = null;
        try {
            if (t.expectedVersion() == 0) {
                step = Step.INSERT_EXECUTION;
                bindInsert(t.row());
                insertExecution.executeUpdate();
            } else {
                step = Step.UPDATE_EXECUTION;
                bindUpdate(t.row(), t.expectedVersion());
                versionMismatch = updateExecution.executeUpdate() == 0;
            }
            if (!versionMismatch && t.history() != null) {
                step = Step.INSERT_HISTORY;
                bindHistory(t.row().key(), t.history());
                insertHistory.executeUpdate();
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
            return versionConflict(t);
        }
        if (dialect.isUniqueViolation(failure)) {
            return uniqueConflict(t, step);
        }
        return new StoreException("Could not " + step.description + " of " + t.row().key() + " in "
                + storeDescription + ": " + failure.getMessage() + "; the transition was not applied", failure);
    }

    private ConcurrentUpdateException versionConflict(Transition t) {
        ExecutionKey key = t.row().key();
        Long stored = storedVersion(key);
        String found = stored == null ? "the execution does not exist" : "the store holds version " + stored;
        return new ConcurrentUpdateException("Workflow execution " + key + " was changed concurrently: the transition "
                + "expected version " + t.expectedVersion() + " but " + found + "; the transition was not applied");
    }

    private ConcurrentUpdateException uniqueConflict(Transition t, Step step) {
        ExecutionRow row = t.row();
        ExecutionKey key = row.key();
        if (step == Step.INSERT_HISTORY) {
            return new ConcurrentUpdateException("History of workflow execution " + key
                    + " already holds a batch starting at event id " + t.history().firstEventId()
                    + "; the transition to version " + row.version() + " was not applied");
        }
        if (step == Step.INSERT_EXECUTION) {
            Long stored = storedVersion(key);
            if (stored != null) {
                return new ConcurrentUpdateException("Workflow execution " + key + " already exists (version "
                        + stored + "); the transition expected a new execution and was not applied");
            }
        }
        String running = runningRunId(key);
        return new ConcurrentUpdateException("Workflow Id \"" + key.workflowId() + "\" in namespace \""
                + key.namespace() + "\" already has a running execution"
                + (running == null ? "" : " (run id " + running + ")")
                + "; run " + key.runId() + " cannot be RUNNING at the same time and its transition was not applied");
    }

    /** The version stored for {@code key}; {@code null} if absent or unreadable (only for messages). */
    private Long storedVersion(ExecutionKey key) {
        try (PreparedStatement query = connection.prepareStatement(SELECT_VERSION)) {
            bindKey(query, key, 1);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /** The running run of {@code key}'s Workflow Id; {@code null} if none or unreadable (only for messages). */
    private String runningRunId(ExecutionKey key) {
        try (PreparedStatement query = connection.prepareStatement(SELECT_RUNNING_RUN)) {
            query.setString(1, key.namespace());
            query.setString(2, key.workflowId());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    private void bindInsert(ExecutionRow row) throws SQLException {
        bindKey(insertExecution, row.key(), 1);
        bindColumns(insertExecution, row, 4);
    }

    private void bindUpdate(ExecutionRow row, long expectedVersion) throws SQLException {
        bindColumns(updateExecution, row, 1);
        bindKey(updateExecution, row.key(), 10);
        updateExecution.setLong(13, expectedVersion);
    }

    private void bindHistory(ExecutionKey key, HistoryBatch history) throws SQLException {
        bindKey(insertHistory, key, 1);
        insertHistory.setLong(4, history.firstEventId());
        insertHistory.setLong(5, history.lastEventId());
        insertHistory.setBytes(6, history.events());
    }

    private static void bindKey(PreparedStatement statement, ExecutionKey key, int first) throws SQLException {
        statement.setString(first, key.namespace());
        statement.setString(first + 1, key.workflowId());
        statement.setString(first + 2, key.runId());
    }

    /** Binds the nine non-key columns, in table order, from parameter {@code first}. */
    private static void bindColumns(PreparedStatement statement, ExecutionRow row, int first) throws SQLException {
        statement.setString(first, row.workflowType());
        statement.setString(first + 1, row.taskQueue());
        statement.setString(first + 2, row.status());
        statement.setLong(first + 3, row.startTimeMillis());
        setNullableLong(statement, first + 4, row.closeTimeMillis());
        setNullableLong(statement, first + 5, row.nextTimerAtMillis());
        statement.setLong(first + 6, row.version());
        statement.setLong(first + 7, row.lastEventId());
        statement.setBytes(first + 8, row.state());
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private void rollback(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : new PreparedStatement[] {
                insertExecution, updateExecution, insertHistory, savepoint, releaseSavepoint, rollbackToSavepoint}) {
            try {
                statement.close();
            } catch (SQLException ignored) {
                // closing: nothing left to protect
            }
        }
    }
}
