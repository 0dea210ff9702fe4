package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one run, derived from its history: what is open (workflow task, activities,
 * timers), what is due when, and where the history stands. It changes only inside a transition
 * (under the run's lock) and is written to the store as a snapshot with every commit.
 *
 * <p>Two things live here that are not yet history:
 * <ul>
 *   <li>attempt-level activity fields (see {@link ActivityState});</li>
 *   <li>buffered events: what the workflow must see (an activity closed, a timer fired) while a
 *       workflow task is started. As in Temporal, they are written after that task's
 *       WorkflowTaskCompleted/Failed/TimedOut, so a task's history is never interleaved with
 *       events its code did not see. They are part of the snapshot, so a commit makes them durable.</li>
 * </ul>
 *
 * <p>Not thread-safe: the owner holds the run's lock.
 */
public final class MutableState {

    final ExecutionKey key;
    final String workflowType;
    final String taskQueue;
    final Instant startTime;
    final String requestId;
    final Duration workflowTaskTimeout;
    /** When the run times out (execution or run timeout, whichever comes first), or {@code null}. */
    final Instant runExpirationTime;

    WorkflowExecutionStatus status = WorkflowExecutionStatus.RUNNING;
    Instant closeTime;
    long nextEventId = 1;
    /** The store's version of this run's row; 0 before the first commit. */
    long version;
    /** WorkflowTaskStarted id of the last completed workflow task; 0 for none. */
    long previousStartedEventId;
    /** The queue the worker that completed the last task asked for, or {@code null}. */
    String stickyTaskQueue;
    WorkflowTaskState workflowTask;
    final LinkedHashMap<Long, ActivityState> activities = new LinkedHashMap<>();
    final Map<String, Long> activityIds = new HashMap<>();
    final LinkedHashMap<String, TimerState> timers = new LinkedHashMap<>();
    // The chain of runs of this Workflow Id (continue-as-new, retries, cron), carried to the next run.
    /** The first run of the chain; {@code null} means this run. */
    String firstExecutionRunId;
    /** The workflow's attempt (1-based; retries of the workflow count up). */
    int attempt = 1;
    RetryPolicy retryPolicy;
    String cronSchedule;
    Duration executionTimeout;
    /** When the whole chain times out, or {@code null}. */
    Instant executionExpirationTime;
    Duration runTimeout;
    /** The run's input, kept only when a retry or the next cron run needs it. */
    List<Payload> input = List.of();
    /** The run's header (WorkflowExecutionStarted), kept only when a retry or the next cron run needs it. */
    Map<String, Payload> header = Map.of();
    /** The run that started this one as a child, or {@code null}. */
    EventAttributes.ParentExecution parentExecution;

    /** Children started by this run that have not closed, by initiated event id. */
    final LinkedHashMap<Long, PendingChild> children = new LinkedHashMap<>(0);
    /** Signals and cancellation requests to other executions not yet delivered, by initiated event id. */
    final LinkedHashMap<Long, PendingExternal> externals = new LinkedHashMap<>(0);
    /** In memory only: the outbound items (children, externals) being delivered by this process now. */
    private final java.util.Set<Long> outboundInFlight = new java.util.HashSet<>(0);

    /** Whether a client asked to cancel the run (WorkflowExecutionCancelRequested is recorded). */
    boolean cancelRequested;
    /** The signal names the workflow code declared it handles; {@code null} until its first workflow task completes. */
    List<String> signalNames;
    /** The request ids of the latest signal, cancel, terminate and update calls applied to the run. */
    final RecentRequests recentRequests = new RecentRequests();
    /** Ids of accepted updates whose handlers have not completed yet. */
    final java.util.LinkedHashSet<String> pendingUpdates = new java.util.LinkedHashSet<>(0);
    /** Events waiting for the started workflow task to close; their ids are assigned then (0 until). */
    final List<HistoryEvent> bufferedEvents = new ArrayList<>(0);

    /**
     * Memo and custom search attributes, as set at start and changed by the workflow code. Stored in the row's
     * own {@code visibility} column (not in the snapshot), which a listing reads without the snapshot.
     */
    VisibilityAttributes visibility = VisibilityAttributes.EMPTY;

    /** In memory only: committed events with ids above {@link #previousStartedEventId}; {@code null} when unknown. */
    private ArrayList<HistoryEvent> recentEvents;
    /**
     * In memory only: the events of the started workflow task that are not yet in the store: its
     * WorkflowTaskStarted, preceded by its WorkflowTaskScheduled when the attempt is a retry (whose
     * events are transient, see {@link WorkflowTasks#scheduleRetry}). They are written with the next
     * commit of the run (at the latest the task's completion): events that arrive meanwhile are held
     * back, so nothing can take their ids. If the process dies first, the store still shows the task
     * scheduled, and it is dispatched again.
     */
    List<HistoryEvent> unpersistedTaskEvents = List.of();
    /** In memory only: the close event, once closed in this process. */
    HistoryEvent closeEvent;

    MutableState(ExecutionKey key, String workflowType, String taskQueue, Instant startTime, String requestId,
            Duration workflowTaskTimeout, Instant runExpirationTime) {
        this.key = key;
        this.workflowType = workflowType;
        this.taskQueue = taskQueue;
        this.startTime = startTime;
        this.requestId = requestId;
        this.workflowTaskTimeout = workflowTaskTimeout;
        this.runExpirationTime = runExpirationTime;
    }

    public ExecutionKey key() {
        return key;
    }

    public WorkflowExecution execution() {
        return new WorkflowExecution(key.workflowId(), key.runId());
    }

    public String workflowType() {
        return workflowType;
    }

    public String taskQueue() {
        return taskQueue;
    }

    public Instant startTime() {
        return startTime;
    }

    public String requestId() {
        return requestId;
    }

    public Duration workflowTaskTimeout() {
        return workflowTaskTimeout;
    }

    public Instant runExpirationTime() {
        return runExpirationTime;
    }

    public WorkflowExecutionStatus status() {
        return status;
    }

    public boolean isRunning() {
        return status == WorkflowExecutionStatus.RUNNING;
    }

    public Instant closeTime() {
        return closeTime;
    }

    public long version() {
        return version;
    }

    public long lastEventId() {
        return nextEventId - 1;
    }

    public long previousStartedEventId() {
        return previousStartedEventId;
    }

    public String stickyTaskQueue() {
        return stickyTaskQueue;
    }

    public WorkflowTaskState workflowTask() {
        return workflowTask;
    }

    public ActivityState activity(long scheduledEventId) {
        return activities.get(scheduledEventId);
    }

    /** The open activity with this Activity Id, or {@code null}. */
    public ActivityState activityById(String activityId) {
        Long scheduledEventId = activityIds.get(activityId);
        return scheduledEventId == null ? null : activities.get(scheduledEventId);
    }

    /** Open activities in the order they were scheduled. */
    public Collection<ActivityState> activities() {
        return activities.values();
    }

    public Collection<TimerState> timers() {
        return timers.values();
    }

    public int attempt() {
        return attempt;
    }

    /** The first run of this Workflow Id's chain of runs. */
    public String firstExecutionRunId() {
        return firstExecutionRunId != null ? firstExecutionRunId : key.runId();
    }

    public EventAttributes.ParentExecution parentExecution() {
        return parentExecution;
    }

    public java.util.Collection<PendingChild> children() {
        return children.values();
    }

    public java.util.Collection<PendingExternal> externals() {
        return externals.values();
    }

    /** Marks an outbound item as being delivered by this process; {@code false} when it already is. */
    public boolean claimOutbound(long initiatedEventId) {
        return outboundInFlight.add(initiatedEventId);
    }

    /** The delivery of an outbound item ended (delivered, or failed and to be retried later). */
    public void releaseOutbound(long initiatedEventId) {
        outboundInFlight.remove(initiatedEventId);
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    /** The request ids of the latest calls applied to the run (a retry of one of them is not applied again). */
    public RecentRequests recentRequests() {
        return recentRequests;
    }

    /** Whether an accepted update with this id has not completed yet. */
    public boolean isUpdatePending(String updateId) {
        return pendingUpdates.contains(updateId);
    }

    /** The run's memo and custom search attributes as they are now. */
    public VisibilityAttributes visibility() {
        return visibility;
    }

    public HistoryEvent closeEvent() {
        return closeEvent;
    }

    /** Number of tasks a worker is processing right now (a started workflow task, started activity attempts). */
    public int startedTaskCount() {
        int count = workflowTask != null && workflowTask.isStarted() ? 1 : 0;
        for (ActivityState activity : activities.values()) {
            if (activity.status == ActivityState.Status.STARTED) {
                count++;
            }
        }
        return count;
    }

    /**
     * Forgets the sticky queue; a scheduled task moves to the normal queue. Used at recovery,
     * since the workers that owned sticky queues died with the previous process.
     */
    public void clearStickiness() {
        stickyTaskQueue = null;
        if (workflowTask != null && workflowTask.status == WorkflowTaskState.Status.SCHEDULED) {
            workflowTask.retireQueuedTask();
            workflowTask.taskQueue = taskQueue;
            workflowTask.stickyDeadline = null;
        }
    }

    /**
     * Committed events from {@code fromEventId} on, if this state still holds them all in memory
     * (it holds those after the last completed workflow task); {@code null} otherwise.
     */
    public List<HistoryEvent> cachedEventsFrom(long fromEventId) {
        if (recentEvents == null) {
            return null;
        }
        long first = recentEvents.isEmpty() ? nextEventId : recentEvents.get(0).eventId();
        if (fromEventId < first) {
            return null;
        }
        int skip = (int) (fromEventId - first);
        return skip >= recentEvents.size() ? List.of() : List.copyOf(recentEvents.subList(skip, recentEvents.size()));
    }

    /** The started workflow task's events not yet in the store (see {@link #unpersistedTaskEvents}); empty for none. */
    public List<HistoryEvent> unpersistedTaskEvents() {
        return unpersistedTaskEvents;
    }

    /** A workflow task started without a commit: its events wait for the run's next commit. */
    public void startedWithoutCommit(List<HistoryEvent> taskEvents) {
        unpersistedTaskEvents = List.copyOf(taskEvents);
        cache(taskEvents);
    }

    /**
     * Forgets the events of a started retry attempt that never reached the store (its
     * WorkflowTaskScheduled and WorkflowTaskStarted), giving their ids back: the attempt failed or
     * timed out, and like Temporal the history keeps only the first failure of a series.
     *
     * @return whether there were such events; {@code false} when the attempt is in history
     */
    boolean discardTransientTaskEvents() {
        if (unpersistedTaskEvents.size() != 2) {
            return false;
        }
        long first = unpersistedTaskEvents.get(0).eventId();
        long last = unpersistedTaskEvents.get(1).eventId();
        if (nextEventId != last + 1) {
            throw new IllegalStateException("events " + first + ".." + last + " of a retry are not the last ones"
                    + " (next id " + nextEventId + ")");
        }
        nextEventId = first;
        if (recentEvents != null) {
            recentEvents.removeIf(event -> event.eventId() >= first);
        }
        unpersistedTaskEvents = List.of();
        return true;
    }

    /**
     * Forgets the started workflow task's events that never reached the store (its WorkflowTaskStarted, and a
     * retry's WorkflowTaskScheduled), giving their ids back, when they are still the last events.
     *
     * @return whether there were such events
     */
    boolean discardUnpersistedTaskEvents() {
        if (unpersistedTaskEvents.isEmpty()) {
            return false;
        }
        long first = unpersistedTaskEvents.get(0).eventId();
        long last = unpersistedTaskEvents.get(unpersistedTaskEvents.size() - 1).eventId();
        if (nextEventId != last + 1) {
            return false;
        }
        nextEventId = first;
        if (recentEvents != null) {
            recentEvents.removeIf(event -> event.eventId() >= first);
        }
        unpersistedTaskEvents = List.of();
        return true;
    }

    /** Called once a transition is durable: the new version, and the events it appended. */
    public void committed(long newVersion, List<HistoryEvent> appended) {
        version = newVersion;
        unpersistedTaskEvents = List.of();
        cache(appended);
    }

    private void cache(List<HistoryEvent> appended) {
        if (recentEvents == null) {
            // A reloaded state does not know its older events; it starts caching as soon as it
            // appends the first event after the last completed workflow task.
            for (int i = 0; i < appended.size(); i++) {
                if (appended.get(i).eventId() == previousStartedEventId + 1) {
                    recentEvents = new ArrayList<>(appended.subList(i, appended.size()));
                    break;
                }
            }
            return;
        }
        int drop = 0;
        while (drop < recentEvents.size() && recentEvents.get(drop).eventId() <= previousStartedEventId) {
            drop++;
        }
        if (drop > 0) {
            recentEvents.subList(0, drop).clear();
        }
        recentEvents.addAll(appended);
    }

    /** Drops the in-memory event cache (a closed run no longer needs it). */
    public void forgetCachedEvents() {
        recentEvents = null;
    }

    void addActivity(ActivityState activity) {
        activities.put(activity.scheduledEventId, activity);
        activityIds.put(activity.activityId, activity.scheduledEventId);
    }

    void removeActivity(ActivityState activity) {
        activity.retireQueuedTask();
        activities.remove(activity.scheduledEventId);
        activityIds.remove(activity.activityId, activity.scheduledEventId);
    }

    /** Closes the run: everything still pending is abandoned (its later completions get NOT_FOUND). */
    void close(WorkflowExecutionStatus closeStatus, Instant now, HistoryEvent event) {
        status = closeStatus;
        closeTime = now;
        closeEvent = event;
        if (workflowTask != null) {
            workflowTask.retireQueuedTask();
            workflowTask = null;
        }
        for (ActivityState activity : activities.values()) {
            activity.retireQueuedTask();
        }
        activities.clear();
        activityIds.clear();
        timers.clear();
        pendingUpdates.clear();
        externals.clear();
        stickyTaskQueue = null;
    }
}
