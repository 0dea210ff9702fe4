package io.reprise.engine.history;

import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;

/** Writes {@link MutableState} into an execution row and reads it back. */
public final class StateCodec {

    private StateCodec() {
    }

    /**
     * The row of the state after a transition.
     *
     * @param newVersion the version the row will hold
     * @param nextTimerAt the run's earliest due timer, or {@code null}
     */
    public static ExecutionRow toRow(MutableState state, long newVersion, Instant nextTimerAt) {
        return new ExecutionRow(state.key, state.workflowType, state.taskQueue, state.status.name(),
                state.startTime.toEpochMilli(), millis(state.closeTime), millis(nextTimerAt), newVersion,
                state.lastEventId(), encode(state));
    }

    static byte[] encode(MutableState state) {
        return HistoryJson.mapper().writeValueAsBytes(snapshot(state));
    }

    /** Rebuilds the state from a stored row. In-memory caches (recent events, activity inputs) start empty. */
    public static MutableState fromRow(ExecutionRow row) {
        StateSnapshot s;
        try {
            s = HistoryJson.mapper().readValue(row.state(), StateSnapshot.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("The stored state of execution " + row.key()
                    + " cannot be read: " + e.getOriginalMessage(), e);
        }
        if (s.format() > StateSnapshot.FORMAT) {
            throw new IllegalStateException("The stored state of execution " + row.key() + " has format "
                    + s.format() + ", newer than this engine understands (" + StateSnapshot.FORMAT
                    + "); run a newer Reprise version");
        }
        MutableState state = new MutableState(row.key(), s.workflowType(), s.taskQueue(),
                Instant.ofEpochMilli(s.startTime()), s.requestId(), Duration.ofMillis(s.workflowTaskTimeout()),
                instant(s.runExpirationTime()));
        state.status = WorkflowExecutionStatus.valueOf(s.status());
        state.closeTime = instant(s.closeTime());
        state.nextEventId = row.lastEventId() + 1;
        state.version = row.version();
        state.previousStartedEventId = s.previousStartedEventId();
        state.stickyTaskQueue = s.stickyTaskQueue();
        if (s.workflowTask() != null) {
            state.workflowTask = workflowTask(s.workflowTask());
        }
        if (s.activities() != null) {
            for (StateSnapshot.Activity a : s.activities()) {
                state.addActivity(activity(a));
            }
        }
        if (s.timers() != null) {
            for (StateSnapshot.Timer t : s.timers()) {
                state.timers.put(t.timerId(), new TimerState(t.timerId(), t.startedEventId(),
                        Instant.ofEpochMilli(t.fireTime())));
            }
        }
        if (s.bufferedEvents() != null) {
            state.bufferedEvents.addAll(s.bufferedEvents());
        }
        return state;
    }

    private static StateSnapshot snapshot(MutableState state) {
        List<StateSnapshot.Activity> activities = null;
        if (!state.activities.isEmpty()) {
            activities = new ArrayList<>(state.activities.size());
            for (ActivityState a : state.activities.values()) {
                activities.add(new StateSnapshot.Activity(a.scheduledEventId, a.activityId, a.activityType,
                        a.taskQueue, millis(a.scheduleToCloseTimeout), millis(a.scheduleToStartTimeout),
                        millis(a.startToCloseTimeout), millis(a.heartbeatTimeout), a.retryPolicy,
                        a.scheduledTime.toEpochMilli(), a.status.name(), a.attempt,
                        a.attemptScheduledTime.toEpochMilli(), millis(a.startedTime), a.startedIdentity,
                        millis(a.lastStartedTime), a.lastFailure, a.lastWorkerIdentity, a.lastHeartbeatDetails));
            }
        }
        List<StateSnapshot.Timer> timers = null;
        if (!state.timers.isEmpty()) {
            timers = new ArrayList<>(state.timers.size());
            for (TimerState t : state.timers.values()) {
                timers.add(new StateSnapshot.Timer(t.timerId(), t.startedEventId(), t.fireTime().toEpochMilli()));
            }
        }
        WorkflowTaskState t = state.workflowTask;
        StateSnapshot.WorkflowTask task = t == null ? null : new StateSnapshot.WorkflowTask(t.status.name(),
                t.scheduledEventId, t.attempt, t.taskQueue, t.scheduledTime.toEpochMilli(),
                t.availableTime.toEpochMilli(), millis(t.stickyDeadline), t.startedEventId, millis(t.startedTime),
                t.startedIdentity);
        return new StateSnapshot(StateSnapshot.FORMAT, state.workflowType, state.taskQueue, state.status.name(),
                state.requestId, state.startTime.toEpochMilli(), millis(state.closeTime),
                millis(state.runExpirationTime), state.workflowTaskTimeout.toMillis(), state.previousStartedEventId,
                state.stickyTaskQueue, task, activities, timers,
                state.bufferedEvents.isEmpty() ? null : state.bufferedEvents);
    }

    private static WorkflowTaskState workflowTask(StateSnapshot.WorkflowTask t) {
        WorkflowTaskState task = new WorkflowTaskState(t.scheduledEventId(), t.attempt(), t.taskQueue(),
                Instant.ofEpochMilli(t.scheduledTime()), Instant.ofEpochMilli(t.availableTime()));
        task.status = WorkflowTaskState.Status.valueOf(t.status());
        task.stickyDeadline = instant(t.stickyDeadline());
        task.startedEventId = t.startedEventId();
        task.startedTime = instant(t.startedTime());
        task.startedIdentity = t.startedIdentity();
        return task;
    }

    private static ActivityState activity(StateSnapshot.Activity a) {
        ActivityState activity = new ActivityState(a.scheduledEventId(), a.activityId(), a.activityType(),
                a.taskQueue(), duration(a.scheduleToCloseTimeout()), duration(a.scheduleToStartTimeout()),
                duration(a.startToCloseTimeout()), duration(a.heartbeatTimeout()),
                ScheduleActivityTaskProcessor.withDefaults(a.retryPolicy()), Instant.ofEpochMilli(a.scheduledTime()));
        activity.status = ActivityState.Status.valueOf(a.status());
        activity.attempt = a.attempt();
        activity.attemptScheduledTime = Instant.ofEpochMilli(a.attemptScheduledTime());
        activity.startedTime = instant(a.startedTime());
        activity.startedIdentity = a.startedIdentity();
        activity.lastStartedTime = instant(a.lastStartedTime());
        activity.lastFailure = a.lastFailure();
        activity.lastWorkerIdentity = a.lastWorkerIdentity();
        activity.lastHeartbeatDetails = a.lastHeartbeatDetails() == null ? List.of() : a.lastHeartbeatDetails();
        return activity;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }
}
