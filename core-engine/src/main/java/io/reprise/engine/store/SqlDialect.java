package io.reprise.engine.store;

import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the databases {@link JdbcExecutionStore} runs on. Everything else (the
 * statements that read and write executions and history) is portable SQL kept in the store.
 *
 * <p>{@link SqliteDialect} is the SQLite one; a PostgreSQL dialect adds {@code BIGINT}/{@code BYTEA}
 * types, no pragmas and SQLState {@code 23505} for unique violations.
 */
interface SqlDialect {

    /** The database's name, for messages. */
    String databaseName();

    /** The column type of a 64-bit integer. */
    String bigintType();

    /** The column type of a variable-length string. */
    String textType();

    /** The column type of an opaque byte array. */
    String blobType();

    /**
     * The statement creating an index if it is absent.
     *
     * @param where a partial-index predicate, or {@code null} for an index over every row
     */
    String createIndex(String name, String table, String columns, boolean unique, String where);

    /**
     * Statements run once on a new connection before it is used, for the writer (which owns
     * the schema and the transactions) or for a reader.
     */
    List<String> sessionSetup(boolean writer);

    /** Whether {@code e} reports a primary-key or unique-index violation. */
    boolean isUniqueViolation(SQLException e);
}
