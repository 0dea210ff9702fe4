package io.reprise.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates and migrates the store's tables. Each migration has a version and is a SQL resource per
 * dialect ({@code io/reprise/engine/store/schema/<dialect>/V<version>.sql}, shipped in the jar for teams
 * that run migrations themselves); the versions applied so far are rows of {@code reprise_schema_version}.
 * A new release adds a migration file for each dialect and never edits an old one. SQLite has versions
 * 2 to 4; PostgreSQL starts at 4, the layout SQLite reached by then.
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

    /** Where the migrations of a dialect are: {@code V<version>.sql} files, one per version it has. */
    private static final String RESOURCES = "/io/reprise/engine/store/schema/";

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
            for (int version = applied + 1; version <= CURRENT_VERSION; version++) {
                List<String> migration = statements(dialect, version);
                if (migration == null) {
                    continue; // this dialect starts at a later version
                }
                for (String sql : migration) {
                    statement.execute(sql);
                }
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO reprise_schema_version (version) VALUES (?)")) {
                    insert.setInt(1, version);
                    insert.executeUpdate();
                }
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    /**
     * Checks, without writing anything, that the schema on {@code connection} is at {@link #CURRENT_VERSION}:
     * for a store whose migrations its team runs. Ends the transaction it opened.
     *
     * @throws StoreException when it is at another version, or has no Reprise tables
     */
    static void check(Connection connection, String storeDescription) throws SQLException {
        int applied;
        try (Statement statement = connection.createStatement()) {
            applied = appliedVersion(statement);
        } catch (SQLException e) {
            connection.rollback();
            applied = 0; // no reprise_schema_version table
        }
        connection.rollback();
        if (applied > CURRENT_VERSION) {
            throw new StoreException(StoreException.Reason.NEWER_SCHEMA, storeDescription + " has schema version "
                    + applied + " but this version of Reprise supports up to " + CURRENT_VERSION
                    + ": upgrade Reprise or point it at another store", null);
        }
        if (applied < CURRENT_VERSION) {
            throw new StoreException(StoreException.Reason.SCHEMA_NOT_MIGRATED, storeDescription + " is at schema"
                    + " version " + applied + " (0: no Reprise tables) but this version of Reprise writes version "
                    + CURRENT_VERSION + " and its migrations are off: run the migrations V" + (applied + 1) + " to V"
                    + CURRENT_VERSION + " of io/reprise/engine/store/schema/postgres/ (see docs/postgres.md), or"
                    + " set reprise.store.postgres.migrate=true", null);
        }
    }

    private static int appliedVersion(Statement statement) throws SQLException {
        try (ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM reprise_schema_version")) {
            rs.next();
            return rs.getInt(1); // 0 when the table is empty
        }
    }

    /**
     * The statements of migration {@code version} of {@code dialect}: those of its resource file, split at
     * each semicolon that ends a line, without {@code --} comment lines; {@code null} when it has no such file.
     */
    static List<String> statements(SqlDialect dialect, int version) {
        String path = RESOURCES + dialect.schemaDirectory() + "/V" + version + ".sql";
        try (InputStream in = Schema.class.getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            List<String> statements = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                    continue;
                }
                current.append(current.isEmpty() ? "" : " ").append(trimmed);
                if (trimmed.endsWith(";")) {
                    current.setLength(current.length() - 1);
                    statements.add(current.toString());
                    current.setLength(0);
                }
            }
            if (!current.isEmpty()) {
                throw new IllegalStateException(path + " ends without a semicolon");
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the schema migration " + path, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
