package io.reprise.internal.worker;

import io.reprise.internal.replay.WorkflowRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs kept between workflow tasks, least recently used evicted first. A run being processed is
 * taken out of the cache and put back afterwards, so eviction never closes a run in use.
 */
public final class WorkflowCache {

    private final int capacity;
    private final LinkedHashMap<String, WorkflowRun> runs = new LinkedHashMap<>(16, 0.75f, true);
    private long hits;
    private long misses;

    public WorkflowCache(int capacity) {
        this.capacity = capacity;
    }

    /** Removes and returns the cached run, or {@code null}. */
    public synchronized WorkflowRun take(String runId) {
        WorkflowRun run = runs.remove(runId);
        if (run == null) {
            misses++;
        } else {
            hits++;
        }
        return run;
    }

    /** Caches a run, evicting (and closing) the least recently used ones beyond capacity. */
    public void put(WorkflowRun run) {
        if (capacity == 0) {
            run.close();
            return;
        }
        WorkflowRun evicted = null;
        WorkflowRun replaced;
        synchronized (this) {
            replaced = runs.put(run.execution().runId(), run);
            if (replaced != null && replaced.lastEventId() > run.lastEventId()) {
                // A query put back a run that a workflow task meanwhile rebuilt further: keep the newer one.
                runs.put(replaced.execution().runId(), replaced);
                WorkflowRun older = run;
                run = replaced;
                replaced = older;
            }
            if (runs.size() > capacity) {
                Map.Entry<String, WorkflowRun> eldest = runs.entrySet().iterator().next();
                evicted = eldest.getValue();
                runs.remove(eldest.getKey());
            }
        }
        if (evicted != null) {
            evicted.close();
        }
        if (replaced != null && replaced != run) {
            replaced.close();
        }
    }

    /** Removes {@code run} if it is the cached run of its Run Id; returns whether it was. */
    public synchronized boolean remove(WorkflowRun run) {
        return runs.remove(run.execution().runId(), run);
    }

    public synchronized int size() {
        return runs.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    /** Closes every cached run. */
    public void invalidateAll() {
        WorkflowRun[] all;
        synchronized (this) {
            all = runs.values().toArray(WorkflowRun[]::new);
            runs.clear();
        }
        for (WorkflowRun run : all) {
            run.close();
        }
    }
}
