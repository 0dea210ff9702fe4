package io.reprise.engine.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * SQLite: dynamic types ({@code INTEGER}, {@code TEXT}, {@code BLOB}), partial indexes, and
 * pragmas that set the journal mode, the durability level, the busy timeout and the writers'
 * automatic checkpoint (a backstop behind {@link SqliteCheckpointer}).
 */
final class SqliteDialect implements SqlDialect {

    /** The schema version of a SQLite store: 5 (PostgreSQL's version 6 has no SQLite part). */
    static final int SCHEMA_VERSION = 5;

    private final SqliteOptions options;
    private final boolean file;

    /**
     * @param file {@code true} for a file database (WAL journal), {@code false} for in-memory
     */
    SqliteDialect(SqliteOptions options, boolean file) {
        this.options = options;
        this.file = file;
    }

    @Override
    public String databaseName() {
        return "SQLite";
    }

    @Override
    public String bigintType() {
        return "INTEGER";
    }

    @Override
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    @Override
    public String schemaDirectory() {
        return "sqlite";
    }

    @Override
    public List<String> sessionSetup(boolean writer) {
        List<String> statements = new ArrayList<>();
        statements.add("PRAGMA busy_timeout = " + options.busyTimeout().toMillis());
        if (file) {
            // journal_mode is persistent in the file; setting it on every connection is harmless
            // and makes a file created by another tool switch to WAL.
            statements.add("PRAGMA journal_mode = WAL");
            statements.add("PRAGMA synchronous = " + options.synchronous().name());
            if (writer) {
                // The SqliteCheckpointer's thread checkpoints; a commit checkpoints only as a backstop.
                statements.add("PRAGMA wal_autocheckpoint = " + SqliteCheckpointer.BACKSTOP_PAGES);
                // The log file keeps the length it once reached; after a checkpoint that ran long let it grow, the
                // commit that starts it over cuts it back to this.
                statements.add("PRAGMA journal_size_limit = " + SqliteCheckpointer.LOG_FILE_LIMIT_BYTES);
            }
        }
        if (!writer) {
            // Readers never write; this turns a bug that would make them write into an error.
            statements.add("PRAGMA query_only = true");
        }
        return statements;
    }

    @Override
    public boolean isUniqueViolation(SQLException e) {
        return e instanceof SQLiteException sqlite
                && (sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                        || sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE);
    }
}
