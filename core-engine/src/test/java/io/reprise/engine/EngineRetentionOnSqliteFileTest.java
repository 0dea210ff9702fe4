package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link EngineRetentionTest} on a SQLite file, closed and opened again as a restarted process would. */
class EngineRetentionOnSqliteFileTest extends EngineRetentionTest {

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
