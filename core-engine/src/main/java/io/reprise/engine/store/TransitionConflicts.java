package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The errors of a transition that wrote nothing, with what the store holds instead: read after the
 * conflict on the writer's connection (inside its transaction), only to explain it.
 */
final class TransitionConflicts {

    private static final String SELECT_STORED = "SELECT version, workflow_type, task_queue, start_time"
            + " FROM executions WHERE namespace = ? AND workflow_id = ? AND run_id = ?";

    private static final String SELECT_RUNNING_RUN =
            "SELECT run_id FROM executions WHERE namespace = ? AND workflow_id = ? AND status = 'RUNNING'";

    /** What a conflict message reports of the stored row. */
    private record Stored(long version, String workflowType, String taskQueue, long startTimeMillis) {}

    private TransitionConflicts() {
    }

    /** Why the UPDATE matched no row: another version, no row, or a change to a fixed column. */
    static RuntimeException updateRejected(Connection connection, Transition t) {
        ExecutionRow row = t.row();
        ExecutionKey key = row.key();
        Stored stored = stored(connection, key);
        if (stored != null && stored.version() == t.expectedVersion()) {
            return new IllegalArgumentException("Workflow execution " + key + ": a transition cannot change the"
                    + " workflow type, task queue or start time of a run (stored " + stored.workflowType() + ", "
                    + stored.taskQueue() + ", " + stored.startTimeMillis() + "; transition " + row.workflowType()
                    + ", " + row.taskQueue() + ", " + row.startTimeMillis() + "); the transition was not applied");
        }
        String found = stored == null ? "the execution does not exist" : "the store holds version " + stored.version();
        return new ConcurrentUpdateException("Workflow execution " + key + " was changed concurrently: the transition "
                + "expected version " + t.expectedVersion() + " but " + found + "; the transition was not applied");
    }

    static ConcurrentUpdateException uniqueConflict(Connection connection, Transition t, boolean inserting) {
        ExecutionRow row = t.row();
        ExecutionKey key = row.key();
        if (inserting) {
            Stored stored = stored(connection, key);
            if (stored != null) {
                return new ConcurrentUpdateException("Workflow execution " + key + " already exists (version "
                        + stored.version() + "); the transition expected a new execution and was not applied");
            }
        }
        String running = runningRunId(connection, key);
        return new ConcurrentUpdateException("Workflow Id \"" + key.workflowId() + "\" in namespace \""
                + key.namespace() + "\" already has a running execution"
                + (running == null ? "" : " (run id " + running + ")")
                + "; run " + key.runId() + " cannot be RUNNING at the same time and its transition was not applied");
    }

    /** The stored row of {@code key}; {@code null} if absent or unreadable (only for messages). */
    private static Stored stored(Connection connection, ExecutionKey key) {
        try (PreparedStatement query = connection.prepareStatement(SELECT_STORED)) {
            query.setString(1, key.namespace());
            query.setString(2, key.workflowId());
            query.setString(3, key.runId());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)) : null;
            }
        } catch (SQLException e) {
            return null;
        }
    }

    /** The running run of {@code key}'s Workflow Id; {@code null} if none or unreadable (only for messages). */
    private static String runningRunId(Connection connection, ExecutionKey key) {
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
}
