package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.store.ExecutionKey;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's handle on one run: its lock, its cached state, and the waiters for its outcome.
 * An open run has exactly one entry (in {@link ExecutionRegistry}) for the life of the engine;
 * its state may be dropped and reloaded, the entry stays.
 */
final class RunEntry {

    final ExecutionKey key;
    /** Serializes the run's transitions. Held while committing: the store groups commits of different runs. */
    final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}; {@code null} means "reload from the store" (after a failed commit). */
    MutableState state;
    /** Guarded by {@link #lock}: whether its tasks are dispatched and its timer armed in this process. */
    boolean active;
    /** Guarded by {@link #lock}: how many started tasks of this run are counted in the engine's total. */
    int countedStartedTasks;
    /** Set (under {@link #lock}) when the start of this run failed: the entry stands for nothing. */
    volatile boolean discarded;
    /**
     * Set (under {@link #lock}) when this cluster node lost the run's shard: the entry stands for nothing here any
     * more, and every use of it is refused with (a copy of) this.
     */
    private volatile NotOwnerException lost;
    /** Guarded by {@code this}. */
    private WorkflowOutcome outcome;

    /** Guarded by {@code this}: the callers waiting for updates of this run, by update id. */
    private final Map<String, CompletableFuture<MessageResult>> updates = new HashMap<>();

    RunEntry(ExecutionKey key) {
        this.key = key;
    }

    /**
     * This cluster node lost the run's shard: the outcome waiters and the update callers get {@code refusal}, and so
     * does every later use of the entry. The caller holds {@link #lock}.
     */
    synchronized void lost(NotOwnerException refusal) {
        this.lost = refusal;
        notifyAll();
        for (CompletableFuture<MessageResult> update : updates.values()) {
            update.completeExceptionally(refusal);
        }
        updates.clear();
    }

    /** A fresh copy of the refusal {@link #lost} set, or {@code null} while the run's shard is not lost. */
    NotOwnerException lostRefusal() {
        NotOwnerException refusal = lost;
        return refusal == null ? null : copy(refusal);
    }

    static NotOwnerException copy(NotOwnerException refusal) {
        return new NotOwnerException(refusal.shard(), refusal.ownerNodeId().orElse(null), refusal.getMessage());
    }

    synchronized WorkflowOutcome outcome() {
        return outcome;
    }

    synchronized void closed(WorkflowOutcome outcome) {
        this.outcome = outcome;
        notifyAll();
        for (Map.Entry<String, CompletableFuture<MessageResult>> update : updates.entrySet()) {
            update.getValue().completeExceptionally(new EngineException(EngineException.Code.NOT_FOUND,
                    "Workflow execution " + key + " closed (" + outcome.status() + ") before update \""
                            + update.getKey() + "\" completed"));
        }
    }

    /** The future of update {@code updateId}, created when this is the first request for it. */
    synchronized CompletableFuture<MessageResult> update(String updateId) {
        return updates.computeIfAbsent(updateId, id -> new CompletableFuture<>());
    }

    /** The future of update {@code updateId} if a caller of this engine already asked for it. */
    synchronized CompletableFuture<MessageResult> existingUpdate(String updateId) {
        return updates.get(updateId);
    }

    /** Forgets an update that was never accepted (rejected, or its acceptance failed). */
    synchronized void forgetUpdate(String updateId, CompletableFuture<MessageResult> future) {
        updates.remove(updateId, future);
    }

    /** An update's handler finished: its waiters get the result. */
    synchronized void updateCompleted(String updateId, MessageResult result) {
        update(updateId).complete(result);
    }

    /**
     * Waits until the run closed or {@code deadlineNanos} ({@link System#nanoTime}) passed.
     *
     * @return the outcome, or {@code null} at the deadline
     * @throws NotOwnerException when this cluster node lost the run's shard meanwhile
     */
    synchronized WorkflowOutcome awaitOutcome(long deadlineNanos) throws InterruptedException {
        while (outcome == null) {
            if (lost != null) {
                throw copy(lost);
            }
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return outcome;
    }
}
