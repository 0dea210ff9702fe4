package io.reprise.engine;

import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.store.ExecutionKey;
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
    /** Guarded by {@code this}. */
    private WorkflowOutcome outcome;

    RunEntry(ExecutionKey key) {
        this.key = key;
    }

    synchronized WorkflowOutcome outcome() {
        return outcome;
    }

    synchronized void closed(WorkflowOutcome outcome) {
        this.outcome = outcome;
        notifyAll();
    }

    /**
     * Waits until the run closed or {@code deadlineNanos} ({@link System#nanoTime}) passed.
     *
     * @return the outcome, or {@code null} at the deadline
     */
    synchronized WorkflowOutcome awaitOutcome(long deadlineNanos) throws InterruptedException {
        while (outcome == null) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
        return outcome;
    }
}
