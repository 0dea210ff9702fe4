package io.reprise.engine.history;

import io.reprise.engine.matching.QueuedTask;
import java.time.Instant;

/**
 * The run's current Workflow Task: scheduled (waiting in a queue, or for its retry backoff) or
 * started (a worker is processing it). A run has at most one.
 */
public final class WorkflowTaskState {

    public enum Status {
        SCHEDULED,
        STARTED
    }

    Status status = Status.SCHEDULED;
    /** {@code 0} while a retry attempt is scheduled: its WorkflowTaskScheduled gets an id when it starts. */
    long scheduledEventId;
    final int attempt;
    /** The queue it is (to be) dispatched to: the run's task queue or the worker's sticky queue. */
    String taskQueue;
    final Instant scheduledTime;
    /** Not dispatched before this time (the backoff after a failed attempt). */
    final Instant availableTime;
    /** When it leaves the sticky queue for the normal one if nobody polled it; {@code null} when not sticky. */
    Instant stickyDeadline;
    long startedEventId;
    Instant startedTime;
    String startedIdentity;
    /** In memory only: the entry in the task queue while dispatched and not started. */
    QueuedTask queuedTask;

    WorkflowTaskState(long scheduledEventId, int attempt, String taskQueue, Instant scheduledTime,
            Instant availableTime) {
        this.scheduledEventId = scheduledEventId;
        this.attempt = attempt;
        this.taskQueue = taskQueue;
        this.scheduledTime = scheduledTime;
        this.availableTime = availableTime;
    }

    public Status status() {
        return status;
    }

    public boolean isStarted() {
        return status == Status.STARTED;
    }

    public long scheduledEventId() {
        return scheduledEventId;
    }

    public long startedEventId() {
        return startedEventId;
    }

    public int attempt() {
        return attempt;
    }

    public String taskQueue() {
        return taskQueue;
    }

    public QueuedTask queuedTask() {
        return queuedTask;
    }

    /** Whether it waits to be put in its queue: scheduled, not queued yet and past its backoff. */
    public boolean isReadyForDispatch(Instant now) {
        return status == Status.SCHEDULED && queuedTask == null && !availableTime.isAfter(now);
    }

    /** Records that it was put in its queue as {@code task}. */
    public void dispatched(QueuedTask task) {
        this.queuedTask = task;
    }

    /** Drops its queue entry, if any, so no poller receives it. */
    void retireQueuedTask() {
        if (queuedTask != null) {
            queuedTask.markStale();
            queuedTask = null;
        }
    }
}
