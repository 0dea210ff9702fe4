package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The statements of the store's administrative reads and writes: the namespace registry and the
 * deletion of closed runs past their retention. Each takes the connection to run on (a read
 * session's, or the {@link MaintenanceWriter}'s inside its transaction).
 */
final class MaintenanceSql {

    private static final String LOAD_NAMESPACES = "SELECT name, description, retention_millis, create_time,"
            + " update_time FROM namespaces ORDER BY name";

    private static final String INSERT_NAMESPACE = "INSERT INTO namespaces (name, description, retention_millis,"
            + " create_time, update_time) VALUES (?, ?, ?, ?, ?)";

    private static final String SELECT_NAMESPACE = "SELECT 1 FROM namespaces WHERE name = ?";

    private static final String UPDATE_NAMESPACE = "UPDATE namespaces SET description = ?, retention_millis = ?,"
            + " update_time = ? WHERE name = ?";

    // Served by the index executions_by_close_time (namespace, close_time).
    private static final String EARLIEST_CLOSE_TIME = "SELECT MIN(close_time) FROM executions"
            + " WHERE namespace = ? AND close_time IS NOT NULL";

    private static final String EXPIRED_RUNS = "SELECT workflow_id, run_id FROM executions"
            + " WHERE namespace = ? AND close_time IS NOT NULL AND close_time <= ? AND status <> 'RUNNING'"
            + " ORDER BY close_time LIMIT ?";

    // A cluster node's: only the runs of the shards it owns (PostgreSQL only).
    private static final String IN_SHARDS = " AND shard = ANY (?)";
    private static final String EXPIRED_RUNS_IN_SHARDS = "SELECT workflow_id, run_id FROM executions"
            + " WHERE namespace = ? AND close_time IS NOT NULL AND close_time <= ? AND status <> 'RUNNING'"
            + IN_SHARDS + " ORDER BY close_time LIMIT ?";

    private static void setShards(PreparedStatement statement, int index, int[] shards) throws SQLException {
        Integer[] boxed = new Integer[shards.length];
        for (int i = 0; i < shards.length; i++) {
            boxed[i] = shards[i];
        }
        statement.setArray(index, statement.getConnection().createArrayOf("integer", boxed));
    }

    // A run's batches form a chain from executions.history_tail back through previous_id: walking
    // it finds them by primary key (history has no index on execution_row, so inserts stay appends).
    private static final String DELETE_HISTORY = "WITH RECURSIVE chain(id) AS ("
            + "SELECT history_tail FROM executions WHERE namespace = ? AND workflow_id = ? AND run_id = ?"
            + " UNION ALL SELECT h.previous_id FROM history h JOIN chain ON h.id = chain.id"
            + " WHERE h.previous_id IS NOT NULL)"
            + " DELETE FROM history WHERE id IN (SELECT id FROM chain)";

    // Closed runs never change, so the condition only guards against a caller's mistake.
    private static final String DELETE_EXECUTION = "DELETE FROM executions"
            + " WHERE namespace = ? AND workflow_id = ? AND run_id = ? AND status <> 'RUNNING'";

    private MaintenanceSql() {
    }

    static List<NamespaceRow> loadNamespaces(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(LOAD_NAMESPACES);
                ResultSet rs = query.executeQuery()) {
            List<NamespaceRow> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(new NamespaceRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)));
            }
            return rows;
        }
    }

    /** Inserts {@code row}; {@code false} (nothing written) when the name is taken. */
    static boolean insertNamespace(Connection connection, NamespaceRow row) throws SQLException {
        if (namespaceExists(connection, row.name())) {
            return false;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_NAMESPACE)) {
            insert.setString(1, row.name());
            insert.setString(2, row.description());
            insert.setLong(3, row.retentionMillis());
            insert.setLong(4, row.createTimeMillis());
            insert.setLong(5, row.updateTimeMillis());
            insert.executeUpdate();
            return true;
        }
    }

    /** Sets the description, retention and update time of {@code row.name()}; {@code false} when absent. */
    static boolean updateNamespace(Connection connection, NamespaceRow row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE_NAMESPACE)) {
            update.setString(1, row.description());
            update.setLong(2, row.retentionMillis());
            update.setLong(3, row.updateTimeMillis());
            update.setString(4, row.name());
            return update.executeUpdate() == 1;
        }
    }

    private static boolean namespaceExists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(SELECT_NAMESPACE)) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    static OptionalLong earliestCloseTime(Connection connection, String namespace) throws SQLException {
        return earliestCloseTime(connection, namespace, null);
    }

    /** With {@code shards} ({@code null}: all), only the runs of those shards (PostgreSQL schema 7). */
    static OptionalLong earliestCloseTime(Connection connection, String namespace, int[] shards) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(EARLIEST_CLOSE_TIME
                + (shards == null ? "" : IN_SHARDS))) {
            query.setString(1, namespace);
            if (shards != null) {
                setShards(query, 2, shards);
            }
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                long value = rs.getLong(1);
                return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
            }
        }
    }

    /**
     * Deletes up to {@code limit} runs of {@code namespace} closed at or before
     * {@code closedAtOrBeforeMillis}, oldest first, with their histories.
     *
     * @return the deleted runs
     */
    static List<ExecutionKey> deleteClosedRuns(Connection connection, String namespace, long closedAtOrBeforeMillis,
            int limit) throws SQLException {
        return deleteClosedRuns(connection, namespace, closedAtOrBeforeMillis, limit, null);
    }

    /** With {@code shards} ({@code null}: all), only the runs of those shards (PostgreSQL schema 7). */
    static List<ExecutionKey> deleteClosedRuns(Connection connection, String namespace, long closedAtOrBeforeMillis,
            int limit, int[] shards) throws SQLException {
        List<ExecutionKey> expired = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(shards == null ? EXPIRED_RUNS
                : EXPIRED_RUNS_IN_SHARDS)) {
            query.setString(1, namespace);
            query.setLong(2, closedAtOrBeforeMillis);
            int next = 3;
            if (shards != null) {
                setShards(query, next++, shards);
            }
            query.setInt(next, limit);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    expired.add(new ExecutionKey(namespace, rs.getString(1), rs.getString(2)));
                }
            }
        }
        if (expired.isEmpty()) {
            return expired;
        }
        List<ExecutionKey> deleted = new ArrayList<>(expired.size());
        try (PreparedStatement history = connection.prepareStatement(DELETE_HISTORY);
                PreparedStatement execution = connection.prepareStatement(DELETE_EXECUTION)) {
            for (ExecutionKey key : expired) {
                bindKey(execution, key);
                if (execution.executeUpdate() == 1) {
                    bindKey(history, key);
                    history.executeUpdate();
                    deleted.add(key);
                }
            }
        }
        return deleted;
    }

    private static void bindKey(PreparedStatement statement, ExecutionKey key) throws SQLException {
        statement.setString(1, key.namespace());
        statement.setString(2, key.workflowId());
        statement.setString(3, key.runId());
    }
}
