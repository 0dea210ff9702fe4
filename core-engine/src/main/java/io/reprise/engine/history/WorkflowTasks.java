package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Scheduling of workflow tasks and flushing of buffered events, shared by the processors. */
final class WorkflowTasks {

    /** The longest wait between attempts of a failing workflow task. */
    static final Duration MAX_RETRY_BACKOFF = Duration.ofSeconds(60);

    private WorkflowTasks() {
    }

    /** Schedules a workflow task (attempt 1, available now) unless one is already scheduled or started. */
    static void scheduleIfNeeded(TransitionContext tx) {
        MutableState state = tx.state();
        if (state.isRunning() && state.workflowTask == null) {
            schedule(tx, 1, tx.now());
        }
    }

    /**
     * Appends WorkflowTaskScheduled. The task goes to the sticky queue the worker asked for, if
     * any (it then moves to the normal queue if nobody polls it in time), else to the run's queue.
     */
    static void schedule(TransitionContext tx, int attempt, Instant availableTime) {
        MutableState state = tx.state();
        String queue = state.stickyTaskQueue != null ? state.stickyTaskQueue : state.taskQueue;
        HistoryEvent scheduled = tx.append(
                new EventAttributes.WorkflowTaskScheduled(queue, state.workflowTaskTimeout, attempt));
        WorkflowTaskState task = new WorkflowTaskState(scheduled.eventId(), attempt, queue, tx.now(), availableTime);
        if (state.stickyTaskQueue != null) {
            task.stickyDeadline = availableTime.plus(tx.settings().stickyScheduleToStartTimeout());
        }
        state.workflowTask = task;
    }

    /**
     * Schedules attempt {@code attempt} (2 or more) after a failed or timed-out one, without an
     * event. As in Temporal, the attempts that follow a failure are transient: the attempt's
     * WorkflowTaskScheduled and WorkflowTaskStarted get their ids when it starts and reach the
     * history only if it completes (or the run commits something while it runs); a retry that
     * fails again leaves no trace, so a workflow stuck on a bug keeps one WorkflowTaskFailed with
     * the reason instead of three events per retry. The retry goes to the run's normal queue.
     */
    static void scheduleRetry(TransitionContext tx, int attempt, Instant availableTime) {
        MutableState state = tx.state();
        state.workflowTask = new WorkflowTaskState(0, attempt, state.taskQueue, tx.now(), availableTime);
        tx.stateChanged();
    }

    /**
     * Closes the started task after a failure or timeout: records {@code closeEvent} unless the
     * attempt was a transient retry (its events are then dropped), drops stickiness, writes the
     * events held back while it ran, and schedules the next attempt.
     */
    static void closeFailedAttempt(TransitionContext tx, EventAttributes closeEvent, Instant nextAttemptTime) {
        MutableState state = tx.state();
        WorkflowTaskState task = state.workflowTask;
        if (!state.discardTransientTaskEvents()) {
            tx.append(closeEvent);
        }
        state.workflowTask = null;
        state.stickyTaskQueue = null;
        flushBuffered(tx);
        scheduleRetry(tx, task.attempt + 1, nextAttemptTime);
    }

    /**
     * The wait before attempt {@code attempt} of a failing workflow task: none for attempt 2 (the
     * failure may have been a fluke), then 1 s, 2 s, 4 s … capped at {@link #MAX_RETRY_BACKOFF},
     * so a workflow with a bug does not spin.
     */
    static Duration retryBackoff(int attempt) {
        if (attempt <= 2) {
            return Duration.ZERO;
        }
        int exponent = Math.min(attempt - 3, 16);
        Duration backoff = Duration.ofSeconds(1L << exponent);
        return backoff.compareTo(MAX_RETRY_BACKOFF) > 0 ? MAX_RETRY_BACKOFF : backoff;
    }

    /**
     * Writes the buffered events, giving them ids now. An activity's closing event was buffered
     * with startedEventId 0 next to its ActivityTaskStarted; it gets that event's new id.
     *
     * @return how many events were written
     */
    static int flushBuffered(TransitionContext tx) {
        MutableState state = tx.state();
        int count = state.bufferedEvents.size();
        if (count == 0) {
            return 0;
        }
        Map<Long, Long> startedIds = new HashMap<>();
        for (HistoryEvent buffered : state.bufferedEvents) {
            EventAttributes attributes = withStartedEventId(buffered.attributes(), startedIds);
            HistoryEvent written = tx.append(attributes, buffered.eventTime());
            if (attributes instanceof EventAttributes.ActivityTaskStarted started) {
                startedIds.put(started.scheduledEventId(), written.eventId());
            }
            if (attributes instanceof EventAttributes.ChildWorkflowExecutionStarted started) {
                PendingChild child = state.children.get(started.initiatedEventId());
                if (child != null) {
                    state.children.put(child.initiatedEventId(), child.started(child.runId(), written.eventId()));
                }
            }
        }
        state.bufferedEvents.clear();
        return count;
    }

    private static EventAttributes withStartedEventId(EventAttributes attributes, Map<Long, Long> startedIds) {
        return switch (attributes) {
            case EventAttributes.ActivityTaskCompleted c when c.startedEventId() == 0 ->
                    new EventAttributes.ActivityTaskCompleted(c.scheduledEventId(),
                            startedIds.getOrDefault(c.scheduledEventId(), 0L), c.result(), c.identity());
            case EventAttributes.ActivityTaskFailed f when f.startedEventId() == 0 ->
                    new EventAttributes.ActivityTaskFailed(f.scheduledEventId(),
                            startedIds.getOrDefault(f.scheduledEventId(), 0L), f.failure(), f.retryState(),
                            f.identity());
            case EventAttributes.ActivityTaskTimedOut t when t.startedEventId() == 0 ->
                    new EventAttributes.ActivityTaskTimedOut(t.scheduledEventId(),
                            startedIds.getOrDefault(t.scheduledEventId(), 0L), t.failure(), t.retryState());
            case EventAttributes.ActivityTaskCanceled c when c.startedEventId() == 0 && startedIds.containsKey(
                    c.scheduledEventId()) ->
                    new EventAttributes.ActivityTaskCanceled(c.scheduledEventId(), startedIds.get(c.scheduledEventId()),
                            c.latestCancelRequestedEventId(), c.details(), c.identity());
            default -> attributes;
        };
    }
}
