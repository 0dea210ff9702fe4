package io.reprise.engine.store;

import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL: the store's tables in one schema, set as the {@code search_path} of every connection the
 * store holds, so the shared SQL names them unqualified; readers in read-only sessions; the writer with
 * {@code synchronous_commit = on}, so an acknowledged commit is on disk whatever the server's default.
 */
final class PostgresDialect implements SqlDialect {

    /** The first key of the store's advisory lock ({@code 'RPRS'}); the second is derived from the schema. */
    static final int LOCK_CLASS = 0x52505253;

    /**
     * The schema version of a PostgreSQL store: 7, which adds the runs' shards and the nodes' addresses
     * ({@code schema/postgres/V7.sql}) to the cluster's tables of version 6.
     */
    static final int SCHEMA_VERSION = 7;

    private final String schema;

    PostgresDialect(String schema) {
        this.schema = schema;
    }

    /** The schema, quoted as an SQL identifier. */
    String quotedSchema() {
        return quote(schema);
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public String databaseName() {
        return "PostgreSQL";
    }

    @Override
    public String bigintType() {
        return "BIGINT";
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    public String schemaDirectory() {
        return "postgres";
    }

    @Override
    public List<String> sessionSetup(boolean writer) {
        // pg_catalog stays searched implicitly; nothing else is, so a table of another schema is never read.
        String searchPath = "SET search_path TO " + quotedSchema();
        return writer
                ? List.of(searchPath, "SET synchronous_commit TO on")
                : List.of(searchPath, "SET default_transaction_read_only TO on");
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }
}
