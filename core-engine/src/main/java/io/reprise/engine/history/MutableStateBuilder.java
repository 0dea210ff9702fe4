package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Builds a {@link MutableState} from a stored form other than {@link StateCodec}'s, field by field: for code
 * outside this package that reads such a form (the migration of schema-4 stores). A field not set keeps the
 * value a new run has. In-memory caches (recent events, activity inputs, queue entries) start empty, as after
 * {@link StateCodec#fromRow}.
 */
public final class MutableStateBuilder {

    private final MutableState state;

    /** A run with the fields fixed at its start. */
    public MutableStateBuilder(ExecutionKey key, String workflowType, String taskQueue, Instant startTime,
            String requestId, Duration workflowTaskTimeout, Instant runExpirationTime) {
        state = new MutableState(key, workflowType, taskQueue, startTime, requestId, workflowTaskTimeout,
                runExpirationTime);
    }

    public MutableStateBuilder status(WorkflowExecutionStatus status, Instant closeTime) {
        state.status = status;
        state.closeTime = closeTime;
        return this;
    }

    /** The store's version of the row and the id of the run's last event. */
    public MutableStateBuilder stored(long version, long lastEventId) {
        state.version = version;
        state.nextEventId = lastEventId + 1;
        return this;
    }

    public MutableStateBuilder visibility(VisibilityAttributes visibility) {
        state.visibility = visibility;
        return this;
    }

    public MutableStateBuilder previousStartedEventId(long previousStartedEventId) {
        state.previousStartedEventId = previousStartedEventId;
        return this;
    }

    public MutableStateBuilder stickyTaskQueue(String stickyTaskQueue) {
        state.stickyTaskQueue = stickyTaskQueue;
        return this;
    }

    /** The run's current workflow task (see {@link WorkflowTaskState} for the fields). */
    public MutableStateBuilder workflowTask(WorkflowTaskState.Status status, long scheduledEventId, int attempt,
            String taskQueue, Instant scheduledTime, Instant availableTime, Instant stickyDeadline,
            long startedEventId, Instant startedTime, String startedIdentity) {
        WorkflowTaskState task = new WorkflowTaskState(scheduledEventId, attempt, taskQueue, scheduledTime,
                availableTime);
        task.status = status;
        task.stickyDeadline = stickyDeadline;
        task.startedEventId = startedEventId;
        task.startedTime = startedTime;
        task.startedIdentity = startedIdentity;
        state.workflowTask = task;
        return this;
    }

    /** Adds an open activity, in scheduling order; set its attempt with the returned builder. */
    public Activity activity(long scheduledEventId, String activityId, String activityType, String taskQueue,
            Duration scheduleToCloseTimeout, Duration scheduleToStartTimeout, Duration startToCloseTimeout,
            Duration heartbeatTimeout, RetryPolicy retryPolicy, Instant scheduledTime) {
        ActivityState activity = new ActivityState(scheduledEventId, activityId, activityType, taskQueue,
                scheduleToCloseTimeout, scheduleToStartTimeout, startToCloseTimeout, heartbeatTimeout, retryPolicy,
                scheduledTime);
        state.addActivity(activity);
        return new Activity(activity);
    }

    public MutableStateBuilder timer(TimerState timer) {
        state.timers.put(timer.timerId(), timer);
        return this;
    }

    public MutableStateBuilder bufferedEvents(List<HistoryEvent> events) {
        state.bufferedEvents.addAll(events);
        return this;
    }

    public MutableStateBuilder cancelRequested(boolean cancelRequested) {
        state.cancelRequested = cancelRequested;
        return this;
    }

    /** The signal names the workflow code declared, or {@code null} before it declared any. */
    public MutableStateBuilder signalNames(List<String> signalNames) {
        state.signalNames = signalNames == null ? null : List.copyOf(signalNames);
        return this;
    }

    public MutableStateBuilder pendingUpdates(List<String> updateIds) {
        state.pendingUpdates.addAll(updateIds);
        return this;
    }

    /** The chain of runs: its first run ({@code null}: this one), this run's attempt, retry policy and cron. */
    public MutableStateBuilder chain(String firstExecutionRunId, int attempt, RetryPolicy retryPolicy,
            String cronSchedule) {
        state.firstExecutionRunId = firstExecutionRunId;
        state.attempt = attempt;
        state.retryPolicy = retryPolicy;
        state.cronSchedule = cronSchedule;
        return this;
    }

    public MutableStateBuilder timeouts(Duration executionTimeout, Instant executionExpirationTime,
            Duration runTimeout) {
        state.executionTimeout = executionTimeout;
        state.executionExpirationTime = executionExpirationTime;
        state.runTimeout = runTimeout;
        return this;
    }

    public MutableStateBuilder input(List<Payload> input) {
        state.input = List.copyOf(input);
        return this;
    }

    public MutableStateBuilder child(PendingChild child) {
        state.children.put(child.initiatedEventId(), child);
        return this;
    }

    public MutableStateBuilder external(PendingExternal external) {
        state.externals.put(external.initiatedEventId(), external);
        return this;
    }

    public MutableStateBuilder parentExecution(EventAttributes.ParentExecution parentExecution) {
        state.parentExecution = parentExecution;
        return this;
    }

    public MutableState build() {
        return state;
    }

    /** The attempt-level fields of an open activity (see {@link ActivityState}). */
    public static final class Activity {
        private final ActivityState activity;

        private Activity(ActivityState activity) {
            this.activity = activity;
        }

        /** The current attempt: its status, number and when it was (or will be) put in its queue. */
        public Activity attempt(ActivityState.Status status, int attempt, Instant attemptScheduledTime) {
            activity.status = status;
            activity.attempt = attempt;
            activity.attemptScheduledTime = attemptScheduledTime;
            return this;
        }

        public Activity started(Instant startedTime, String startedIdentity) {
            activity.startedTime = startedTime;
            activity.startedIdentity = startedIdentity;
            return this;
        }

        /** What earlier attempts left: the last start, failure and worker. */
        public Activity previous(Instant lastStartedTime, Failure lastFailure, String lastWorkerIdentity) {
            activity.lastStartedTime = lastStartedTime;
            activity.lastFailure = lastFailure;
            activity.lastWorkerIdentity = lastWorkerIdentity;
            return this;
        }

        public Activity heartbeat(List<Payload> lastHeartbeatDetails, Instant lastHeartbeatTime) {
            activity.lastHeartbeatDetails = List.copyOf(lastHeartbeatDetails);
            activity.lastHeartbeatTime = lastHeartbeatTime;
            return this;
        }

        public Activity cancelRequestedEventId(long cancelRequestedEventId) {
            activity.cancelRequestedEventId = cancelRequestedEventId;
            return this;
        }
    }
}
