package io.reprise.engine;

import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.JdbcExecutionStore;

/** {@link EngineWorkflowTaskTest} on the real store: SQLite in memory. */
class EngineWorkflowTaskOnSqliteTest extends EngineWorkflowTaskTest {

    @Override
    ExecutionStore newStore() {
        return JdbcExecutionStore.sqliteInMemory();
    }
}
