package io.reprise.engine;

import io.reprise.engine.store.ConcurrentUpdateException;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionListQuery;
import io.reprise.engine.store.ExecutionSummary;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.ExecutionSummary;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.NamespaceRow;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.store.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of the store SPI on maps. It survives {@link #close()} (which only counts), so a
 * test can build a second engine on the same data as if the process had restarted. A test can
 * make the next commits fail with {@link #failNextCommits}.
 */
final class InMemoryExecutionStore implements ExecutionStore {

    private final Map<ExecutionKey, ExecutionRow> rows = new LinkedHashMap<>();
    private final Map<ExecutionKey, List<HistoryBatch>> histories = new HashMap<>();
    private final Map<ExecutionKey, Long> startOrder = new HashMap<>();
    /** The latest run of each (namespace, workflow id). */
    private final Map<List<String>, ExecutionKey> latestRuns = new HashMap<>();
    private final Map<String, NamespaceRow> namespaces = new TreeMap<>();
    private final AtomicInteger commits = new AtomicInteger();
    private int failingCommits;
    /** Commits of this Workflow Id's runs fail, while set. */
    private String failingWorkflowId;
    private int closes;

    @Override
    public synchronized void commit(Transition transition) {
        if (failingCommits > 0) {
            failingCommits--;
            throw new StoreException("disk on fire (test)", null);
        }
        if (transition.row().key().workflowId().equals(failingWorkflowId)) {
            throw new StoreException("disk on fire for " + failingWorkflowId + " (test)", null);
        }
        apply(transition);
        if (transition.successor() != null) {
            apply(transition.successor());
        }
    }

    private void apply(Transition transition) {
        ExecutionRow row = transition.row();
        ExecutionRow current = rows.get(row.key());
        if (transition.expectedVersion() == 0) {
            if (current != null) {
                throw new ConcurrentUpdateException("row " + row.key() + " already exists");
            }
            ExecutionKey latest = latestRuns.get(List.of(row.key().namespace(), row.key().workflowId()));
            if (latest != null && rows.get(latest).isRunning()) {
                throw new ConcurrentUpdateException("workflow id " + row.key().workflowId() + " is running");
            }
        } else if (current == null || current.version() != transition.expectedVersion()) {
            throw new ConcurrentUpdateException("row " + row.key() + " is at version "
                    + (current == null ? "none" : current.version()) + ", expected " + transition.expectedVersion());
        }
        List<HistoryBatch> history = histories.computeIfAbsent(row.key(), k -> new ArrayList<>());
        if (transition.history() != null) {
            long expectedFirst = history.isEmpty() ? 1 : history.get(history.size() - 1).lastEventId() + 1;
            if (transition.history().firstEventId() != expectedFirst) {
                throw new IllegalStateException("history of " + row.key() + " expected event " + expectedFirst
                        + " next, got a batch starting at " + transition.history().firstEventId());
            }
            history.add(transition.history());
        }
        if (startOrder.putIfAbsent(row.key(), (long) startOrder.size()) == null) {
            latestRuns.put(List.of(row.key().namespace(), row.key().workflowId()), row.key());
        }
        rows.put(row.key(), row);
        commits.incrementAndGet();
    }

    @Override
    public synchronized Optional<ExecutionRow> load(ExecutionKey key) {
        return Optional.ofNullable(rows.get(key));
    }

    @Override
    public synchronized Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) {
        ExecutionKey latest = latestRuns.get(List.of(namespace, workflowId));
        return Optional.ofNullable(latest == null ? null : rows.get(latest));
    }

    @Override
    public synchronized List<ExecutionRow> loadRunning() {
        return rows.values().stream().filter(ExecutionRow::isRunning).toList();
    }

    @Override
    public synchronized List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) {
        return histories.getOrDefault(key, List.of()).stream()
                .filter(batch -> batch.lastEventId() >= fromEventId)
                .toList();
    }

    /** Newest first as the JDBC store orders: start time, then Workflow Id, then Run Id, all descending. */
    @Override
    public synchronized List<ExecutionSummary> listExecutions(ExecutionListQuery query) {
        Comparator<ExecutionListQuery.Position> newestFirst = Comparator
                .comparingLong(ExecutionListQuery.Position::startTimeMillis)
                .thenComparing(ExecutionListQuery.Position::workflowId)
                .thenComparing(ExecutionListQuery.Position::runId)
                .reversed();
        return rows.values().stream()
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


    @Override
    public synchronized List<NamespaceRow> loadNamespaces() {
        return List.copyOf(namespaces.values());
    }

    @Override
    public synchronized boolean insertNamespace(NamespaceRow row) {
        return namespaces.putIfAbsent(row.name(), row) == null;
    }

    @Override
    public synchronized boolean updateNamespace(NamespaceRow row) {
        return namespaces.replace(row.name(), row) != null;
    }

    @Override
    public synchronized OptionalLong earliestCloseTime(String namespace) {
        return rows.values().stream()
                .filter(row -> row.key().namespace().equals(namespace) && row.closeTimeMillis() != null)
                .mapToLong(ExecutionRow::closeTimeMillis).min();
    }

    @Override
    public synchronized List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis,
            int limit) {
        List<ExecutionKey> expired = rows.values().stream()
                .filter(row -> row.key().namespace().equals(namespace) && !row.isRunning()
                        && row.closeTimeMillis() != null && row.closeTimeMillis() <= closedAtOrBeforeMillis)
                .sorted(Comparator.comparing(ExecutionRow::closeTimeMillis))
                .limit(limit).map(ExecutionRow::key).toList();
        for (ExecutionKey key : expired) {
            rows.remove(key);
            histories.remove(key);
            startOrder.remove(key);
            latestRuns.values().remove(key);
        }
        return expired;
    }

    @Override
    public synchronized void close() {
        closes++;
    }

    synchronized void failNextCommits(int count) {
        failingCommits = count;
    }

    /** Makes every commit of {@code workflowId}'s runs fail ({@code null}: none). */
    synchronized void failCommitsOf(String workflowId) {
        failingWorkflowId = workflowId;
    }

    int commits() {
        return commits.get();
    }

    synchronized int closes() {
        return closes;
    }
}
