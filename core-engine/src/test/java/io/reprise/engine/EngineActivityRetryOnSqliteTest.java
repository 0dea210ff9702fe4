package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;

/** {@link EngineActivityRetryTest} on the real store: SQLite in memory. */
class EngineActivityRetryOnSqliteTest extends EngineActivityRetryTest {

    @Override
    ExecutionStore newStore() {
        return JdbcExecutionStore.sqliteInMemory();
    }
}
