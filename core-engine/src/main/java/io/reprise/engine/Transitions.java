package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.cluster.ShardEpoch;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.DueTimer;
import io.reprise.engine.history.DueTimers;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.HistorySettings;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.NextRun;
import io.reprise.engine.history.StartWorkflowProcessor;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.history.WorkflowTaskState;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ConcurrentUpdateException;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.NotShardOwnerException;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.store.Transition;
import io.reprise.engine.timer.EngineClock;
import io.reprise.engine.timer.TimerService;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transition path every change of a run goes through: take the run's lock, (re)load its
 * state, let a processor append events and change the state, commit one {@link Transition}, and
 * only after the commit succeeded run the effects: dispatch tasks that became available, re-arm
 * the run's timer, queue what the run asks of other runs ({@link OutboundQueue}), and, when the
 * run closed, wake the outcome waiters.
 *
 * <p>If a commit fails the cached state is dropped (it was changed in place) and reloaded from
 * the store on next access, at the latest when the run's timer, armed at once, fires; the caller
 * gets {@code UNAVAILABLE} and nothing happened. A commit the store reports failed but applied (its
 * connection died during the database's {@code COMMIT}) counts as committed: see {@link #appliedAfterAll}.
 */
final class Transitions {

    private static final Logger log = LoggerFactory.getLogger(Transitions.class);
    /** Guard against a processor that leaves its item due (a bug): stop after this many steps. */
    private static final int MAX_DUE_STEPS = 10_000;
    /** When handling due timers failed (the store is down), try again this much later. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final ExecutionStore store;
    private final EngineClock clock;
    private final HistorySettings settings;
    private final MatchingService matching;
    private final TimerService<ExecutionKey> timers;
    private final ExecutionRegistry registry;
    /** Started workflow tasks and activity attempts of all open runs (for {@link TimeSkippingChecks#isBusy}). */
    private final AtomicInteger startedTasks = new AtomicInteger();
    /** Grows whenever {@link #startedTasks} changes. */
    private final AtomicLong startedTaskChanges = new AtomicLong();
    /** Told about starts, closes and activity timeouts after their commit. */
    private final EngineMetricsListener metrics;
    /** Gets what runs ask of other runs (children, signals, cancellations) after each commit. */
    private final OutboundQueue outbound;
    /** Told about each run that closed (its key and close time) after the commit. */
    private final BiConsumer<ExecutionKey, Instant> closeListener;
    /** Starts activities in the commit that schedules them when a poller waits for them. */
    private final ActivityStartOnMatch activityStarts;
    /** Which runs this engine may change, and the fence of their transitions (a cluster node's shard leases). */
    private final ShardOwnership ownership;

    Transitions(ExecutionStore store, EngineClock clock, HistorySettings settings, MatchingService matching,
            TimerService<ExecutionKey> timers, ExecutionRegistry registry, EngineMetricsListener metrics,
            OutboundQueue outbound, BiConsumer<ExecutionKey, Instant> closeListener,
            ActivityStartOnMatch activityStarts, ShardOwnership ownership) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.matching = matching;
        this.timers = timers;
        this.registry = registry;
        this.metrics = metrics;
        this.outbound = outbound;
        this.closeListener = closeListener;
        this.activityStarts = activityStarts;
        this.ownership = ownership;
    }

    /** The engine's time, to the millisecond (the precision the store keeps). */
    Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }

    TransitionContext begin(MutableState state) {
        return new TransitionContext(state, now(), settings);
    }

    int startedTasks() {
        return startedTasks.get();
    }

    long startedTaskChanges() {
        return startedTaskChanges.get();
    }

    /**
     * Runs {@code operation} on the run's state under its lock. The state is reloaded first if it
     * was dropped; an open run not yet active in this process gets its tasks dispatched and its
     * timer armed.
     *
     * @throws NotOwnerException on a cluster node that does not own the run's shard (any more): the entry is
     *     forgotten, so nothing of the run is kept or armed here
     */
    <R> R locked(RunEntry run, Function<MutableState, R> operation) {
        run.lock.lock();
        try {
            if (run.discarded) {
                throw EngineException.notFound("Workflow execution not found: " + run.key + " (its start failed)");
            }
            NotOwnerException lost = run.lostRefusal();
            if (lost != null) {
                throw lost;
            }
            try {
                ownership.requireOwned(run.key.namespace(), run.key.workflowId());
            } catch (NotOwnerException e) {
                // Adopted from the store just as the shard was lost (or by a call that raced with the loss).
                registry.forget(run);
                run.state = null;
                run.active = false;
                throw e;
            }
            MutableState state = run.state;
            if (state == null) {
                state = reload(run);
            }
            if (!state.isRunning() && registry.open(run.key) == run) {
                closedUnbeknown(run, state);
            }
            if (!run.active && state.isRunning()) {
                activate(run, state);
            }
            return operation.apply(state);
        } finally {
            countStartedTasks(run);
            run.lock.unlock();
        }
    }

    /**
     * Commits the transition (if it has anything to commit) and then runs its effects. The caller
     * holds the run's lock.
     *
     * @throws EngineException {@code UNAVAILABLE} when the store refused or failed the commit
     *     (cause: the store's exception); the state is then dropped
     */
    void commit(RunEntry run, TransitionContext tx) {
        MutableState state = tx.state();
        Successor successor = tx.successor() == null ? null : prepareSuccessor(run, tx);
        try {
            commitAndRunEffects(run, tx, state, successor);
        } finally {
            if (successor != null) {
                successor.entry.lock.unlock();
            }
        }
    }

    /** The next run of the Workflow Id, built and registered (locked) before the commit that starts it. */
    private record Successor(RunEntry entry, TransitionContext tx) {
    }

    private Successor prepareSuccessor(RunEntry run, TransitionContext tx) {
        NextRun next = tx.successor();
        RunEntry entry = new RunEntry(new ExecutionKey(run.key.namespace(), run.key.workflowId(), next.runId()));
        TransitionContext nextTx = StartWorkflowProcessor.startNext(entry.key, next, tx.now(), settings);
        // A retried signal, cancel or update that names no run reaches the successor: it must know what was applied.
        nextTx.state().recentRequests().inherit(tx.state().recentRequests());
        entry.state = nextTx.state();
        entry.active = true;
        entry.lock.lock();
        // Registered before the commit: the Workflow Id passes to it while the closing run is locked,
        // so no concurrent start slips in between.
        registry.opened(entry);
        return new Successor(entry, nextTx);
    }

    private void commitAndRunEffects(RunEntry run, TransitionContext tx, MutableState state, Successor successor) {
        List<ActivityStartOnMatch.Match> matched = List.of();
        if (tx.needsCommit()) {
            if (successor == null && !tx.closedRun() && state.isRunning()) {
                matched = activityStarts.startOnWaitingPollers(tx);
            }
            boolean committed = false;
            try {
                write(run, tx, state, successor);
                committed = true;
            } finally {
                if (!committed) {
                    ActivityStartOnMatch.release(matched);
                }
            }
        }
        if (tx.closedRun()) {
            onClosed(run, state, successor != null);
            if (successor != null) {
                startedSuccessor(successor);
            }
        } else if (state.isRunning()) {
            ActivityStartOnMatch.handOver(state, matched);
            dispatchReady(state);
            arm(state);
            outbound.afterCommit(run, state);
        }
    }

    /** Writes the transition (and the successor run's start) in one store commit; then the state is committed. */
    private void write(RunEntry run, TransitionContext tx, MutableState state, Successor successor) {
        long expectedVersion = state.version();
        List<HistoryEvent> events = tx.events();
        List<HistoryEvent> pending = state.unpersistedTaskEvents();
        List<HistoryEvent> written = events;
        if (!pending.isEmpty()) {
            written = new ArrayList<>(events.size() + pending.size());
            written.addAll(pending);
            written.addAll(events);
        }
        ExecutionRow row = StateCodec.toRow(state, expectedVersion + 1, nextTimerAt(state, tx.now()));
        HistoryBatch batch = written.isEmpty() ? null : EventCodec.encode(written);
        Transition next = null;
        if (successor != null) {
            MutableState nextState = successor.tx.state();
            next = new Transition(StateCodec.toRow(nextState, 1, nextTimerAt(nextState, tx.now())), 0,
                    EventCodec.encode(successor.tx.events()));
        }
        try {
            Transition transition = new Transition(row, expectedVersion, batch, next);
            ShardEpoch fence = ownership.fence(state.key());
            try {
                store.commit(fence == null ? transition : transition.fencedBy(fence));
            } catch (StoreException e) {
                if (!appliedAfterAll(row, e)) {
                    throw e;
                }
            }
        } catch (RuntimeException e) {
            if (successor != null) {
                successor.entry.discarded = true;
                registry.forget(successor.entry);
                registry.restoreRunning(run);
            }
            run.state = null;
            run.active = false;
            // A cluster node that lost the run's shard: nothing was written, and the run is not this node's to
            // reload; its entry goes when the loss is handled (ClusterNode.shardLost).
            if (e instanceof NotOwnerException notOwner) {
                throw notOwner;
            }
            if (e instanceof NotShardOwnerException fenced) {
                throw ownership.fencedOff(state.key(), fenced);
            }
            // Nobody may touch the run again (a task it had queued may be the one that failed):
            // fire its timer now, which reloads it and dispatches its tasks again.
            timers.schedule(state.key(), clock.now());
            throw commitFailed(state.key(), e);
        }
        state.committed(expectedVersion + 1, events);
        notifyUpdates(run, events);
        if (!events.isEmpty() && events.get(0).eventType() == EventType.WorkflowExecutionStarted) {
            metrics.workflowStarted(state.key().namespace(), state.taskQueue(), state.workflowType());
        }
    }

    /**
     * Whether a commit that failed with {@code failure} was applied all the same: a connection that dies during the
     * database's {@code COMMIT} fails the call after the transaction committed (PostgreSQL's
     * {@code pg_terminate_backend} does so in most of the commits it interrupts). Treated as not applied, such a
     * transition would lose the effects no reload brings back: a child's close would never reach its parent, a
     * child's start would never be dispatched. The stored row tells: it holds exactly the row this transition wrote
     * (the version is this transition's, and only the run's owner writes it). A definite refusal (a version or key
     * conflict, a fence) and a row that cannot be read count as not applied.
     */
    private boolean appliedAfterAll(ExecutionRow written, StoreException failure) {
        if (failure instanceof ConcurrentUpdateException || failure instanceof NotShardOwnerException) {
            return false;
        }
        ExecutionRow stored;
        try {
            stored = store.load(written.key()).orElse(null);
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
            return false;
        }
        boolean applied = stored != null && stored.version() == written.version()
                && stored.lastEventId() == written.lastEventId() && Arrays.equals(stored.state(), written.state());
        if (applied) {
            log.warn("The commit of a transition of execution {} to version {} was applied although the store reported"
                    + " it failed ({}); it counts as committed", written.key(), written.version(), failure.getMessage());
        }
        return applied;
    }

    /** Hands the results of updates whose handlers completed in this transition to their callers. */
    private static void notifyUpdates(RunEntry run, List<HistoryEvent> events) {
        for (HistoryEvent event : events) {
            if (event.attributes() instanceof EventAttributes.WorkflowExecutionUpdateCompleted completed) {
                run.updateCompleted(completed.updateId(), completed.failure() == null
                        ? MessageResult.success(completed.result()) : MessageResult.failure(completed.failure()));
            }
        }
    }

    private void startedSuccessor(Successor successor) {
        MutableState state = successor.tx.state();
        state.committed(1, successor.tx.events());
        metrics.workflowStarted(state.key().namespace(), state.taskQueue(), state.workflowType());
        dispatchReady(state);
        arm(state);
    }

    /**
     * Applies a workflow task start without writing it: its WorkflowTaskStarted goes with the
     * run's next commit (see {@link MutableState#startedWithoutCommit}). Saves one commit per
     * workflow task; then runs the effects as {@link #commit} does.
     */
    void startWithoutCommit(TransitionContext tx) {
        MutableState state = tx.state();
        List<HistoryEvent> events = tx.events();
        boolean started = !events.isEmpty() && events.size() <= 2
                && events.get(events.size() - 1).eventType() == EventType.WorkflowTaskStarted
                && (events.size() == 1 || events.get(0).eventType() == EventType.WorkflowTaskScheduled);
        if (!started) {
            throw new IllegalStateException("only a WorkflowTaskStarted (after the WorkflowTaskScheduled of a retry)"
                    + " may wait for the next commit, got " + events);
        }
        state.startedWithoutCommit(events);
        if (state.isRunning()) {
            dispatchReady(state);
            arm(state);
        }
    }

    /**
     * Runs the effects of a workflow task taken back without a commit (its start was only in memory): the task is
     * dispatched again and the run's timer re-armed without its Start-To-Close timeout.
     */
    void handedBack(MutableState state) {
        dispatchReady(state);
        arm(state);
    }

    /** Dispatches the run's available tasks and arms its timer. */
    void activate(RunEntry run, MutableState state) {
        dispatchReady(state);
        arm(state);
        run.active = true;
        outbound.onActivate(run, state);
    }

    /** Handles everything of the run that is due now, each item through the normal transition path. */
    void fireDue(ExecutionKey key) {
        RunEntry run = registry.open(key);
        if (run == null) {
            return;
        }
        try {
            locked(run, state -> {
                for (int step = 0; step < MAX_DUE_STEPS && state.isRunning(); step++) {
                    TransitionContext tx = begin(state);
                    DueTimer due = DueTimers.firstDue(state, tx.now());
                    if (due == null) {
                        break;
                    }
                    due.fire(tx);
                    commit(run, tx);
                    countTimeout(state, due);
                }
                if (state.isRunning()) {
                    arm(state);
                }
                return null;
            });
        } catch (NotOwnerException e) {
            log.debug("The due timers of execution {} are not this node's any more: {}", key, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("Handling the due timers of execution {} failed; trying again in {}", key, RETRY_AFTER_FAILURE, e);
            timers.schedule(key, clock.now().plus(RETRY_AFTER_FAILURE));
        }
    }

    private void countTimeout(MutableState state, DueTimer due) {
        ActivityState activity;
        TimeoutType type;
        switch (due) {
            case DueTimer.ActivityStartToClose d -> {
                activity = d.activity();
                type = TimeoutType.START_TO_CLOSE;
            }
            case DueTimer.ActivityScheduleToStart d -> {
                activity = d.activity();
                type = TimeoutType.SCHEDULE_TO_START;
            }
            case DueTimer.ActivityScheduleToClose d -> {
                activity = d.activity();
                type = TimeoutType.SCHEDULE_TO_CLOSE;
            }
            case DueTimer.ActivityHeartbeat d -> {
                activity = d.activity();
                type = TimeoutType.HEARTBEAT;
            }
            default -> {
                return;
            }
        }
        metrics.activityTimedOut(state.key().namespace(), activity.taskQueue(), activity.activityType(), type);
    }

    /**
     * Forgets a run of a shard this cluster node lost: its timer is cancelled, its queued tasks are dropped from
     * matching, its cached state goes, and its waiters (outcome, updates) and every later use of the entry get
     * {@code refusal}. The caller took the entry out of the registry.
     */
    void drop(RunEntry run, NotOwnerException refusal) {
        timers.schedule(run.key, null);
        // The timer is the run's, not the entry's: if the node took the shard back meanwhile and a new entry of the
        // run is active already (adopted by a call before this drop), the line above cancelled that entry's timer,
        // and its recovery found it active and did not arm it again. Arm it again here.
        RunEntry current = registry.openEntry(run.key);
        if (current != null && current != run) {
            current.lock.lock();
            try {
                if (current.active && current.state != null && current.state.isRunning()) {
                    arm(current.state);
                }
            } finally {
                current.lock.unlock();
            }
        }
        run.lock.lock();
        try {
            MutableState state = run.state;
            if (state != null) {
                WorkflowTaskState task = state.workflowTask();
                if (task != null && task.queuedTask() != null) {
                    task.queuedTask().markStale();
                }
                for (ActivityState activity : state.activities()) {
                    if (activity.queuedTask() != null) {
                        activity.queuedTask().markStale();
                    }
                }
            }
            run.state = null;
            run.active = false;
            run.lost(refusal);
        } finally {
            countStartedTasks(run);
            run.lock.unlock();
        }
    }

    /** The outcome of a closed run. */
    WorkflowOutcome outcome(MutableState state) {
        HistoryEvent closeEvent = state.closeEvent();
        if (closeEvent == null) {
            List<HistoryEvent> last = EventCodec.read(store, state.key(), state.lastEventId(), state.lastEventId());
            if (last.isEmpty()) {
                throw new EngineException(EngineException.Code.INTERNAL, "The close event of execution "
                        + state.key() + " (event " + state.lastEventId() + ") is missing from the store");
            }
            closeEvent = last.get(0);
        }
        return new WorkflowOutcome(state.execution(), state.workflowType(), state.status(), closeEvent);
    }

    private MutableState reload(RunEntry run) {
        ExecutionRow row;
        try {
            row = store.load(run.key).orElse(null);
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to load execution "
                    + run.key + ": " + e.getMessage() + "; retry the request", e);
        }
        if (row == null) {
            throw new EngineException(EngineException.Code.INTERNAL, "Execution " + run.key
                    + " is known to the engine but missing from the store");
        }
        MutableState state = StateCodec.fromRow(row);
        run.state = state;
        run.active = false;
        return state;
    }

    private void onClosed(RunEntry run, MutableState state, boolean continues) {
        onClosed(run, state, outcome(state), continues);
    }

    private void onClosed(RunEntry run, MutableState state, WorkflowOutcome outcome, boolean continues) {
        state.forgetCachedEvents();
        timers.schedule(state.key(), null);
        registry.closed(run);
        closeListener.accept(state.key(), state.closeTime());
        metrics.workflowClosed(state.key().namespace(), state.taskQueue(), state.workflowType(), state.status(),
                state.closeTime() == null ? Duration.ZERO : Duration.between(state.startTime(), state.closeTime()));
        run.closed(outcome);
        outbound.onClosed(run, state, outcome, continues);
    }

    /**
     * Handles the close of a run found closed (when it was reloaded) while this engine still had it open: the commit
     * that closed it was applied although it failed as far as this engine could tell (its connection died during
     * the database's {@code COMMIT}, and {@link #appliedAfterAll} could not read the row to tell). What follows a
     * close happens now: the parent hears of it, the waiters get the outcome, and a next run (continue-as-new, a
     * retry, cron) that the same commit started is adopted and its timer fired, which activates it.
     */
    private void closedUnbeknown(RunEntry run, MutableState state) {
        WorkflowOutcome outcome = outcome(state); // read before any effect: if it fails, the next access tries again
        String next = nextRunId(outcome.closeEvent().attributes());
        log.warn("Execution {} closed in a commit this engine counted as failed; its close is handled now", run.key);
        onClosed(run, state, outcome, next != null);
        if (next != null) {
            // Found after the close above, so the next run becomes the Workflow Id's running one.
            ExecutionKey nextKey = new ExecutionKey(run.key.namespace(), run.key.workflowId(), next);
            if (registry.find(nextKey) != null) {
                timers.schedule(nextKey, clock.now());
            }
        }
    }

    /** The run a close event started, if any. */
    private static String nextRunId(EventAttributes closeEvent) {
        return switch (closeEvent) {
            case EventAttributes.WorkflowExecutionContinuedAsNew c -> c.newExecutionRunId();
            case EventAttributes.WorkflowExecutionCompleted c -> c.newExecutionRunId();
            case EventAttributes.WorkflowExecutionFailed f -> f.newExecutionRunId();
            case EventAttributes.WorkflowExecutionTimedOut t -> t.newExecutionRunId();
            default -> null;
        };
    }

    /** Puts every scheduled task whose time has come into its queue. */
    private void dispatchReady(MutableState state) {
        Instant now = now();
        ExecutionKey key = state.key();
        WorkflowTaskState task = state.workflowTask();
        if (task != null && task.isReadyForDispatch(now)) {
            boolean sticky = !task.taskQueue().equals(state.taskQueue());
            WorkflowTaskRef ref = new WorkflowTaskRef(key, sticky);
            task.dispatched(ref);
            matching.dispatch(new TaskQueueId(key.namespace(), task.taskQueue(), TaskQueueKind.WORKFLOW), ref);
        }
        for (ActivityState activity : state.activities()) {
            if (activity.isReadyForDispatch(now)) {
                ActivityTaskRef ref = new ActivityTaskRef(key, activity.scheduledEventId());
                activity.dispatched(ref);
                matching.dispatch(new TaskQueueId(key.namespace(), activity.taskQueue(), TaskQueueKind.ACTIVITY), ref);
            }
        }
    }

    /** Arms the run's timer for its earliest due item. */
    void arm(MutableState state) {
        timers.schedule(state.key(), DueTimers.earliest(state));
    }

    /** The row's next timer: the earliest due item, not counting tasks about to be dispatched right away. */
    private static Instant nextTimerAt(MutableState state, Instant now) {
        Instant earliest = null;
        for (DueTimer due : DueTimers.all(state)) {
            if (due.dispatchOnly() && !due.due().isAfter(now)) {
                continue;
            }
            if (earliest == null || due.due().isBefore(earliest)) {
                earliest = due.due();
            }
        }
        return earliest;
    }

    private void countStartedTasks(RunEntry run) {
        MutableState state = run.state;
        int count = state == null ? 0 : state.startedTaskCount();
        if (count != run.countedStartedTasks) {
            startedTasks.addAndGet(count - run.countedStartedTasks);
            startedTaskChanges.incrementAndGet();
            run.countedStartedTasks = count;
        }
    }

    private static EngineException commitFailed(ExecutionKey key, RuntimeException e) {
        if (e instanceof ConcurrentUpdateException) {
            return new EngineException(EngineException.Code.UNAVAILABLE, "Execution " + key
                    + " was changed by someone else since this engine read it; nothing was changed, retry the request",
                    e);
        }
        if (e instanceof StoreException) {
            return new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to commit a transition"
                    + " of execution " + key + ": " + e.getMessage() + "; nothing was changed, retry the request", e);
        }
        return new EngineException(EngineException.Code.INTERNAL, "Committing a transition of execution " + key
                + " failed: " + e, e);
    }
}
