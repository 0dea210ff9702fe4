package io.reprise.engine.store;

import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the databases {@link JdbcExecutionStore} runs on, besides the DDL (per-dialect
 * resources, see {@link Schema}) and the transition writer ({@link BatchWriter} for SQLite,
 * {@link PostgresBatchWriter}). The reads and the administrative statements are portable SQL shared
 * by both.
 */
interface SqlDialect {

    /** The database's name, for messages. */
    String databaseName();

    /** The column type of a 64-bit integer. */
    String bigintType();

    /**
     * The schema version this code reads and writes on this database: the last migration of
     * {@link #schemaDirectory()} ({@link Schema}).
     */
    int schemaVersion();

    /** The directory of its schema migrations under {@code io/reprise/engine/store/schema/}. */
    String schemaDirectory();

    /**
     * Statements run once on a new connection before it is used, for the writer (which owns
     * the schema and the transactions) or for a reader.
     */
    List<String> sessionSetup(boolean writer);

    /** Whether {@code e} reports a primary-key or unique-index violation. */
    boolean isUniqueViolation(SQLException e);
}
