package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqliteInMemoryExecutionStoreTest extends JdbcExecutionStoreContractTest {

    @Override
    protected JdbcExecutionStore openStore() {
        return JdbcExecutionStore.sqliteInMemory();
    }

    @Test
    void inMemoryStoresAreIndependentOfEachOther() {
        try (JdbcExecutionStore other = JdbcExecutionStore.sqliteInMemory()) {
            store.commit(start(key("order-1", "run-1"), 1000));
            other.commit(start(key("order-2", "run-1"), 1000));

            assertThat(store.loadRunning()).extracting(r -> r.key().workflowId()).containsExactly("order-1");
            assertThat(other.loadRunning()).extracting(r -> r.key().workflowId()).containsExactly("order-2");
            assertThat(other.load(key("order-1", "run-1"))).isEmpty();
        }
    }
}
