package io.reprise.engine.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A test double of the store SPI on maps, held to the JDBC store's behaviour by
 * {@link ExecutionStoreContractTest} (same orders, same errors, same messages). Closing it refuses
 * every later call, as a closed database does; {@link #reopen()} gives a new store on the same data,
 * as a restarted process opening the same file would.
 */
public final class InMemoryExecutionStore implements ExecutionStore {

    private static final String DESCRIPTION = "in-memory test store";

    /** What survives {@link #close()}: the "database". Every access holds its monitor. */
    private static final class Data {
        final Map<ExecutionKey, ExecutionRow> rows = new LinkedHashMap<>();
        final Map<ExecutionKey, List<HistoryBatch>> histories = new HashMap<>();
        final Map<String, NamespaceRow> namespaces = new TreeMap<>();
    }

    private final Data data;
    private boolean closed;

    public InMemoryExecutionStore() {
        this(new Data());
    }

    private InMemoryExecutionStore(Data data) {
        this.data = data;
    }

    /** A new, open store on this store's data (this one may be closed). */
    public InMemoryExecutionStore reopen() {
        return new InMemoryExecutionStore(data);
    }

    @Override
    public void commit(Transition transition) {
        synchronized (data) {
            if (closed) {
                throw new StoreException("Cannot commit the transition of " + transition.row().key()
                        + ": the store is closed (" + DESCRIPTION + ")", null);
            }
            check(transition, null);
            if (transition.successor() != null) {
                // The closing run is not running once its transition applies: its successor may be.
                check(transition.successor(), transition.row().key());
            }
            apply(transition);
            if (transition.successor() != null) {
                apply(transition.successor());
            }
        }
    }

    /** Throws what the JDBC store throws for a transition it cannot apply. */
    private void check(Transition transition, ExecutionKey closing) {
        ExecutionRow row = transition.row();
        ExecutionKey key = row.key();
        ExecutionRow current = data.rows.get(key);
        if (transition.expectedVersion() == 0) {
            if (current != null) {
                throw new ConcurrentUpdateException("Workflow execution " + key + " already exists (version "
                        + current.version() + "); the transition expected a new execution and was not applied");
            }
        } else if (current == null || current.version() != transition.expectedVersion()) {
            String found = current == null ? "the execution does not exist"
                    : "the store holds version " + current.version();
            throw new ConcurrentUpdateException("Workflow execution " + key + " was changed concurrently: the"
                    + " transition expected version " + transition.expectedVersion() + " but " + found
                    + "; the transition was not applied");
        } else if (!current.workflowType().equals(row.workflowType()) || !current.taskQueue().equals(row.taskQueue())
                || current.startTimeMillis() != row.startTimeMillis()) {
            throw new IllegalArgumentException("Workflow execution " + key + ": a transition cannot change the"
                    + " workflow type, task queue or start time of a run (stored " + current.workflowType() + ", "
                    + current.taskQueue() + ", " + current.startTimeMillis() + "; transition " + row.workflowType()
                    + ", " + row.taskQueue() + ", " + row.startTimeMillis() + "); the transition was not applied");
        }
        if (row.isRunning()) {
            data.rows.values().stream()
                    .filter(other -> other.isRunning() && !other.key().equals(key) && !other.key().equals(closing)
                            && other.key().namespace().equals(key.namespace())
                            && other.key().workflowId().equals(key.workflowId()))
                    .findFirst().ifPresent(running -> {
                        throw new ConcurrentUpdateException("Workflow Id \"" + key.workflowId() + "\" in namespace \""
                                + key.namespace() + "\" already has a running execution (run id "
                                + running.key().runId() + "); run " + key.runId()
                                + " cannot be RUNNING at the same time and its transition was not applied");
                    });
        }
        if (transition.history() != null) {
            List<HistoryBatch> history = data.histories.getOrDefault(key, List.of());
            long expectedFirst = history.isEmpty() ? 1 : history.get(history.size() - 1).lastEventId() + 1;
            if (transition.history().firstEventId() != expectedFirst) {
                throw new IllegalStateException("history of " + key + " expected event " + expectedFirst
                        + " next, got a batch starting at " + transition.history().firstEventId());
            }
        }
    }

    private void apply(Transition transition) {
        ExecutionRow row = transition.row();
        if (transition.history() != null) {
            data.histories.computeIfAbsent(row.key(), k -> new ArrayList<>()).add(transition.history());
        }
        data.rows.put(row.key(), row);
    }

    @Override
    public Optional<ExecutionRow> load(ExecutionKey key) {
        synchronized (data) {
            ensureOpen("load workflow execution " + key);
            return Optional.ofNullable(data.rows.get(key));
        }
    }

    /** Latest start first; on a tie the running run, then the latest close, as the JDBC store orders. */
    @Override
    public Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) {
        synchronized (data) {
            ensureOpen("load the latest run of Workflow Id \"" + workflowId + "\" in namespace \"" + namespace + "\"");
            return data.rows.values().stream()
                    .filter(row -> row.key().namespace().equals(namespace) && row.key().workflowId().equals(workflowId))
                    .max(Comparator.comparingLong(ExecutionRow::startTimeMillis)
                            .thenComparing(ExecutionRow::isRunning)
                            .thenComparing(row -> row.closeTimeMillis() == null ? Long.MIN_VALUE
                                    : row.closeTimeMillis()));
        }
    }

    @Override
    public List<ExecutionRow> loadRunning() {
        synchronized (data) {
            ensureOpen("load the running workflow executions");
            return data.rows.values().stream().filter(ExecutionRow::isRunning)
                    .sorted(Comparator.comparing((ExecutionRow row) -> row.key().namespace())
                            .thenComparing(row -> row.key().workflowId()))
                    .toList();
        }
    }

    @Override
    public List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) {
        synchronized (data) {
            ensureOpen("read the history of workflow execution " + key + " from event id " + fromEventId);
            return data.histories.getOrDefault(key, List.of()).stream()
                    .filter(batch -> batch.lastEventId() >= fromEventId)
                    .toList();
        }
    }

    /** Newest first as the JDBC store orders: start time, then Workflow Id, then Run Id, all descending. */
    @Override
    public List<ExecutionSummary> listExecutions(ExecutionListQuery query) {
        Comparator<ExecutionListQuery.Position> newestFirst = Comparator
                .comparingLong(ExecutionListQuery.Position::startTimeMillis)
                .thenComparing(ExecutionListQuery.Position::workflowId)
                .thenComparing(ExecutionListQuery.Position::runId)
                .reversed();
        synchronized (data) {
            ensureOpen("list the workflow executions of namespace \"" + query.namespace() + "\"");
            return data.rows.values().stream()
                    .filter(row -> row.key().namespace().equals(query.namespace()))
                    .filter(row -> query.status() == null || query.status().equals(row.status()))
                    .map(row -> new ExecutionSummary(row.key(), row.workflowType(), row.taskQueue(), row.status(),
                            row.startTimeMillis(), row.closeTimeMillis(), row.lastEventId(), row.visibility()))
                    .filter(summary -> query.after() == null
                            || newestFirst.compare(summary.position(), query.after()) > 0)
                    .sorted(Comparator.comparing(ExecutionSummary::position, newestFirst))
                    .limit(query.limit())
                    .toList();
        }
    }

    @Override
    public List<NamespaceRow> loadNamespaces() {
        synchronized (data) {
            ensureOpen("load the namespaces");
            return List.copyOf(data.namespaces.values());
        }
    }

    @Override
    public boolean insertNamespace(NamespaceRow row) {
        synchronized (data) {
            ensureOpen("register namespace \"" + row.name() + "\"");
            return data.namespaces.putIfAbsent(row.name(), row) == null;
        }
    }

    @Override
    public boolean updateNamespace(NamespaceRow row) {
        synchronized (data) {
            ensureOpen("update namespace \"" + row.name() + "\"");
            return data.namespaces.replace(row.name(), row) != null;
        }
    }

    @Override
    public OptionalLong earliestCloseTime(String namespace) {
        synchronized (data) {
            ensureOpen("find the earliest close time in namespace \"" + namespace + "\"");
            return data.rows.values().stream()
                    .filter(row -> row.key().namespace().equals(namespace) && row.closeTimeMillis() != null)
                    .mapToLong(ExecutionRow::closeTimeMillis).min();
        }
    }

    @Override
    public List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit) {
        synchronized (data) {
            if (limit < 1) {
                throw new IllegalArgumentException("limit must be at least 1, got " + limit);
            }
            ensureOpen("delete the runs of namespace \"" + namespace + "\" closed at or before "
                    + closedAtOrBeforeMillis);
            List<ExecutionKey> expired = data.rows.values().stream()
                    .filter(row -> row.key().namespace().equals(namespace) && !row.isRunning()
                            && row.closeTimeMillis() != null && row.closeTimeMillis() <= closedAtOrBeforeMillis)
                    .sorted(Comparator.comparing(ExecutionRow::closeTimeMillis))
                    .limit(limit).map(ExecutionRow::key).toList();
            for (ExecutionKey key : expired) {
                data.rows.remove(key);
                data.histories.remove(key);
            }
            return expired;
        }
    }

    @Override
    public void ping() {
        synchronized (data) {
            ensureOpen("reach the database");
        }
    }

    @Override
    public void close() {
        synchronized (data) {
            closed = true;
        }
    }

    private void ensureOpen(String what) {
        if (closed) {
            throw new StoreException("Cannot " + what + ": the store is closed (" + DESCRIPTION + ")", null);
        }
    }
}
