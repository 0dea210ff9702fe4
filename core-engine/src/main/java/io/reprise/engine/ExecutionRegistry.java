package io.reprise.engine;

import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the entry of a run: open runs are always in memory; closed runs are kept in a bounded
 * cache and otherwise loaded from the store (they no longer change, so a second copy is harmless).
 */
final class ExecutionRegistry {

    /** A Workflow Id within its namespace. */
    record WorkflowIdKey(String namespace, String workflowId) {

        /* equals and hashCode written out for the JIT, as ExecutionKey's are (see there). */
        @Override
        public boolean equals(Object other) {
            return other instanceof WorkflowIdKey that && Objects.equals(workflowId, that.workflowId)
                    && Objects.equals(namespace, that.namespace);
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(namespace) * 31 + Objects.hashCode(workflowId);
        }
    }

    private final ExecutionStore store;
    private final ConcurrentHashMap<ExecutionKey, RunEntry> open = new ConcurrentHashMap<>();
    /** The running run of each Workflow Id; also the claim a start takes before committing. */
    private final ConcurrentHashMap<WorkflowIdKey, RunEntry> running = new ConcurrentHashMap<>();
    private final Map<ExecutionKey, RunEntry> closed;

    ExecutionRegistry(ExecutionStore store, int closedCacheSize) {
        this.store = store;
        this.closed = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ExecutionKey, RunEntry> eldest) {
                return size() > closedCacheSize;
            }
        });
    }

    /** The entry of an open run, or {@code null}. */
    RunEntry open(ExecutionKey key) {
        return open.get(key);
    }

    Collection<RunEntry> openRuns() {
        return open.values();
    }

    /** The entry registered open for {@code key} now, or {@code null}: never loads. */
    RunEntry openEntry(ExecutionKey key) {
        return open.get(key);
    }

    /** The entry of any run, loading it from the store if needed; {@code null} when it does not exist. */
    RunEntry find(ExecutionKey key) {
        RunEntry entry = open.get(key);
        if (entry == null) {
            entry = closed.get(key);
        }
        if (entry != null) {
            return entry;
        }
        Optional<ExecutionRow> row = store.load(key);
        return row.map(this::fromRow).orElse(null);
    }

    /** The entry of the latest run of a Workflow Id, or {@code null}. */
    RunEntry findLatest(String namespace, String workflowId) {
        RunEntry entry = running.get(new WorkflowIdKey(namespace, workflowId));
        if (entry != null) {
            return entry;
        }
        Optional<ExecutionRow> row = store.loadLatestRun(namespace, workflowId);
        if (row.isEmpty()) {
            return null;
        }
        RunEntry known = open.get(row.get().key());
        if (known == null) {
            known = closed.get(row.get().key());
        }
        return known != null ? known : fromRow(row.get());
    }

    /** The running (or being started) run of a Workflow Id, or {@code null}. */
    RunEntry running(WorkflowIdKey workflowId) {
        return running.get(workflowId);
    }

    /** Claims the Workflow Id for a run being started; {@code false} when another run holds it. */
    boolean claim(WorkflowIdKey workflowId, RunEntry entry) {
        return running.putIfAbsent(workflowId, entry) == null;
    }

    /** Gives up a claim (the start failed) or removes the entry of a run found closed. */
    void release(WorkflowIdKey workflowId, RunEntry entry) {
        running.remove(workflowId, entry);
    }

    /** Registers a run that is open (just started, or recovered). */
    void opened(RunEntry entry) {
        open.put(entry.key, entry);
        running.put(workflowIdOf(entry.key), entry);
    }

    /**
     * Registers a recovered open run, unless a call adopted it already (then that entry is kept and returned).
     */
    RunEntry adopt(RunEntry entry) {
        RunEntry existing = open.putIfAbsent(entry.key, entry);
        if (existing != null) {
            return existing;
        }
        running.put(workflowIdOf(entry.key), entry);
        return entry;
    }

    /**
     * Forgets every run {@code selected} picks (a cluster node lost their shard): open, being started and closed.
     *
     * @return the entries of the open runs and the starts forgotten, each once
     */
    List<RunEntry> dropAll(Predicate<ExecutionKey> selected) {
        Set<RunEntry> dropped = Collections.newSetFromMap(new IdentityHashMap<>());
        Predicate<RunEntry> drop = entry -> {
            if (!selected.test(entry.key)) {
                return false;
            }
            dropped.add(entry);
            return true;
        };
        open.values().removeIf(drop);
        running.values().removeIf(drop);
        synchronized (closed) {
            closed.keySet().removeIf(selected);
        }
        return new ArrayList<>(dropped);
    }

    /** Makes {@code entry} the running run of its Workflow Id again (its successor's start failed). */
    void restoreRunning(RunEntry entry) {
        running.put(workflowIdOf(entry.key), entry);
    }

    /** Removes a run whose start failed. */
    void forget(RunEntry entry) {
        open.remove(entry.key, entry);
        running.remove(workflowIdOf(entry.key), entry);
    }

    /** Moves a run that just closed to the closed cache. */
    void closed(RunEntry entry) {
        closed.put(entry.key, entry);
        open.remove(entry.key, entry);
        running.remove(workflowIdOf(entry.key), entry);
    }

    /** Forgets closed runs the store no longer has (deleted past their retention). */
    void deleted(Collection<ExecutionKey> keys) {
        for (ExecutionKey key : keys) {
            closed.remove(key);
        }
    }

    private RunEntry fromRow(ExecutionRow row) {
        MutableState state = StateCodec.fromRow(row);
        RunEntry entry = new RunEntry(row.key());
        entry.state = state;
        if (!state.isRunning()) {
            closed.put(row.key(), entry);
            return entry;
        }
        // A running run unknown in memory (not expected with one engine per store): adopt it; it
        // is activated (tasks dispatched, timer armed) on first access.
        RunEntry existing = open.putIfAbsent(row.key(), entry);
        if (existing != null) {
            return existing;
        }
        running.putIfAbsent(workflowIdOf(row.key()), entry);
        return entry;
    }

    static WorkflowIdKey workflowIdOf(ExecutionKey key) {
        return new WorkflowIdKey(key.namespace(), key.workflowId());
    }
}
