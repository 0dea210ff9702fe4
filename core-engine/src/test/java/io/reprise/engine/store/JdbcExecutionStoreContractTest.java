package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.close;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The {@link ExecutionStoreContractTest contract} plus what the JDBC store adds: group commit, which
 * writes the transitions that arrive together in one database transaction.
 */
abstract class JdbcExecutionStoreContractTest extends ExecutionStoreContractTest<JdbcExecutionStore> {

    @Test
    void concurrentCommitsNeedNoMoreBatchesThanTransitions() {
        int threads = 16;
        int transitionsPerThread = 100;
        commitConcurrently(threads, transitionsPerThread);
        assertThat(store.batchesWritten()).isLessThanOrEqualTo((long) threads * transitionsPerThread);
    }

    @Test
    void aFailingTransitionInABatchDoesNotAffectTheOthers() throws Exception {
        Transition a1 = start(key("order-a", "run-1"), 1000);
        Transition b1 = start(key("order-b", "run-1"), 1000);
        store.commit(a1);
        store.commit(b1);
        long batchesBefore = store.batchesWritten();

        store.pauseWriter();
        Transition c1 = start(key("order-c", "run-1"), 1000);
        Transition a2 = advance(a1.row(), 1);
        Transition a2Stale = advance(a1.row(), 4); // conflicts with a2, earlier in the same batch
        Transition b2SecondRun = start(key("order-b", "run-2"), 2000); // order-b run-1 is running
        Transition b1Next = advance(b1.row(), 1);
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (Transition t : List.of(c1, a2, a2Stale, b2SecondRun, b1Next)) {
            outcomes.add(commitAsync(t));
            assertThat(store.awaitQueuedCommits(outcomes.size(), Duration.ofSeconds(5))).isTrue();
        }
        store.resumeWriter();

        assertThat(outcome(outcomes.get(0))).isNull();
        assertThat(outcome(outcomes.get(1))).isNull();
        assertThat(outcome(outcomes.get(2)))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("expected version 1 but the store holds version 2");
        assertThat(outcome(outcomes.get(3)))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("Workflow Id \"order-b\"").hasMessageContaining("(run id run-1)");
        assertThat(outcome(outcomes.get(4))).isNull();
        assertThat(store.batchesWritten()).isEqualTo(batchesBefore + 1);

        assertThat(store.load(c1.row().key())).get().usingRecursiveComparison().isEqualTo(c1.row());
        assertThat(store.load(a1.row().key())).get().usingRecursiveComparison().isEqualTo(a2.row());
        assertThat(store.readHistory(a1.row().key(), 1)).extracting(HistoryBatch::lastEventId).containsExactly(2L, 3L);
        assertThat(store.load(b2SecondRun.row().key())).isEmpty();
        assertThat(store.readHistory(b2SecondRun.row().key(), 1)).isEmpty();
        assertThat(store.load(b1.row().key())).get().usingRecursiveComparison().isEqualTo(b1Next.row());
    }

    /**
     * A transition whose successor cannot be inserted is rolled back alone (PostgreSQL: to the savepoint
     * around it and its successor; SQLite: to its own savepoint); the transitions before and after it in
     * the same batch commit with the batch.
     */
    @Test
    void aTransitionWhoseSuccessorConflictsIsRolledBackAloneAndTheRestOfItsBatchCommits() throws Exception {
        Transition taken = start(key("order-a", "run-2"), 500);
        store.commit(taken);
        store.commit(close(taken.row(), "COMPLETED", 600));
        Transition a1 = start(key("order-a", "run-1"), 1000);
        Transition b1 = start(key("order-b", "run-1"), 1000);
        store.commit(a1);
        store.commit(b1);
        long batchesBefore = store.batchesWritten();

        store.pauseWriter();
        Transition c1 = start(key("order-c", "run-1"), 1000);
        Transition aContinued = withSuccessor(close(a1.row(), "CONTINUED_AS_NEW", 1500),
                start(key("order-a", "run-2"), 1500));
        Transition bContinued = withSuccessor(close(b1.row(), "CONTINUED_AS_NEW", 1500),
                start(key("order-b", "run-2"), 1500));
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (Transition t : List.of(c1, aContinued, bContinued)) {
            outcomes.add(commitAsync(t));
            assertThat(store.awaitQueuedCommits(outcomes.size(), Duration.ofSeconds(5))).isTrue();
        }
        store.resumeWriter();

        assertThat(outcome(outcomes.get(0))).isNull();
        assertThat(outcome(outcomes.get(1))).isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow execution " + key("order-a", "run-2") + " already exists (version 2);"
                        + " the transition expected a new execution and was not applied");
        assertThat(outcome(outcomes.get(2))).isNull();
        assertThat(store.batchesWritten()).isEqualTo(batchesBefore + 1);

        assertThat(store.load(c1.row().key())).get().usingRecursiveComparison().isEqualTo(c1.row());
        assertThat(store.load(a1.row().key())).get().usingRecursiveComparison().isEqualTo(a1.row());
        assertThat(store.readHistory(a1.row().key(), 1)).extracting(HistoryBatch::lastEventId).containsExactly(2L);
        assertThat(store.load(key("order-a", "run-2"))).get().extracting(ExecutionRow::status, ExecutionRow::version,
                ExecutionRow::startTimeMillis).containsExactly("COMPLETED", 2L, 500L);
        assertThat(store.load(b1.row().key())).get().usingRecursiveComparison().isEqualTo(bContinued.row());
        assertThat(store.load(key("order-b", "run-2"))).get().usingRecursiveComparison()
                .isEqualTo(bContinued.successor().row());
        assertThat(store.loadRunning()).extracting(r -> r.key().toString()).containsExactlyInAnyOrder(
                key("order-a", "run-1").toString(), key("order-b", "run-2").toString(),
                key("order-c", "run-1").toString());
    }

    @Test
    void closeWritesTheCommitsAlreadyQueuedThenRejectsNewOnes() throws Exception {
        store.pauseWriter();
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            outcomes.add(commitAsync(start(key("order-" + i, "run-1"), 1000)));
        }
        assertThat(store.awaitQueuedCommits(3, Duration.ofSeconds(5))).isTrue();

        store.close();

        for (CompletableFuture<Void> outcome : outcomes) {
            assertThat(outcome(outcome)).isNull();
        }
        assertThatThrownBy(() -> store.commit(start(key("order-9", "run-1"), 1000)))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot commit the transition of default/order-9/run-1: the store is closed (");
    }
}
