package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.NAMESPACE;
import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.bytes;
import static io.reprise.engine.store.TestExecutions.close;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static io.reprise.engine.store.TestExecutions.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link ExecutionStore} does, whatever keeps its data: one subclass per implementation
 * opens the store under test ({@link InMemoryExecutionStoreTest}, {@link SqliteInMemoryExecutionStoreTest},
 * {@link SqliteFileExecutionStoreTest}, {@link PostgresExecutionStoreTest}). The tests use the interface only; {@code S} lets a subclass
 * add tests of its own implementation.
 */
@Timeout(30)
abstract class ExecutionStoreContractTest<S extends ExecutionStore> {

    protected S store;
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    /** A new, empty store. */
    protected abstract S openStore() throws Exception;

    @BeforeEach
    void openTheStore() throws Exception {
        store = openStore();
    }

    @AfterEach
    void closeTheStore() {
        if (store != null) { // null when openStore() aborted the test (no database server)
            store.close();
        }
        callers.shutdownNow();
    }

    @Test
    void commitThenLoadRoundTripsEveryColumnAndTheState() {
        ExecutionKey key = key("order-1", "run-1");
        byte[] state = new byte[256];
        for (int i = 0; i < state.length; i++) {
            state[i] = (byte) i; // every byte value, zero included
        }
        ExecutionRow row = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING",
                1_700_000_000_123L, null, 1_700_000_060_000L, 1, 3, state);
        store.commit(new Transition(row, 0, new HistoryBatch(1, 3, bytes("e1-e3"))));

        ExecutionRow closed = new ExecutionRow(key, "OrderWorkflow", "orders", "COMPLETED",
                1_700_000_000_123L, 1_700_000_099_999L, null, 2, 4, bytes("final"));
        store.commit(new Transition(closed, 1, new HistoryBatch(4, 4, bytes("e4"))));

