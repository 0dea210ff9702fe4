package io.reprise.engine.store;

import java.util.List;
import java.util.Optional;

/**
 * Persistence SPI of the engine: execution rows and their append-only event history.
 *
 * <p>Every {@link #commit} is atomic: the row and its history batch are written together or
 * not at all. Implementations batch concurrent commits into one database transaction
 * (group commit); {@code commit} returns only once the transition is durable.
 */
public interface ExecutionStore extends AutoCloseable {

    /**
     * Applies one transition durably. Blocks until the transaction holding it has committed.
     *
     * @throws ConcurrentUpdateException when {@code expectedVersion} is not the stored version
     *     (or, for {@code expectedVersion == 0}, the row already exists, or another run of the
     *     same Workflow Id is {@code RUNNING})
     * @throws StoreException when the database fails, or the store is closed; nothing of the
     *     transition was applied
     * @throws IllegalArgumentException when the transition changes the workflow type, task queue or
     *     start time of an existing run; nothing of the transition was applied
     */
    void commit(Transition transition);

    /** The row of one run, if it exists. */
    Optional<ExecutionRow> load(ExecutionKey key);

    /**
     * The most recently started run of a Workflow Id in a namespace (running or closed), if any.
     */
    Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId);

    /** Every row whose status is {@code RUNNING}, for recovery at start-up. */
    List<ExecutionRow> loadRunning();

    /**
     * The history batches of one run whose events have ids {@code >= fromEventId}, in order. The
     * first batch may start before {@code fromEventId} (batches are returned whole).
     */
    List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId);

    /**
     * The runs {@code query} selects, newest first (see {@link ExecutionListQuery}).
     *
     * @throws StoreException when the database fails, or the store is closed
     * @throws UnsupportedOperationException from a store that cannot list (the default)
     */
    default List<ExecutionSummary> listExecutions(ExecutionListQuery query) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot list workflow executions");
    }

    /**
     * Checks that the store is open and its database answers, with the cheapest read it has (a
     * health check). The default reads the latest run of a Workflow Id that cannot exist.
     *
     * @throws StoreException when it is closed or the database fails
     */
    default void ping() {
        loadLatestRun("", "");
    }

    /** Releases connections and locks. */
    @Override
    void close();
}
