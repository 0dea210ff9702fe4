package io.reprise.worker;

import java.time.Instant;

/**
 * A read-only snapshot of one worker, for health checks and gauges ({@link Worker#getStats()}).
 *
 * @param taskQueue the worker's Task Queue
 * @param state whether the worker was started, or stopped by {@link WorkerFactory#shutdown()}
 * @param workflowTasks its Workflow Task pollers and slots
 * @param activityTasks its Activity Task pollers and slots
 */
public record WorkerStats(String taskQueue, State state, Tasks workflowTasks, Tasks activityTasks) {

    /** The lifecycle of a worker. */
    public enum State {
        /** Its factory was not started yet. */
        NOT_STARTED,
        /** Polling. */
        RUNNING,
        /** Its factory was shut down: pollers stopped on purpose. */
        STOPPED
    }

    /**
     * Pollers and slots of one kind of task.
     *
     * @param pollersConfigured poller threads the worker started: none when it has nothing of this
     *     kind registered; for Workflow Tasks, as many on the worker's sticky queue as on its Task Queue
     * @param pollersAlive poller threads still running
     * @param slotsInUse tasks being processed right now
     * @param slotsAvailable further tasks the worker may process at once
     * @param lastPollTime when a poller last asked the engine for a task (wall clock), or {@code null}
     *     before the first poll
     */
    public record Tasks(int pollersConfigured, int pollersAlive, int slotsInUse, int slotsAvailable,
            Instant lastPollTime) {

        /** Whether some poller threads ended while they should run (in a {@code RUNNING} worker). */
        public boolean pollersDied() {
            return pollersAlive < pollersConfigured;
        }
    }

    /**
     * Whether a poller thread of this running worker ended unexpectedly: the worker no longer takes
     * all the tasks it should. A worker not started yet, or stopped by a shutdown, is not.
     */
    public boolean hasDeadPollers() {
        return state == State.RUNNING && (workflowTasks.pollersDied() || activityTasks.pollersDied());
    }
}
