package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.reprise.engine.visibility.PostgresQueryCompiler;

/**
 * The read queries on one connection, prepared once and reused. Not thread-safe: one caller
 * at a time (see {@link ReadAccess}).
 */
final class ReadSession implements AutoCloseable {

    private static final String ROW_COLUMNS = "namespace, workflow_id, run_id, workflow_type, task_queue, status, "
            + "start_time, close_time, next_timer_at, version, last_event_id, state, visibility";

    private static final String LOAD = "SELECT " + ROW_COLUMNS
            + " FROM executions WHERE namespace = ? AND workflow_id = ? AND run_id = ?";

    // Start times can tie (a run continued-as-new within the same millisecond): the running
    // run, then the latest closed one, is the newer.
    private static final String LOAD_LATEST_RUN = "SELECT " + ROW_COLUMNS
            + " FROM executions WHERE namespace = ? AND workflow_id = ?"
            + " ORDER BY start_time DESC, CASE WHEN status = 'RUNNING' THEN 1 ELSE 0 END DESC, close_time DESC,"
            // The run inserted last: a continued run and its successor can have equal times (to the millisecond).
            + " row_id DESC LIMIT 1";

    // Served by the partial index executions_running_by_shard (PostgreSQL only).
    private static final String LOAD_RUNNING_IN_SHARD = "SELECT " + ROW_COLUMNS
            + " FROM executions WHERE status = 'RUNNING' AND shard = ? ORDER BY namespace, workflow_id";
    private static final String LOAD_RUNNING = "SELECT " + ROW_COLUMNS
            + " FROM executions WHERE status = 'RUNNING' ORDER BY namespace, workflow_id";

    // A run's batches form a chain from executions.history_tail back through previous_id; the walk
    // stops at the batch holding fromEventId. One statement, so one snapshot.
    private static final String READ_HISTORY = "WITH RECURSIVE chain(id) AS ("
            + "SELECT history_tail FROM executions"
            + " WHERE namespace = ? AND workflow_id = ? AND run_id = ? AND history_tail IS NOT NULL"
            + " UNION ALL SELECT h.previous_id FROM history h JOIN chain ON h.id = chain.id"
            + " WHERE h.previous_id IS NOT NULL AND h.first_event_id > ?)"
            + " SELECT h.first_event_id, h.last_event_id, h.events FROM chain JOIN history h ON h.id = chain.id"
            + " WHERE h.last_event_id >= ? ORDER BY h.first_event_id";

    private static final String LIST_COLUMNS = "namespace, workflow_id, run_id, workflow_type, task_queue, status, "
            + "start_time, close_time, last_event_id, visibility";

    private final Connection connection;
    private final boolean ownsConnection;
    private PreparedStatement load;
    private PreparedStatement loadLatestRun;
    private PreparedStatement loadRunning;
    private PreparedStatement readHistory;

    /**
     * @param ownsConnection whether {@link #close()} closes the connection too
     */
    ReadSession(Connection connection, boolean ownsConnection) {
        this.connection = connection;
        this.ownsConnection = ownsConnection;
    }

    /** The session's connection, for the statements of {@link MaintenanceSql}. */
    Connection connection() {
        return connection;
    }

