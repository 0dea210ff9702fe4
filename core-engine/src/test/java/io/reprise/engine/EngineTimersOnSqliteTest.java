package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;

/** {@link EngineTimersTest} on the real store: SQLite in memory. */
class EngineTimersOnSqliteTest extends EngineTimersTest {

    @Override
    ExecutionStore newStore() {
        return JdbcExecutionStore.sqliteInMemory();
    }
}
