package io.reprise.engine.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

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
     * The running runs of one shard, for a cluster node that acquired it: the runs whose start a cluster node wrote
     * with that shard's lease ({@link Transition#fence()}), and the older ones once their shard was filled in (see
     * {@code cluster.ShardColumn}).
     *
     * @throws UnsupportedOperationException from a store that keeps no shards (the default: SQLite, in memory)
     */
    default List<ExecutionRow> loadRunningInShard(int shard) {
        throw new UnsupportedOperationException(getClass().getName() + " keeps no shards: cluster mode needs the"
                + " PostgreSQL store");
    }

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
     * Whether {@link #listExecutions} and {@link #countExecutions} select by {@link ExecutionListQuery#filter()}
     * themselves (in the database); otherwise the caller evaluates the query on the rows listed. Default
     * {@code false}.
     */
    default boolean filtersQueries() {
        return false;
    }

    /**
     * How many runs {@code query} selects (its limit and position ignored), for a store that
     * {@link #filtersQueries() filters queries}.
     *
     * @throws StoreException when the database fails, or the store is closed
     * @throws UnsupportedOperationException from a store that does not filter queries (the default)
     */
    default long countExecutions(ExecutionListQuery query) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot count workflow executions");
    }

    // ---------------------------------------------------------------- namespaces and retention
    // Administrative operations, each in a transaction of its own (not grouped with transitions).
    // The defaults throw UnsupportedOperationException: an engine needs a store that implements them.

    /**
     * Every registered namespace, by name.
     *
     * @throws StoreException when the database fails, or the store is closed
     */
    default List<NamespaceRow> loadNamespaces() {
        throw new UnsupportedOperationException(getClass().getName() + " has no namespace registry");
    }

    /**
     * Registers a namespace.
     *
     * @return {@code false}, writing nothing, when a namespace of that name exists
     * @throws StoreException when the database fails, or the store is closed
     */
    default boolean insertNamespace(NamespaceRow row) {
        throw new UnsupportedOperationException(getClass().getName() + " has no namespace registry");
    }

    /**
     * Replaces the description, retention and update time of the namespace {@code row.name()}.
     *
     * @return {@code false}, writing nothing, when no namespace has that name
     * @throws StoreException when the database fails, or the store is closed
     */
    default boolean updateNamespace(NamespaceRow row) {
        throw new UnsupportedOperationException(getClass().getName() + " has no namespace registry");
    }

    /**
     * The earliest close time (epoch millis) of the closed runs of a namespace; empty when it has none.
     *
     * @throws StoreException when the database fails, or the store is closed
     */
    default OptionalLong earliestCloseTime(String namespace) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot apply retention");
    }

    /**
     * Deletes, in one transaction, up to {@code limit} runs of {@code namespace} that closed at or
     * before {@code closedAtOrBeforeMillis} (oldest first): their rows and their histories. Running
     * runs are never deleted.
     *
     * @return the runs deleted; fewer than {@code limit} when no more are due
     * @throws StoreException when the database fails, or the store is closed; nothing was deleted
     */
    default List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit) {
        throw new UnsupportedOperationException(getClass().getName() + " cannot apply retention");
    }

    /**
     * {@link #earliestCloseTime(String)} among the runs of {@code shards} only (a cluster node's), or of all runs
     * when {@code shards} is {@code null}.
     *
     * @throws UnsupportedOperationException for {@code shards} from a store that keeps no shards (the default)
     */
    default OptionalLong earliestCloseTime(String namespace, int[] shards) {
        if (shards == null) {
            return earliestCloseTime(namespace);
        }
        throw new UnsupportedOperationException(getClass().getName() + " keeps no shards");
    }

    /**
     * {@link #deleteClosedRuns(String, long, int)} among the runs of {@code shards} only (a cluster node's), or of
     * all runs when {@code shards} is {@code null}.
     *
     * @throws UnsupportedOperationException for {@code shards} from a store that keeps no shards (the default)
     */
    default List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit,
            int[] shards) {
        if (shards == null) {
            return deleteClosedRuns(namespace, closedAtOrBeforeMillis, limit);
        }
        throw new UnsupportedOperationException(getClass().getName() + " keeps no shards");
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

    /**
     * What kind of store this is, for {@code EngineService.getServerInfo}: {@code sqlite} (a file), {@code memory}
     * (SQLite in memory), {@code postgres}. The default is the class's simple name.
     */
    default String kind() {
        return getClass().getSimpleName();
    }
}
