package io.reprise.engine;

import io.reprise.engine.history.ActivityAttemptFailedProcessor;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.history.WorkflowTaskState;
import io.reprise.engine.history.WorkflowTaskTimedOutProcessor;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store's open runs back when the engine starts: each run's state is read, its
 * stickiness dropped (sticky queues belonged to workers of the previous process), its scheduled
 * tasks dispatched and its timer armed.
 *
 * <p>With {@code expireInFlight} (the default), what the previous process's workers were running
 * is taken as lost with that process:
 * <ul>
 *   <li>a workflow task written as started times out at once (WorkflowTaskTimedOut, next attempt).
 *       A workflow task's start is usually not written (it waits for the run's next commit); such a
 *       task is in the store as scheduled and is simply dispatched again, same attempt;</li>
 *   <li>an activity attempt is always written as started before its worker gets it, so every
 *       attempt that was running is found here and handled as its Start-To-Close timeout, with a
 *       message saying the worker was lost: the retry policy decides, so the rerun is the next
 *       attempt (attempt + 1, counted against the maximum attempts and Schedule-To-Close), and
 *       when no attempt is left the activity fails with that timeout as its cause.</li>
 * </ul>
 * Without it, those tasks stay started until their Start-To-Close (or Heartbeat) timeout fires,
 * for workers that outlive the engine (remote workers of an engine server).
 *
 * <p>Runs are recovered in parallel (virtual threads) so their commits are grouped.
 *
 * <p>A cluster node recovers nothing when it starts, but one shard's open runs each time it acquires a shard
 * ({@link #runShard}), and never expires started tasks at once: the workers that run them are remote and outlive the
 * node that dispatched them (they complete them at the new owner, which the task token names by run, not by node),
 * so those tasks end by their own timeouts (Start-To-Close, Heartbeat) if no worker completes them.
 */
final class Recovery {

    private static final Logger log = LoggerFactory.getLogger(Recovery.class);

    private final ExecutionStore store;
    private final ExecutionRegistry registry;
    private final Transitions transitions;
    private final boolean expireInFlight;

    Recovery(ExecutionStore store, ExecutionRegistry registry, Transitions transitions, boolean expireInFlight) {
        this.store = store;
        this.registry = registry;
        this.transitions = transitions;
        this.expireInFlight = expireInFlight;
    }

    void run() {
        List<ExecutionRow> rows;
        try {
            rows = store.loadRunning();
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The engine cannot start: the store failed"
                    + " to list the open workflow executions: " + e.getMessage(), e);
        }
        recover(rows, "");
    }

    /** Recovers the open runs of {@code shard}, which this cluster node just acquired. */
    void runShard(int shard) {
        List<ExecutionRow> rows;
        try {
            rows = store.loadRunningInShard(shard);
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to list the open workflow"
                    + " executions of shard " + shard + ": " + e.getMessage(), e);
        }
        recover(rows, " of shard " + shard);
    }

    private void recover(List<ExecutionRow> rows, String where) {
        List<RunEntry> toExpire = new ArrayList<>();
        List<RunEntry> toActivate = new ArrayList<>(rows.size());
        for (ExecutionRow row : rows) {
            MutableState state = StateCodec.fromRow(row);
            state.clearStickiness();
            RunEntry entry = new RunEntry(row.key());
            entry.state = state;
            // A call may have adopted the run already (a cluster node serves a shard from its acquisition on).
            entry = registry.adopt(entry);
            (expireInFlight && hasStartedTasks(state) ? toExpire : toActivate).add(entry);
        }
        if (rows.isEmpty()) {
            return;
        }
        // Runs with started tasks commit their expiry: one virtual thread each, so those commits are
        // grouped. The others (most runs: waiting on a timer, a signal or a scheduled task) only get
        // their tasks dispatched and their timer armed, which commits nothing, so this thread does it.
        // With a virtual thread per run, 100,000 runs waiting on timers queued on the timer service's
        // lock: their restart took 5.0-5.7 s of CPU, 3.3 s this way (docs/benchmarks.md, issue 14).
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>(toExpire.size());
            for (RunEntry entry : toExpire) {
                done.add(executor.submit(() -> recover(entry)));
            }
            for (RunEntry entry : toActivate) {
                recoverLogged(entry);
            }
            for (Future<?> future : done) {
                try {
                    future.get();
                } catch (Exception e) {
                    log.warn("Recovering an execution failed; it is retried on its next access", e);
                }
            }
        }
        log.info("Recovered {} open workflow execution(s){}", rows.size(), where);
    }

    private static boolean hasStartedTasks(MutableState state) {
        WorkflowTaskState task = state.workflowTask();
        if (task != null && task.isStarted()) {
            return true;
        }
        for (ActivityState activity : state.activities()) {
            if (activity.status() == ActivityState.Status.STARTED) {
                return true;
            }
        }
        return false;
    }

    private void recoverLogged(RunEntry entry) {
        try {
            recover(entry);
        } catch (RuntimeException e) {
            log.warn("Recovering an execution failed; it is retried on its next access", e);
        }
    }

    private void recover(RunEntry run) {
        transitions.locked(run, state -> {
            if (expireInFlight) {
                expireStartedTasks(run, state);
            }
            return null;
        });
    }

    private void expireStartedTasks(RunEntry run, MutableState state) {
        WorkflowTaskState task = state.workflowTask();
        if (task != null && task.isStarted()) {
            TransitionContext tx = transitions.begin(state);
            WorkflowTaskTimedOutProcessor.timeOut(tx);
            transitions.commit(run, tx);
        }
        for (ActivityState activity : List.copyOf(state.activities())) {
            if (state.isRunning() && activity.status() == ActivityState.Status.STARTED) {
                TransitionContext tx = transitions.begin(state);
                ActivityAttemptFailedProcessor.workerLost(tx, activity);
                transitions.commit(run, tx);
            }
        }
    }
}
