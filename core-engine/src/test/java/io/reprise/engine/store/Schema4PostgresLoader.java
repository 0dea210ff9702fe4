package io.reprise.engine.store;

import io.reprise.engine.store.schema4.Schema4Reader;
import io.reprise.engine.store.schema4.Schema4Tables;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Builds a PostgreSQL store of schema 4 with plain SQL: the tables of {@code schema/postgres/V4.sql}, the version
 * row 4, and the namespaces, runs and history batch chains of a SQLite store of schema 4 (the golden one), their
 * columns byte for byte, as a PostgreSQL store of the release that wrote that schema would hold them. The one
 * column SQLite has not, {@code search_attributes}, is filled from the run's visibility the way that release did.
 */
public final class Schema4PostgresLoader {

    private Schema4PostgresLoader() {
    }

    /** Creates {@code schema} (it must not exist) holding what the SQLite store {@code sqliteFile} holds. */
    public static void load(Path sqliteFile, String schema) throws SQLException {
        PostgresDialect dialect = new PostgresDialect(schema);
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + sqliteFile);
                Connection postgres = PostgresTestDatabase.dataSource().getConnection()) {
            if (Schema4Tables.schemaVersion(sqlite) != 4) {
                throw new IllegalStateException(sqliteFile + " is not at schema 4");
            }
            postgres.setAutoCommit(false);
            try (Statement statement = postgres.createStatement()) {
                statement.execute("CREATE SCHEMA " + dialect.quotedSchema());
                statement.execute("SET search_path TO " + dialect.quotedSchema());
                statement.execute("CREATE TABLE reprise_schema_version (version BIGINT NOT NULL PRIMARY KEY)");
                for (String sql : Schema.statements(dialect, 4)) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO reprise_schema_version (version) VALUES (4)");
            }
            copyNamespaces(sqlite, postgres);
            for (Schema4Tables.StoredRun run : Schema4Tables.runs(sqlite)) {
                insert(postgres, run);
            }
            postgres.commit();
        }
    }

    private static void copyNamespaces(Connection sqlite, Connection postgres) throws SQLException {
        try (Statement select = sqlite.createStatement();
                ResultSet rs = select.executeQuery("SELECT name, description, retention_millis, create_time,"
                        + " update_time FROM namespaces ORDER BY name");
                PreparedStatement insert = postgres.prepareStatement("INSERT INTO namespaces (name, description,"
                        + " retention_millis, create_time, update_time) VALUES (?, ?, ?, ?, ?)")) {
            while (rs.next()) {
                insert.setString(1, rs.getString(1));
                insert.setString(2, rs.getString(2));
                insert.setLong(3, rs.getLong(3));
                insert.setLong(4, rs.getLong(4));
                insert.setLong(5, rs.getLong(5));
                insert.executeUpdate();
            }
        }
    }

    private static void insert(Connection postgres, Schema4Tables.StoredRun run) throws SQLException {
        ExecutionRow row = run.row();
        long rowId;
        try (PreparedStatement insert = postgres.prepareStatement("INSERT INTO executions (namespace, workflow_id,"
                + " run_id, workflow_type, task_queue, status, start_time, close_time, next_timer_at, version,"
                + " last_event_id, state, visibility, search_attributes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                + " ?, CAST(? AS JSONB)) RETURNING row_id")) {
            insert.setString(1, row.key().namespace());
            insert.setString(2, row.key().workflowId());
            insert.setString(3, row.key().runId());
            insert.setString(4, row.workflowType());
            insert.setString(5, row.taskQueue());
            insert.setString(6, row.status());
            insert.setLong(7, row.startTimeMillis());
            setNullable(insert, 8, row.closeTimeMillis());
            setNullable(insert, 9, row.nextTimerAtMillis());
            insert.setLong(10, row.version());
            insert.setLong(11, row.lastEventId());
            insert.setBytes(12, row.state());
            insert.setBytes(13, row.visibility());
            insert.setString(14, searchAttributes(row));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                rowId = rs.getLong(1);
            }
        }
        Long previous = null;
        try (PreparedStatement insert = postgres.prepareStatement("INSERT INTO history (execution_row, previous_id,"
                + " first_event_id, last_event_id, events) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
            for (HistoryBatch batch : run.history()) {
                insert.setLong(1, rowId);
                setNullable(insert, 2, previous);
                insert.setLong(3, batch.firstEventId());
                insert.setLong(4, batch.lastEventId());
                insert.setBytes(5, batch.events());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    previous = rs.getLong(1);
                }
            }
        }
        if (previous != null) {
            try (PreparedStatement tail = postgres.prepareStatement(
                    "UPDATE executions SET history_tail = ? WHERE row_id = ?")) {
                tail.setLong(1, previous);
                tail.setLong(2, rowId);
                tail.executeUpdate();
            }
        }
    }

    /** The search_attributes JSON of schema 4: that of the run's search attributes, decoded from its visibility. */
    private static String searchAttributes(ExecutionRow row) {
        if (row.visibility() == null) {
            return null;
        }
        return SearchAttributesColumn.json(new Schema4Reader().state(row).visibility().encode());
    }

    private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** The tables of {@code schema} as schema 4 holds them, read back with plain SQL. */
    public static List<Schema4Tables.StoredRun> runs(String schema) throws SQLException {
        try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + PostgresDialect.quote(schema));
            if (Schema4Tables.schemaVersion(connection) != 4) {
                throw new IllegalStateException("schema " + schema + " is not at schema 4");
            }
            return Schema4Tables.runs(connection);
        }
    }

    /** The search_attributes column of every run of {@code schema}, in row order. */
    public static List<String> searchAttributeColumns(String schema) throws SQLException {
        try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("SET search_path TO " + PostgresDialect.quote(schema));
            java.util.ArrayList<String> values = new java.util.ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT search_attributes::text FROM executions"
                    + " ORDER BY row_id")) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
