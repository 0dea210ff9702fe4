package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The engine tests' store double keeps the contract of the real stores. */
class InMemoryExecutionStoreTest extends ExecutionStoreContractTest<InMemoryExecutionStore> {

    @Override
    protected InMemoryExecutionStore openStore() {
        return new InMemoryExecutionStore();
    }

    @Test
    void aReopenedStoreHasTheDataOfTheClosedOneAndTheClosedOneStaysClosed() {
        Transition running = start(key("order-1", "run-1"), 1000);
        store.commit(running);
        Transition advanced = advance(running.row(), 3);
        store.commit(advanced);
        store.close();

        InMemoryExecutionStore reopened = store.reopen();

        assertThat(reopened.load(key("order-1", "run-1"))).get().usingRecursiveComparison()
                .isEqualTo(advanced.row());
        assertThat(reopened.readHistory(key("order-1", "run-1"), 1)).extracting(HistoryBatch::lastEventId)
                .containsExactly(2L, 5L);
        assertThatThrownBy(() -> store.loadRunning()).isExactlyInstanceOf(StoreException.class)
                .hasMessage("Cannot load the running workflow executions: the store is closed (in-memory test store)");
        reopened.close();
    }
}
