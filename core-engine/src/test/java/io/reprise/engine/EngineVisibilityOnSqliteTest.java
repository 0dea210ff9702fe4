package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EngineVisibilityTest} on a SQLite file: memo and search attributes go through the row's
 * {@code visibility} column, and a restart reopens the file.
 */
class EngineVisibilityOnSqliteTest extends EngineVisibilityTest {

    @TempDir
    Path dir;

    @Override
    ExecutionStore newStore() {
        return JdbcExecutionStore.sqliteFile(dir.resolve("reprise.db"));
    }

    @Override
    ExecutionStore reopenStore() {
        return JdbcExecutionStore.sqliteFile(dir.resolve("reprise.db"));
    }
}
