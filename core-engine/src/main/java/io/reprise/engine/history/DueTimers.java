package io.reprise.engine.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists what of a run is due when: the run expiration; the workflow task's Start-To-Close,
 * sticky Schedule-To-Start and retry backoff; each activity's Schedule-To-Start, Start-To-Close,
 * Schedule-To-Close, Heartbeat and retry backoff; each user timer.
 */
public final class DueTimers {

    static final Comparator<DueTimer> ORDER = Comparator.comparing(DueTimer::due)
            .thenComparingLong(DueTimer::eventId)
            .thenComparingInt(DueTimer::rank);

    private DueTimers() {
    }

    /** Everything of the run that is due at some time. Empty for a closed run. */
    public static List<DueTimer> all(MutableState state) {
        List<DueTimer> due = new ArrayList<>(4);
        if (!state.isRunning()) {
            return due;
        }
        if (state.runExpirationTime != null) {
            due.add(new DueTimer.RunTimeout(state.runExpirationTime));
        }
        WorkflowTaskState task = state.workflowTask;
        if (task != null) {
            if (task.isStarted()) {
                due.add(new DueTimer.WorkflowTaskStartToClose(task.startedTime.plus(state.workflowTaskTimeout),
                        task.scheduledEventId));
            } else {
                if (task.queuedTask == null) {
                    due.add(new DueTimer.WorkflowTaskAvailable(task.availableTime, task.scheduledEventId));
                }
                if (task.stickyDeadline != null) {
                    due.add(new DueTimer.StickyScheduleToStart(task.stickyDeadline, task.scheduledEventId));
                }
            }
        }
        for (ActivityState activity : state.activities.values()) {
            if (activity.status == ActivityState.Status.SCHEDULED) {
                if (activity.queuedTask == null) {
                    due.add(new DueTimer.ActivityAvailable(activity.attemptScheduledTime, activity));
                }
                if (activity.scheduleToStartTimeout != null) {
                    due.add(new DueTimer.ActivityScheduleToStart(
                            activity.attemptScheduledTime.plus(activity.scheduleToStartTimeout), activity));
                }
            } else {
                if (activity.startToCloseTimeout != null) {
                    due.add(new DueTimer.ActivityStartToClose(
                            activity.startedTime.plus(activity.startToCloseTimeout), activity));
                }
                if (activity.heartbeatTimeout != null) {
                    due.add(new DueTimer.ActivityHeartbeat(activity.heartbeatDeadline(), activity));
                }
            }
            if (activity.scheduleToCloseTimeout != null) {
                due.add(new DueTimer.ActivityScheduleToClose(
                        activity.scheduledTime.plus(activity.scheduleToCloseTimeout), activity));
            }
        }
        for (TimerState timer : state.timers.values()) {
            due.add(new DueTimer.UserTimer(timer.fireTime(), timer));
        }
        return due;
    }

    /** The earliest time anything of the run is due, or {@code null}. */
    public static Instant earliest(MutableState state) {
        Instant earliest = null;
        for (DueTimer timer : all(state)) {
            if (earliest == null || timer.due().isBefore(earliest)) {
                earliest = timer.due();
            }
        }
        return earliest;
    }

    /** The first item due at or before {@code now} in the deterministic order, or {@code null}. */
    public static DueTimer firstDue(MutableState state, Instant now) {
        DueTimer first = null;
        for (DueTimer timer : all(state)) {
            if (!timer.due().isAfter(now) && (first == null || ORDER.compare(timer, first) < 0)) {
                first = timer;
            }
        }
        return first;
    }
}
