package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;

/** {@link EngineWorkflowLifecycleTest} on the real store: SQLite in memory. */
class EngineWorkflowLifecycleOnSqliteTest extends EngineWorkflowLifecycleTest {

    @Override
    ExecutionStore newStore() {
        return JdbcExecutionStore.sqliteInMemory();
    }
}
