package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** {@link EngineNamespacesTest} on a SQLite file, reopened by a restarted engine. */
class EngineNamespacesOnSqliteTest extends EngineNamespacesTest {

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