        assertThat(store.load(key)).get().usingRecursiveComparison().isEqualTo(closed);
        ExecutionRow withoutHistory = new ExecutionRow(key, "OrderWorkflow", "orders", "COMPLETED",
                1_700_000_000_123L, 6L, 7L, 3, 4, state);
        store.commit(new Transition(withoutHistory, 2, null));
        assertThat(store.load(key)).get().usingRecursiveComparison().isEqualTo(withoutHistory);
        assertThat(store.readHistory(key, 1)).extracting(HistoryBatch::lastEventId).containsExactly(3L, 4L);
    }

    @Test
    void theVisibilityColumnIsWrittenWithEveryTransitionAndListed() {
        ExecutionKey key = key("order-1", "run-1");
        ExecutionRow row = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING", 1000, null, null, 1, 2,
                bytes("state"), bytes("visibility v1"));
        store.commit(new Transition(row, 0, new HistoryBatch(1, 2, bytes("e1-e2"))));
        assertThat(text(store.load(key).orElseThrow().visibility())).isEqualTo("visibility v1");

        ExecutionRow changed = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING", 1000, null, null, 2, 3,
                bytes("state"), bytes("visibility v2"));
        store.commit(new Transition(changed, 1, new HistoryBatch(3, 3, bytes("e3"))));
        assertThat(text(store.load(key).orElseThrow().visibility())).isEqualTo("visibility v2");
        assertThat(store.listExecutions(new ExecutionListQuery(NAMESPACE, null, 10, null)))
                .singleElement()
                .satisfies(summary -> assertThat(text(summary.visibility())).isEqualTo("visibility v2"));

        ExecutionRow cleared = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING", 1000, null, null, 3, 3,
                bytes("state"), null);
        store.commit(new Transition(cleared, 2, null));
        assertThat(store.load(key).orElseThrow().visibility()).isNull();
        assertThat(store.listExecutions(new ExecutionListQuery(NAMESPACE, null, 10, null)))
                .singleElement().satisfies(summary -> assertThat(summary.visibility()).isNull());
    }

    @Test
    void aTransitionCannotChangeTheWorkflowTypeTaskQueueOrStartTimeOfARun() {
        ExecutionKey key = key("order-1", "run-1");
        Transition started = start(key, 1000);
        store.commit(started);
        ExecutionRow moved = new ExecutionRow(key, "OrderWorkflow", "other-queue", "RUNNING", 1000, null, null, 2, 3,
                bytes("moved"));

        assertThatThrownBy(() -> store.commit(new Transition(moved, 1, new HistoryBatch(3, 3, bytes("e3")))))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("Workflow execution " + key + ": a transition cannot change the workflow type, task queue"
                        + " or start time of a run (stored OrderWorkflow, orders, 1000; transition OrderWorkflow,"
                        + " other-queue, 1000); the transition was not applied");
        assertThat(store.load(key)).get().usingRecursiveComparison().isEqualTo(started.row());
        assertThat(store.readHistory(key, 1)).extracting(HistoryBatch::lastEventId).containsExactly(2L);
    }

    @Test
    void emptyStateAndEventsRoundTripAsEmptyArrays() {
        ExecutionKey key = key("order-1", "run-1");
        ExecutionRow row = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING", 1, null, null, 1, 1, new byte[0]);
        store.commit(new Transition(row, 0, new HistoryBatch(1, 1, new byte[0])));

        assertThat(store.load(key)).get().extracting(ExecutionRow::state).isEqualTo(new byte[0]);
        assertThat(store.readHistory(key, 1)).singleElement().extracting(HistoryBatch::events).isEqualTo(new byte[0]);
    }

    @Test
    void loadOfAnUnknownExecutionIsEmpty() {
        assertThat(store.load(key("nope", "run-1"))).isEmpty();
        assertThat(store.loadLatestRun(NAMESPACE, "nope")).isEmpty();
        assertThat(store.readHistory(key("nope", "run-1"), 1)).isEmpty();
    }

    @Test
    void readHistoryReturnsWholeBatchesInOrderFromTheRequestedEvent() {
        ExecutionKey key = key("order-1", "run-1");
        Transition first = start(key, 1000); // events 1..2
        store.commit(first);
        Transition second = advance(first.row(), 1); // event 3
        store.commit(second);
        Transition third = advance(second.row(), 3); // events 4..6
        store.commit(third);
        store.commit(start(key("order-2", "run-1"), 1000)); // another execution's history stays apart

        assertThat(store.readHistory(key, 1))
                .extracting(HistoryBatch::firstEventId, HistoryBatch::lastEventId, b -> text(b.events()))
                .containsExactly(
                        tuple(1L, 2L, "events 1..2 of " + key),
                        tuple(3L, 3L, "events 3..3 of " + key),
                        tuple(4L, 6L, "events 4..6 of " + key));
        assertThat(store.readHistory(key, 3)).extracting(HistoryBatch::firstEventId).containsExactly(3L, 4L);
        assertThat(store.readHistory(key, 5)).extracting(HistoryBatch::firstEventId).containsExactly(4L);
        assertThat(store.readHistory(key, 7)).isEmpty();
    }

    @Test
    void versionMismatchThrowsConcurrentUpdateAndChangesNothing() {
        ExecutionKey key = key("order-1", "run-1");
        Transition started = start(key, 1000);
        store.commit(started);
        Transition advanced = advance(started.row(), 2);
        store.commit(advanced);
        Transition stale = advance(started.row(), 5); // also read version 1

        assertThatThrownBy(() -> store.commit(stale))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow execution " + key + " was changed concurrently: the transition expected version 1"
                        + " but the store holds version 2; the transition was not applied");

        assertThat(store.load(key)).get().usingRecursiveComparison().isEqualTo(advanced.row());
        assertThat(store.readHistory(key, 1)).extracting(HistoryBatch::firstEventId).containsExactly(1L, 3L);
    }

    @Test
    void updatingAnExecutionThatDoesNotExistThrowsConcurrentUpdate() {
        ExecutionKey key = key("order-1", "run-1");
        Transition phantom = advance(start(key, 1000).row(), 1);

        assertThatThrownBy(() -> store.commit(phantom))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessageContaining("expected version 1 but the execution does not exist");
        assertThat(store.load(key)).isEmpty();
        assertThat(store.readHistory(key, 1)).isEmpty();
    }

    @Test
    void insertingARunThatExistsThrowsConcurrentUpdate() {
        ExecutionKey key = key("order-1", "run-1");
        store.commit(start(key, 1000));

        assertThatThrownBy(() -> store.commit(start(key, 2000)))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow execution " + key + " already exists (version 1);"
                        + " the transition expected a new execution and was not applied");
        assertThat(store.load(key)).get().extracting(ExecutionRow::startTimeMillis).isEqualTo(1000L);
    }

    @Test
    void secondRunningRunOfAWorkflowIdIsRejectedUntilTheFirstCloses() {
        ExecutionKey first = key("order-1", "run-1");
        ExecutionKey second = key("order-1", "run-2");
        Transition started = start(first, 1000);
        store.commit(started);

        assertThatThrownBy(() -> store.commit(start(second, 2000)))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow Id \"order-1\" in namespace \"default\" already has a running execution"
                        + " (run id run-1); run run-2 cannot be RUNNING at the same time and its transition was not applied");
        assertThat(store.load(second)).isEmpty();
        assertThat(store.readHistory(second, 1)).isEmpty();

        store.commit(close(started.row(), "COMPLETED", 1500));
        store.commit(start(second, 2000));

        assertThat(store.loadLatestRun(NAMESPACE, "order-1")).get()
                .extracting(r -> r.key().runId(), ExecutionRow::status)
                .containsExactly("run-2", "RUNNING");
        assertThat(store.loadLatestRun("other-namespace", "order-1")).isEmpty();
    }

    @Test
    void aTransitionThatStartsASuccessorCommitsBothRuns() {
        Transition first = start(key("order-1", "run-1"), 1000);
        store.commit(first);
        Transition next = start(key("order-1", "run-2"), 1500);

        store.commit(withSuccessor(close(first.row(), "CONTINUED_AS_NEW", 1500), next));

        assertThat(store.load(key("order-1", "run-1"))).get().extracting(ExecutionRow::status, ExecutionRow::version)
                .containsExactly("CONTINUED_AS_NEW", 2L);
        assertThat(store.readHistory(key("order-1", "run-1"), 1)).extracting(HistoryBatch::lastEventId)
                .containsExactly(2L, 3L);
        assertThat(store.load(key("order-1", "run-2"))).get().usingRecursiveComparison().isEqualTo(next.row());
        assertThat(store.readHistory(key("order-1", "run-2"), 1)).extracting(b -> text(b.events()))
                .containsExactly("events 1..2 of " + key("order-1", "run-2"));
        assertThat(store.loadLatestRun(NAMESPACE, "order-1")).get().extracting(r -> r.key().runId())
                .isEqualTo("run-2");
    }

    /**
     * The successor's insert conflicts (its Run Id is taken): nothing of the transition is written, the
     * closing run's update included, since the two commit together or not at all.
     */
    @Test
    void aSuccessorWhoseRunIdIsTakenWritesNothingOfTheTransition() {
        Transition taken = start(key("order-1", "run-2"), 500);
        store.commit(taken);
        store.commit(close(taken.row(), "COMPLETED", 600));
        ExecutionRow takenRow = store.load(key("order-1", "run-2")).orElseThrow();
        Transition first = start(key("order-1", "run-1"), 1000);
        store.commit(first);

        assertThatThrownBy(() -> store.commit(withSuccessor(close(first.row(), "CONTINUED_AS_NEW", 1500),
                        start(key("order-1", "run-2"), 1500))))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow execution " + key("order-1", "run-2") + " already exists (version 2);"
                        + " the transition expected a new execution and was not applied");

        assertThat(store.load(key("order-1", "run-1"))).get().usingRecursiveComparison().isEqualTo(first.row());
        assertThat(store.readHistory(key("order-1", "run-1"), 1)).extracting(HistoryBatch::lastEventId)
                .containsExactly(2L);
        assertThat(store.load(key("order-1", "run-2"))).get().usingRecursiveComparison().isEqualTo(takenRow);
        assertThat(store.loadRunning()).extracting(ExecutionRow::key).containsExactly(key("order-1", "run-1"));
    }

    @Test
    void aTransitionWhoseOwnVersionIsStaleDoesNotStartItsSuccessor() {
        Transition first = start(key("order-1", "run-1"), 1000);
        store.commit(first);
        store.commit(advance(first.row(), 1));

        assertThatThrownBy(() -> store.commit(withSuccessor(close(first.row(), "CONTINUED_AS_NEW", 1500),
                        start(key("order-1", "run-2"), 1500))))
                .isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow execution " + key("order-1", "run-1") + " was changed concurrently: the"
                        + " transition expected version 1 but the store holds version 2; the transition was not"
                        + " applied");

        assertThat(store.load(key("order-1", "run-2"))).isEmpty();
        assertThat(store.readHistory(key("order-1", "run-2"), 1)).isEmpty();
        assertThat(store.load(key("order-1", "run-1"))).get().extracting(ExecutionRow::status, ExecutionRow::version)
                .containsExactly("RUNNING", 2L);
    }

    /** {@code closing} with {@code successor} as the next run it starts. */
    protected static Transition withSuccessor(Transition closing, Transition successor) {
        return new Transition(closing.row(), closing.expectedVersion(), closing.history(), successor);
    }

    @Test
    void loadLatestRunPrefersTheRunningRunWhenStartTimesTie() {
        Transition first = start(key("order-1", "run-1"), 1000);
        store.commit(first);
        store.commit(close(first.row(), "CONTINUED_AS_NEW", 1000));
        store.commit(start(key("order-1", "run-2"), 1000));

        assertThat(store.loadLatestRun(NAMESPACE, "order-1")).get()
                .extracting(r -> r.key().runId()).isEqualTo("run-2");
    }

    @Test
    void loadRunningReturnsOnlyRunningExecutions() {
        Transition running = start(key("order-1", "run-1"), 1000);
        store.commit(running);
        Transition done = start(key("order-2", "run-1"), 1000);
        store.commit(done);
        store.commit(close(done.row(), "FAILED", 2000));
        store.commit(start(key("order-3", "run-1"), 1000));

        assertThat(store.loadRunning())
                .extracting(r -> r.key().workflowId())
                .containsExactly("order-1", "order-3");
    }

    @Test
    void manyThreadsCommittingConcurrentlyAllSucceed() {
        commitConcurrently(16, 100);
    }

    /** Commits {@code transitionsPerThread} transitions of a run per thread, and checks every one is stored. */
    protected void commitConcurrently(int threads, int transitionsPerThread) {
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ExecutionKey key = key("order-" + t, "run-1");
            workers.add(CompletableFuture.runAsync(() -> {
                Transition transition = start(key, 1000);
                store.commit(transition);
                for (int i = 1; i < transitionsPerThread; i++) {
                    transition = advance(transition.row(), 2);
                    store.commit(transition);
                }
            }, callers));
        }
        CompletableFuture.allOf(workers.toArray(CompletableFuture[]::new)).join();

        for (int t = 0; t < threads; t++) {
            ExecutionKey key = key("order-" + t, "run-1");
            assertThat(store.load(key)).get().extracting(ExecutionRow::version, ExecutionRow::lastEventId)
                    .containsExactly((long) transitionsPerThread, 2L * transitionsPerThread);
            assertThat(store.readHistory(key, 1)).hasSize(transitionsPerThread);
        }
    }

    @Test
    void listExecutionsIsNewestFirstPagedByPositionAndFilteredByStatus() {
        store.commit(start(key("a", "r1"), 1_000));
        store.commit(start(key("b", "r1"), 3_000));
        Transition c1 = start(key("c", "r1"), 2_000);
        store.commit(c1);
        store.commit(close(c1.row(), "COMPLETED", 2_500));
        store.commit(start(key("c", "r2"), 2_000));
        store.commit(start(new ExecutionKey("other", "z", "r1"), 9_000));

        List<ExecutionSummary> all = store.listExecutions(new ExecutionListQuery(NAMESPACE, null, 10, null));
        assertThat(all).extracting(s -> s.key().workflowId() + "/" + s.key().runId())
                .containsExactly("b/r1", "c/r2", "c/r1", "a/r1");
        assertThat(all.get(0)).isEqualTo(new ExecutionSummary(key("b", "r1"), "OrderWorkflow", "orders", "RUNNING",
                3_000, null, 2));

        List<ExecutionSummary> page = store.listExecutions(
                new ExecutionListQuery(NAMESPACE, null, 2, all.get(1).position()));
        assertThat(page).extracting(s -> s.key().workflowId() + "/" + s.key().runId())
                .containsExactly("c/r1", "a/r1");
        assertThat(store.listExecutions(new ExecutionListQuery(NAMESPACE, "COMPLETED", 10, null)))
                .containsExactly(new ExecutionSummary(key("c", "r1"), "OrderWorkflow", "orders", "COMPLETED", 2_000,
                        2_500L, 3));
        assertThat(store.listExecutions(new ExecutionListQuery(NAMESPACE, "RUNNING", 1, null)))
                .extracting(s -> s.key().workflowId()).containsExactly("b");
    }

    @Test
    void pingAnswersUntilTheStoreIsClosed() {
        store.ping();
        store.close();
        assertThatThrownBy(store::ping).isInstanceOf(StoreException.class).hasMessageContaining("the store is closed");
    }

    @Test
    void closedStoreRejectsCommitsAndReadsWithAClearError() {
        store.close();
        store.close(); // idempotent

        assertThatThrownBy(() -> store.commit(start(key("order-1", "run-1"), 1000)))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageContaining("the store is closed");
        assertThatThrownBy(() -> store.load(key("order-1", "run-1")))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot load workflow execution default/order-1/run-1: the store is closed");
        assertThatThrownBy(() -> store.loadRunning())
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageContaining("the store is closed");
    }

    /** Commits {@code transition} on a thread of its own. */
    protected CompletableFuture<Void> commitAsync(Transition transition) {
        return CompletableFuture.runAsync(() -> store.commit(transition), callers);
    }

    /** {@code null} if the commit succeeded, else what it threw. */
    protected static Throwable outcome(CompletableFuture<Void> commit) {
        try {
            commit.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        }
    }
}
