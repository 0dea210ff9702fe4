package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link EngineRecoveryTest} on a SQLite file, closed and opened again as a restarted process would. */
class EngineRecoveryOnSqliteFileTest extends EngineRecoveryTest {

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
