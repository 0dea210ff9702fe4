package io.reprise.engine.store;

import io.reprise.engine.cluster.ShardColumn;
import io.reprise.engine.store.schema4.CannotMigrateException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and migrates the store's tables. Each migration has a version and is a SQL resource per
 * dialect ({@code io/reprise/engine/store/schema/<dialect>/V<version>.sql}, shipped in the jar for teams
 * that run migrations themselves); the versions applied so far are rows of {@code reprise_schema_version}.
 * A new release adds a migration file for each dialect it changes and never edits an old one. The versions are one
 * sequence for both databases, but each dialect has its own current version ({@link SqlDialect#schemaVersion()}):
 * SQLite has versions 2 to 5; PostgreSQL starts at 4, the layout SQLite reached by then, and goes to 7.
 *
 * <p>Version 5 changes no table: it rewrites the stored history batches, run snapshots and visibility values of a
 * schema-4 store as proto v1 messages ({@link ProtoMigration}), in the same transaction as the version row. Its SQL
 * files hold no statement.
 *
 * <p>Version 6 (PostgreSQL only) adds the tables of several engine nodes on one schema, {@code shard_leases} and
 * {@code cluster_nodes} ({@code io.reprise.engine.cluster}); a SQLite file is used by one process, so SQLite has
 * no version 6 and stays at 5.
 *
 * <p>Version 7 (PostgreSQL only) adds {@code executions.shard} (a run's shard, written at its start by a cluster
 * node, with an index of the open runs by shard) and {@code cluster_nodes.address}. The runs it finds get their shard
 * in Java ({@link ShardColumn}) when the schema already has shard rows, whose number is the shard count; otherwise
 * the first cluster node fills them when it creates the shard rows.
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

    private static final Logger log = LoggerFactory.getLogger(Schema.class);

    /** The version that adds {@code executions.shard} (PostgreSQL only). */
    static final int SHARD_COLUMN_VERSION = 7;

    /** The oldest schema version this code opens: older ones were pre-releases. */
    private static final int OLDEST_READABLE_VERSION = 2;

    /** Where the migrations of a dialect are: {@code V<version>.sql} files, one per version it has. */
    private static final String RESOURCES = "/io/reprise/engine/store/schema/";

    private Schema() {}

    /**
     * Brings the schema on {@code connection} to the dialect's {@link SqlDialect#schemaVersion()} in one transaction.
     * {@code connection} must not be in auto-commit mode.
     *
     * @throws StoreException when the database was written by a newer schema version
     */
    static void migrate(Connection connection, SqlDialect dialect, String storeDescription) throws SQLException {
        int current = dialect.schemaVersion();
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS reprise_schema_version ("
                    + "version " + dialect.bigintType() + " NOT NULL PRIMARY KEY)");
            int applied = appliedVersion(statement);
            if (applied > current) {
                throw new StoreException(StoreException.Reason.NEWER_SCHEMA, storeDescription + " has schema version "
                        + applied + " but this version of Reprise supports up to " + current
                        + ": upgrade Reprise or point it at another store", null);
            }
            if (applied != 0 && applied < OLDEST_READABLE_VERSION) {
                throw new StoreException(StoreException.Reason.PRE_RELEASE_SCHEMA, storeDescription
                        + " has schema version " + applied
                        + ", written by a pre-release of Reprise, which this version does not read: delete the file"
                        + " (its workflow executions are lost) or point the store at another file", null);
            }
            long started = System.nanoTime();
            ProtoMigration.Counts migrated = null;
            for (int version = applied + 1; version <= current; version++) {
                List<String> migration = statements(dialect, version);
                if (migration == null) {
                    continue; // this dialect starts at a later version
                }
                for (String sql : migration) {
                    statement.execute(sql);
                }
                if (version == ProtoMigration.VERSION && applied != 0) {
                    migrated = migrateData(connection, applied, current, storeDescription);
                }
                if (version == SHARD_COLUMN_VERSION && applied != 0) {
                    fillShards(statement, connection, storeDescription);
                }
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO reprise_schema_version (version) VALUES (?)")) {
                    insert.setInt(1, version);
                    insert.executeUpdate();
                }
            }
            connection.commit();
            if (migrated != null) {
                log.info("Migrated {} from schema version {} to {}: {} runs and {} history batches ({} events) rewritten"
                        + " as proto v1 in {} ms", storeDescription, applied, current, migrated.runs(),
                        migrated.batches(), migrated.events(), (System.nanoTime() - started) / 1_000_000);
            }
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    /**
     * Version 7 adds {@code executions.shard}: when the schema has shard rows already (a cluster ran on it), their
     * number is the shard count, and the existing runs get their shard now; otherwise the first cluster node fills
     * them when it creates the shard rows.
     */
    private static void fillShards(Statement statement, Connection connection, String storeDescription)
            throws SQLException {
        int shardCount;
        try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM shard_leases")) {
            rs.next();
            shardCount = rs.getInt(1);
        }
        if (shardCount > 0) {
            int filled = ShardColumn.fill(connection, "executions", shardCount);
            log.info("Migrating {} to schema version {}: {} run(s) got their shard (of {})", storeDescription,
                    SHARD_COLUMN_VERSION, filled, shardCount);
        }
    }

    /** Rewrites a schema-4 store's data as proto v1 ({@link ProtoMigration}), refusing what cannot be read. */
    private static ProtoMigration.Counts migrateData(Connection connection, int applied, int currentVersion,
            String storeDescription) throws SQLException {
        try {
            return ProtoMigration.migrate(connection);
        } catch (CannotMigrateException e) {
            throw new StoreException(StoreException.Reason.CANNOT_MIGRATE, storeDescription + " has schema version "
                    + applied + ", which this version of Reprise migrates to " + currentVersion + " when it opens"
                    + " the store, but part of its data cannot be migrated (" + e.getMessage() + "). Nothing was"
                    + " changed: the store is still at schema version " + applied + ".", e);
        }
    }

    /**
     * Checks, without writing anything, that the schema on {@code connection} is at the dialect's
     * {@link SqlDialect#schemaVersion()}:
     * for a store whose migrations its team runs. Ends the transaction it opened.
     *
     * @throws StoreException when it is at another version, or has no Reprise tables
     */
    static void check(Connection connection, SqlDialect dialect, String storeDescription) throws SQLException {
        int current = dialect.schemaVersion();
        int applied;
        try (Statement statement = connection.createStatement()) {
            applied = appliedVersion(statement);
        } catch (SQLException e) {
            connection.rollback();
            applied = 0; // no reprise_schema_version table
        }
        connection.rollback();
        if (applied > current) {
            throw new StoreException(StoreException.Reason.NEWER_SCHEMA, storeDescription + " has schema version "
                    + applied + " but this version of Reprise supports up to " + current
                    + ": upgrade Reprise or point it at another store", null);
        }
        if (applied >= ProtoMigration.VERSION - 1 && applied < ProtoMigration.VERSION) {
            throw new StoreException(StoreException.Reason.SCHEMA_NOT_MIGRATED, storeDescription + " is at schema"
                    + " version " + applied + " but this version of Reprise writes version " + current
                    + " and its migrations are off. Version " + ProtoMigration.VERSION + " rewrites the stored"
                    + " histories and run snapshots, which no SQL file can do: set reprise.store.postgres.migrate=true"
                    + " for one start (the migration runs in one transaction under the schema's lock; see"
                    + " docs/postgres.md)", null);
        }
        if (applied < current) {
            throw new StoreException(StoreException.Reason.SCHEMA_NOT_MIGRATED, storeDescription + " is at schema"
                    + " version " + applied + " (0: no Reprise tables) but this version of Reprise writes version "
                    + current + " and its migrations are off: run the migrations V" + (applied + 1) + " to V"
                    + current + " of io/reprise/engine/store/schema/postgres/ (see docs/postgres.md), or"
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