    Optional<ExecutionRow> load(ExecutionKey key) throws SQLException {
        if (load == null) {
            load = connection.prepareStatement(LOAD);
        }
        load.setString(1, key.namespace());
        load.setString(2, key.workflowId());
        load.setString(3, key.runId());
        return first(load);
    }

    Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) throws SQLException {
        if (loadLatestRun == null) {
            loadLatestRun = connection.prepareStatement(LOAD_LATEST_RUN);
        }
        loadLatestRun.setString(1, namespace);
        loadLatestRun.setString(2, workflowId);
        return first(loadLatestRun);
    }

    List<ExecutionRow> loadRunning() throws SQLException {
        if (loadRunning == null) {
            loadRunning = connection.prepareStatement(LOAD_RUNNING);
        }
        List<ExecutionRow> rows = new ArrayList<>();
        try (ResultSet rs = loadRunning.executeQuery()) {
            while (rs.next()) {
                rows.add(row(rs));
            }
        }
        return rows;
    }

    /** The running runs of {@code shard} (PostgreSQL schema 7: the column {@code shard}), by Workflow Id. */
    List<ExecutionRow> loadRunningInShard(int shard) throws SQLException {
        List<ExecutionRow> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(LOAD_RUNNING_IN_SHARD)) {
            query.setInt(1, shard);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) throws SQLException {
        if (readHistory == null) {
            readHistory = connection.prepareStatement(READ_HISTORY);
        }
        readHistory.setString(1, key.namespace());
        readHistory.setString(2, key.workflowId());
        readHistory.setString(3, key.runId());
        readHistory.setLong(4, fromEventId);
        readHistory.setLong(5, fromEventId);
        List<HistoryBatch> batches = new ArrayList<>();
        try (ResultSet rs = readHistory.executeQuery()) {
            while (rs.next()) {
                batches.add(new HistoryBatch(rs.getLong(1), rs.getLong(2), bytes(rs, 3)));
            }
        }
        return batches;
    }

    /** Newest first; built per call (status and position are optional), an administrative query. */
    List<ExecutionSummary> listExecutions(ExecutionListQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT ").append(LIST_COLUMNS)
                .append(" FROM executions WHERE namespace = ?");
        if (query.status() != null) {
            sql.append(" AND status = ?");
        }
        PostgresQueryCompiler.Condition filter = query.filter() == null ? null
                : PostgresQueryCompiler.compile(query.filter());
        if (filter != null) {
            sql.append(" AND ").append(filter.sql());
        }
        if (query.after() != null) {
            sql.append(" AND (start_time < ? OR (start_time = ? AND (workflow_id < ?")
                    .append(" OR (workflow_id = ? AND run_id < ?))))");
        }
        sql.append(" ORDER BY start_time DESC, workflow_id DESC, run_id DESC LIMIT ?");
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            statement.setString(i++, query.namespace());
            if (query.status() != null) {
                statement.setString(i++, query.status());
            }
            if (filter != null) {
                i = bind(statement, i, filter.parameters());
            }
            ExecutionListQuery.Position after = query.after();
            if (after != null) {
                statement.setLong(i++, after.startTimeMillis());
                statement.setLong(i++, after.startTimeMillis());
                statement.setString(i++, after.workflowId());
                statement.setString(i++, after.workflowId());
                statement.setString(i++, after.runId());
            }
            statement.setInt(i, query.limit());
            List<ExecutionSummary> summaries = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    summaries.add(new ExecutionSummary(
                            new ExecutionKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7), nullableLong(rs, 8),
                            rs.getLong(9), rs.getBytes(10)));
                }
            }
            return summaries;
        }
    }

    /** How many runs the query selects (its limit and position ignored); the filter compiled to PostgreSQL. */
    long countExecutions(ExecutionListQuery query) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM executions WHERE namespace = ?");
        if (query.status() != null) {
            sql.append(" AND status = ?");
        }
        PostgresQueryCompiler.Condition filter = query.filter() == null ? null
                : PostgresQueryCompiler.compile(query.filter());
        if (filter != null) {
            sql.append(" AND ").append(filter.sql());
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int i = 1;
            statement.setString(i++, query.namespace());
            if (query.status() != null) {
                statement.setString(i++, query.status());
            }
            if (filter != null) {
                bind(statement, i, filter.parameters());
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int bind(PreparedStatement statement, int first, List<Object> parameters) throws SQLException {
        int i = first;
        for (Object parameter : parameters) {
            if (parameter instanceof String[] array) {
                statement.setArray(i++, connection.createArrayOf("text", array));
            } else {
                statement.setObject(i++, parameter);
            }
        }
        return i;
    }

    /** Whether the connection answers: {@code SELECT 1}. */
    Void ping() throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT 1")) {
            rs.next();
        }
        return null;
    }

    private static Optional<ExecutionRow> first(PreparedStatement query) throws SQLException {
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
    }

    private static ExecutionRow row(ResultSet rs) throws SQLException {
        return new ExecutionRow(
                new ExecutionKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getLong(7),
                nullableLong(rs, 8),
                nullableLong(rs, 9),
                rs.getLong(10),
                rs.getLong(11),
                bytes(rs, 12),
                rs.getBytes(13));
    }

    /** The column is NOT NULL; some drivers return {@code null} for an empty blob. */
    private static byte[] bytes(ResultSet rs, int column) throws SQLException {
        byte[] bytes = rs.getBytes(column);
        return bytes == null ? new byte[0] : bytes;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    @Override
    public void close() {
        for (PreparedStatement statement : new PreparedStatement[] {load, loadLatestRun, loadRunning, readHistory}) {
            closeQuietly(statement);
        }
        if (ownsConnection) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // closing: nothing left to protect
            }
        }
    }
}
