package io.reprise.engine.history;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request ids of the latest calls a run applied (signal, cancel, terminate, update), so that a retry of one of
 * them (a client that got no answer and asks again with the same request id) is applied once. At most
 * {@link #MAX} are kept, the oldest forgotten first: a retry follows its first call within seconds, while
 * a run rarely gets that many other calls in between. Part of the run's snapshot ({@link StateCodec}), so a retry
 * after an engine restart is recognized too. A closed run keeps them (a terminate's retry finds the run closed by
 * that terminate), and the next run of its chain (continue-as-new, a retry, a cron run) starts with them
 * ({@link #inherit}): a retry that names the Workflow Id and no run reaches the next run, which must not apply
 * again what the run before it applied.
 */
public final class RecentRequests {

    /** How many request ids a run keeps. */
    public static final int MAX = 128;

    /** Request id → the update id the request accepted, or {@code ""} for the other calls; oldest first. */
    private final LinkedHashMap<String, String> ids = new LinkedHashMap<>(0);

    /** Whether the run applied a call with this request id ({@code false} for {@code null}). */
    public boolean contains(String requestId) {
        return requestId != null && ids.containsKey(requestId);
    }

    /** The update accepted by the call with this request id, or {@code null} when no update was. */
    public String updateIdOf(String requestId) {
        String updateId = requestId == null ? null : ids.get(requestId);
        return updateId == null || updateId.isEmpty() ? null : updateId;
    }

    /** Remembers an applied call ({@code updateId}: the update it accepted, or {@code null}); a null id is ignored. */
    void add(String requestId, String updateId) {
        if (requestId == null) {
            return;
        }
        ids.remove(requestId);
        ids.put(requestId, updateId == null ? "" : updateId);
        Iterator<String> oldest = ids.keySet().iterator();
        while (ids.size() > MAX) {
            oldest.next();
            oldest.remove();
        }
    }

    /**
     * Takes over the request ids of the run this one follows, older than any of its own, keeping the newest
     * {@link #MAX} in all.
     */
    public void inherit(RecentRequests predecessor) {
        LinkedHashMap<String, String> own = new LinkedHashMap<>(ids);
        ids.clear();
        predecessor.ids.forEach(this::add);
        own.forEach(this::add);
    }

    int size() {
        return ids.size();
    }

    /** Oldest first: request id → update id or {@code ""}. */
    Map<String, String> entries() {
        return ids;
    }
}
