package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.matching.QueuedTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An open Activity Execution of a run: its effective options (fixed when it was scheduled) and
 * the state of its current attempt.
 *
 * <p>Attempt-level fields (attempt, backoff, last failure, started-but-not-closed) live here and
 * not in history, as in Temporal: a retry commits the new state without an event, and a start is
 * committed as state before the worker gets the task (ActivityTaskStarted is written when the
 * attempt closes, dated when it started). So an engine that restarts knows which attempts were
 * running, and counts them.
 */
public final class ActivityState {

    public enum Status {
        /** Waiting in its task queue, or for its retry backoff to end. */
        SCHEDULED,
        /** A worker is running the current attempt. */
        STARTED
    }

    final long scheduledEventId;
    final String activityId;
    final String activityType;
    final String taskQueue;
    /** Effective timeouts; {@code null} means unlimited. */
    final Duration scheduleToCloseTimeout;
    final Duration scheduleToStartTimeout;
    final Duration startToCloseTimeout;
    final Duration heartbeatTimeout;
    final RetryPolicy retryPolicy;
    /** When the first attempt was scheduled. */
    final Instant scheduledTime;

    Status status = Status.SCHEDULED;
    int attempt = 1;
    /** When the current attempt was (or will be, after a backoff) put in the queue. */
    Instant attemptScheduledTime;
    Instant startedTime;
    String startedIdentity;
    Instant lastStartedTime;
    Failure lastFailure;
    String lastWorkerIdentity;
    /** Details of the last heartbeat (of any attempt), handed to the next attempt and to timeout failures. */
    List<Payload> lastHeartbeatDetails = List.of();
    /** When the current attempt last heartbeated; {@code null} before its first heartbeat. */
    Instant lastHeartbeatTime;
    /** Id of the ActivityTaskCancelRequested event once the workflow asked to cancel it; 0 before. */
    long cancelRequestedEventId;
    /** The header it was scheduled with (ActivityTaskScheduled), handed to every attempt; empty for none. */
    Map<String, Payload> header = Map.of();

    /** In memory only: the input, or {@code null} after a reload (then read from ActivityTaskScheduled). */
    List<Payload> input;
    /** In memory only: the entry in the task queue while dispatched and not started. */
    QueuedTask queuedTask;

    ActivityState(long scheduledEventId, String activityId, String activityType, String taskQueue,
            Duration scheduleToCloseTimeout, Duration scheduleToStartTimeout, Duration startToCloseTimeout,
            Duration heartbeatTimeout, RetryPolicy retryPolicy, Instant scheduledTime) {
        this.scheduledEventId = scheduledEventId;
        this.activityId = activityId;
        this.activityType = activityType;
        this.taskQueue = taskQueue;
        this.scheduleToCloseTimeout = scheduleToCloseTimeout;
        this.scheduleToStartTimeout = scheduleToStartTimeout;
        this.startToCloseTimeout = startToCloseTimeout;
        this.heartbeatTimeout = heartbeatTimeout;
        this.retryPolicy = retryPolicy;
        this.scheduledTime = scheduledTime;
        this.attemptScheduledTime = scheduledTime;
    }

    public long scheduledEventId() {
        return scheduledEventId;
    }

    public String activityId() {
        return activityId;
    }

    public String activityType() {
        return activityType;
    }

    public String taskQueue() {
        return taskQueue;
    }

    public Duration scheduleToCloseTimeout() {
        return scheduleToCloseTimeout;
    }

    public Duration scheduleToStartTimeout() {
        return scheduleToStartTimeout;
    }

    public Duration startToCloseTimeout() {
        return startToCloseTimeout;
    }

    public Duration heartbeatTimeout() {
        return heartbeatTimeout;
    }

    public Instant scheduledTime() {
        return scheduledTime;
    }

    public Status status() {
        return status;
    }

    public int attempt() {
        return attempt;
    }

    public Instant attemptScheduledTime() {
        return attemptScheduledTime;
    }

    public Instant startedTime() {
        return startedTime;
    }

    public Instant lastStartedTime() {
        return lastStartedTime;
    }

    public Failure lastFailure() {
        return lastFailure;
    }

    public String lastWorkerIdentity() {
        return lastWorkerIdentity;
    }

    public List<Payload> lastHeartbeatDetails() {
        return lastHeartbeatDetails;
    }

    public Instant lastHeartbeatTime() {
        return lastHeartbeatTime;
    }

    /** The header it was scheduled with, for every attempt's task; empty for none. */
    public Map<String, Payload> header() {
        return header;
    }

    public boolean isCancelRequested() {
        return cancelRequestedEventId > 0;
    }

    /** When the current attempt's Heartbeat Timeout fires: from its last heartbeat, or from its start. */
    Instant heartbeatDeadline() {
        Instant from = lastHeartbeatTime != null && lastHeartbeatTime.isAfter(startedTime) ? lastHeartbeatTime
                : startedTime;
        return from.plus(heartbeatTimeout);
    }

    /** Records a heartbeat of the current attempt. */
    void heartbeat(Instant now, List<Payload> details) {
        lastHeartbeatTime = now;
        lastHeartbeatDetails = details == null ? List.of() : List.copyOf(details);
    }

    public List<Payload> input() {
        return input;
    }

    public void cacheInput(List<Payload> input) {
        this.input = input;
    }

    public QueuedTask queuedTask() {
        return queuedTask;
    }

    /** Whether the current attempt waits to be put in its queue: scheduled, not queued, backoff over. */
    public boolean isReadyForDispatch(Instant now) {
        return status == Status.SCHEDULED && queuedTask == null && !attemptScheduledTime.isAfter(now);
    }

    public void dispatched(QueuedTask task) {
        this.queuedTask = task;
    }

    /**
     * A worker took the current attempt (see {@link ActivityTaskStartedProcessor#start}, which
     * commits it before the worker gets the task).
     */
    public void start(Instant now, String identity) {
        status = Status.STARTED;
        startedTime = now;
        lastStartedTime = now;
        startedIdentity = identity;
        lastWorkerIdentity = identity;
        lastHeartbeatTime = null;
        queuedTask = null;
    }

    /** Schedules the next attempt after a failed or timed-out one. */
    void retry(Failure failure, Instant nextAttemptTime) {
        retireQueuedTask();
        attempt++;
        status = Status.SCHEDULED;
        attemptScheduledTime = nextAttemptTime;
        lastFailure = failure;
        lastHeartbeatTime = null;
        startedTime = null;
        startedIdentity = null;
    }

    void retireQueuedTask() {
        if (queuedTask != null) {
            queuedTask.markStale();
            queuedTask = null;
        }
    }
}
