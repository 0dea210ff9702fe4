package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Function;

/**
 * Creates and migrates the store's tables. Each migration has a version; the versions applied so
 * far are rows of {@code reprise_schema_version}. A new release adds a migration at the end of
 * {@link #MIGRATIONS} and never edits an old one.
 *
 * <p>Version 1 was the layout of pre-releases; its files are refused, not migrated.
 *
 * <p>The layout keeps the pages a transition writes few, because the single writer's cost grows
 * with them: a run's history is a chain of batches appended at the end of {@code history}
 * (increasing ids, no secondary index: each batch names the previous one, and the execution row
 * names the last), and a transition that leaves the status alone updates no index of
 * {@code executions}.
 */
final class Schema {

    /** The schema version this code reads and writes. */
    static final int CURRENT_VERSION = 4;

    /** The oldest schema version this code opens: older ones were pre-releases. */
    private static final int OLDEST_READABLE_VERSION = 2;

    private record Migration(int version, Function<SqlDialect, List<String>> statements) {}

    // Version 2 is the first this code creates (the history chain layout); 3 and 4 follow it.
    private static final List<Migration> MIGRATIONS = List.of(
            new Migration(2, Schema::initialTables),
            new Migration(3, Schema::namespaces),
            new Migration(4, Schema::visibilityColumn));

    /** The retention of namespaces registered by migration 3 (the default: 3 days), in milliseconds. */
    private static final long MIGRATED_NAMESPACE_RETENTION_MILLIS = 3L * 24 * 60 * 60 * 1000;

    private Schema() {}

    /**
     * Brings the schema on {@code connection} to {@link #CURRENT_VERSION} in one transaction.
     * {@code connection} must not be in auto-commit mode.
     *
     * @throws StoreException when the database was written by a newer schema version
     */
    static void migrate(Connection connection, SqlDialect dialect, String storeDescription) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS reprise_schema_version ("
                    + "version " + dialect.bigintType() + " NOT NULL PRIMARY KEY)");
            int applied = appliedVersion(statement);
            if (applied > CURRENT_VERSION) {
                throw new StoreException(StoreException.Reason.NEWER_SCHEMA, storeDescription + " has schema version "
                        + applied + " but this version of Reprise supports up to " + CURRENT_VERSION
                        + ": upgrade Reprise or point it at another store", null);
            }
            if (applied != 0 && applied < OLDEST_READABLE_VERSION) {
                throw new StoreException(StoreException.Reason.PRE_RELEASE_SCHEMA, storeDescription
                        + " has schema version " + applied
                        + ", written by a pre-release of Reprise, which this version does not read: delete the file"
                        + " (its workflow executions are lost) or point the store at another file", null);
            }
            for (Migration migration : MIGRATIONS) {
                if (migration.version() <= applied) {
                    continue;
                }
                for (String sql : migration.statements().apply(dialect)) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO reprise_schema_version (version) VALUES (?)")) {
                    insert.setInt(1, migration.version());
                    insert.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    private static int appliedVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM reprise_schema_version")) {
            rs.next();
            return rs.getInt(1); // 0 when the table is empty
        }
    }

    private static List<String> initialTables(SqlDialect d) {
        String text = d.textType();
        String bigint = d.bigintType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS executions ("
                        // Assigned by the writer in insert order; history batches name their run by it.
                        + "row_id " + bigint + " NOT NULL PRIMARY KEY, "
                        + "namespace " + text + " NOT NULL, "
                        + "workflow_id " + text + " NOT NULL, "
                        + "run_id " + text + " NOT NULL, "
                        + "workflow_type " + text + " NOT NULL, "
                        + "task_queue " + text + " NOT NULL, "
                        + "status " + text + " NOT NULL, "
                        + "start_time " + bigint + " NOT NULL, "
                        + "close_time " + bigint + ", "
                        + "next_timer_at " + bigint + ", "
                        + "version " + bigint + " NOT NULL, "
                        + "last_event_id " + bigint + " NOT NULL, "
                        // The id of the run's newest history batch; null while it has none.
                        + "history_tail " + bigint + ", "
                        + "state " + d.blobType() + " NOT NULL)",
                d.createIndex("executions_by_key", "executions", "namespace, workflow_id, run_id", true, null),
                // At most one run of a Workflow Id is running: the database enforces it.
                d.createIndex("executions_one_running_run", "executions",
                        "namespace, workflow_id", true, "status = 'RUNNING'"),
                d.createIndex("executions_by_start_time", "executions",
                        "namespace, workflow_id, start_time", false, null),
                // Appended in id order; read by walking a run's chain back from executions.history_tail.
                "CREATE TABLE IF NOT EXISTS history ("
                        + "id " + bigint + " NOT NULL PRIMARY KEY, "
                        + "execution_row " + bigint + " NOT NULL, "
                        + "previous_id " + bigint + ", "
                        + "first_event_id " + bigint + " NOT NULL, "
                        + "last_event_id " + bigint + " NOT NULL, "
                        + "events " + d.blobType() + " NOT NULL)");
    }

    /**
     * The namespace registry, and an index to find a namespace's runs by close time (retention).
     * The namespaces that already hold runs are registered, so that upgrading keeps them usable;
     * they get the default retention and the earliest start time of their runs as create time.
     */
    private static List<String> namespaces(SqlDialect d) {
        String text = d.textType();
        String bigint = d.bigintType();
        return List.of(
                "CREATE TABLE IF NOT EXISTS namespaces ("
                        + "name " + text + " NOT NULL PRIMARY KEY, "
                        + "description " + text + " NOT NULL, "
                        + "retention_millis " + bigint + " NOT NULL, "
                        + "create_time " + bigint + " NOT NULL, "
                        + "update_time " + bigint + " NOT NULL)",
                d.createIndex("executions_by_close_time", "executions",
                        "namespace, close_time", false, "close_time IS NOT NULL"),
                "INSERT INTO namespaces (name, description, retention_millis, create_time, update_time)"
                        + " SELECT namespace, '', " + MIGRATED_NAMESPACE_RETENTION_MILLIS
                        + ", MIN(start_time), MIN(start_time) FROM executions GROUP BY namespace");
    }

    /**
     * Version 4: a run's memo and search attributes, in one nullable column written with the row, so that a
     * listing reads them without the state snapshot. Rows written before have none (NULL).
     */
    private static List<String> visibilityColumn(SqlDialect d) {
        return List.of("ALTER TABLE executions ADD COLUMN visibility " + d.blobType());
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
