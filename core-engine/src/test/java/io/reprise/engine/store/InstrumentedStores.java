package io.reprise.engine.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.function.UnaryOperator;

/**
 * What the benchmark (in another package) needs of the store's package-private hooks: a SQLite file
 * store whose connections it wraps to count statements, and the number of database transactions written.
 */
public final class InstrumentedStores {

    private InstrumentedStores() {
    }

    /** {@link JdbcExecutionStore#sqliteFile(Path, SqliteOptions)}, every connection passed through {@code wrap}. */
    public static JdbcExecutionStore sqliteFile(Path file, SqliteOptions options, UnaryOperator<Connection> wrap) {
        return JdbcExecutionStore.sqliteFile(file, options, wrap);
    }

    /** How many batches of transitions (one database transaction each) {@code store}'s writer has written. */
    public static long batchesWritten(JdbcExecutionStore store) {
        return store.batchesWritten();
    }
}
