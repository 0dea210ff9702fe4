package io.reprise.engine.store.schema4;

import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tables of a schema-4 store as they are, with plain SQL that both dialects understand: the
 * execution rows and each run's history batches (a chain from {@code executions.history_tail} back through
 * {@code history.previous_id}). For the migration, which must read what schema 4 wrote whatever the store code
 * of this build reads.
 */
public final class Schema4Tables {

    /** The schema version this package reads. */
    public static final int SCHEMA_VERSION = 4;

    private static final String RUNS = "SELECT row_id, namespace, workflow_id, run_id, workflow_type, task_queue,"
            + " status, start_time, close_time, next_timer_at, version, last_event_id, state, visibility, history_tail"
            + " FROM executions ORDER BY row_id";

    private static final String HISTORY = "WITH RECURSIVE chain(id) AS (SELECT CAST(? AS BIGINT) UNION ALL"
            + " SELECT h.previous_id FROM history h JOIN chain ON h.id = chain.id WHERE h.previous_id IS NOT NULL)"
            + " SELECT h.first_event_id, h.last_event_id, h.events FROM chain JOIN history h ON h.id = chain.id"
            + " ORDER BY h.first_event_id";

    /** One run as schema 4 stored it: its row and its history batches in order. */
    public record StoredRun(ExecutionRow row, List<HistoryBatch> history) {
    }

    private Schema4Tables() {
    }

    /** The highest schema version applied to the store on {@code connection}; 0 when it has no Reprise tables. */
    public static int schemaVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM reprise_schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Every run of the store, in insertion order, with its history. */
    public static List<StoredRun> runs(Connection connection) throws SQLException {
        List<StoredRun> runs = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(RUNS);
                PreparedStatement history = connection.prepareStatement(HISTORY)) {
            while (rs.next()) {
                ExecutionRow row = new ExecutionRow(new ExecutionKey(rs.getString(2), rs.getString(3),
                        rs.getString(4)), rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8),
                        nullableLong(rs, 9), nullableLong(rs, 10), rs.getLong(11), rs.getLong(12), rs.getBytes(13),
                        rs.getBytes(14));
                long tail = rs.getLong(15);
                runs.add(new StoredRun(row, rs.wasNull() ? List.of() : batches(history, tail)));
            }
        }
        return runs;
    }

    private static List<HistoryBatch> batches(PreparedStatement history, long tail) throws SQLException {
        history.setLong(1, tail);
        List<HistoryBatch> batches = new ArrayList<>();
        try (ResultSet rs = history.executeQuery()) {
            while (rs.next()) {
                batches.add(new HistoryBatch(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
            }
        }
        return batches;
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
