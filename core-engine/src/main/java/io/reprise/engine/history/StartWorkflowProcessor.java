package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.RandomIds;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * Starts a run: WorkflowExecutionStarted, then its first WorkflowTaskScheduled, available at once
 * or after the run's backoff (a cron run waits for its fire time, a retry for its interval).
 */
public final class StartWorkflowProcessor {

    private StartWorkflowProcessor() {
    }

    /**
     * Creates the state of a new run and the transition that starts it. The request must have
     * been validated.
     *
     * @param taskTimeout the effective workflow task timeout (the request's, or the engine default)
     */
    public static TransitionContext start(ExecutionKey key, StartWorkflowRequest request, Duration taskTimeout,
            Instant now, HistorySettings settings) {
        return start(key, request, taskTimeout, now, settings, null);
    }

    /**
     * Like {@link #start(ExecutionKey, StartWorkflowRequest, Duration, Instant, HistorySettings)}, with a
     * signal recorded right after WorkflowExecutionStarted (signal-with-start), or none when {@code signal} is null.
     */
    public static TransitionContext start(ExecutionKey key, StartWorkflowRequest request, Duration taskTimeout,
            Instant now, HistorySettings settings, EventAttributes.WorkflowExecutionSignaled signal) {
        Duration backoff = request.cronSchedule() == null ? Duration.ZERO
                : RunChain.cronBackoff(request.cronSchedule(), now);
        Instant executionExpiration = request.executionTimeout() == null ? null : now.plus(request.executionTimeout());
        NextRun first = new NextRun(key.runId(), request.workflowType(), request.taskQueue(), request.input(),
                request.executionTimeout(), executionExpiration, request.runTimeout(), taskTimeout,
                request.retryPolicy(), request.cronSchedule(), 1, key.runId(), null, null,
                backoff == null ? Duration.ZERO : backoff, request.identity(), null,
                VisibilityAttributes.of(request.searchAttributes(), request.memo()), request.header());
        return begin(key, first, request.requestId(), now, settings, signal, null);
    }

    /** Starts the run that follows a closing one ({@link NextRun}): same Workflow Id, fresh history. */
    public static TransitionContext startNext(ExecutionKey key, NextRun next, Instant now, HistorySettings settings) {
        return begin(key, next, null, now, settings, null, next.parent());
    }

    /** Starts a child workflow's run: like a first run, recording its parent. */
    public static TransitionContext startChild(ExecutionKey key, StartWorkflowRequest request, Duration taskTimeout,
            Instant now, HistorySettings settings, EventAttributes.ParentExecution parent) {
        Instant executionExpiration = request.executionTimeout() == null ? null : now.plus(request.executionTimeout());
        NextRun first = new NextRun(key.runId(), request.workflowType(), request.taskQueue(), request.input(),
                request.executionTimeout(), executionExpiration, request.runTimeout(), taskTimeout,
                request.retryPolicy(), request.cronSchedule(), 1, key.runId(), null, null, Duration.ZERO,
                request.identity(), parent, VisibilityAttributes.of(request.searchAttributes(), request.memo()),
                request.header());
        return begin(key, first, request.requestId(), now, settings, null, parent);
    }

    private static TransitionContext begin(ExecutionKey key, NextRun run, String requestId, Instant now,
            HistorySettings settings, EventAttributes.WorkflowExecutionSignaled signal,
            EventAttributes.ParentExecution parent) {
        Duration runTimeout = effectiveRunTimeout(run.executionTimeout(), run.runTimeout());
        Instant firstTaskAt = now.plus(run.backoff());
        Instant runExpiration = runTimeout == null ? null : firstTaskAt.plus(runTimeout);
        if (run.executionExpirationTime() != null
                && (runExpiration == null || run.executionExpirationTime().isBefore(runExpiration))) {
            runExpiration = run.executionExpirationTime();
        }
        MutableState state = new MutableState(key, run.workflowType(), run.taskQueue(), now, requestId,
                run.taskTimeout(), runExpiration);
        boolean firstRun = run.firstExecutionRunId().equals(key.runId());
        state.firstExecutionRunId = firstRun ? null : run.firstExecutionRunId();
        state.attempt = run.attempt();
        state.retryPolicy = run.retryPolicy() == null ? null : ScheduleActivityTaskProcessor.withDefaults(run.retryPolicy());
        state.cronSchedule = run.cronSchedule();
        state.executionTimeout = run.executionTimeout();
        state.executionExpirationTime = run.executionExpirationTime();
        state.runTimeout = run.runTimeout();
        state.parentExecution = parent;
        state.visibility = run.visibility();
        if (run.retryPolicy() != null || run.cronSchedule() != null) {
            state.input = run.input();
            state.header = run.header();
        }
        TransitionContext tx = new TransitionContext(state, now, settings);
        tx.append(new EventAttributes.WorkflowExecutionStarted(run.workflowType(), run.taskQueue(), run.input(),
                run.executionTimeout(), runTimeout, run.taskTimeout(), run.identity(), run.firstExecutionRunId(),
                run.attempt(), run.retryPolicy(), run.cronSchedule(), run.continuedFromRunId(), run.initiator(),
                run.backoff().isZero() ? null : run.backoff(), parent, run.visibility().memo(),
                run.visibility().searchAttributes(), run.header()));
        if (signal != null) {
            tx.append(signal);
        }
        WorkflowTasks.schedule(tx, 1, firstTaskAt);
        return tx;
    }

    /** The run timeout defaults to the execution timeout and never exceeds it. */
    private static Duration effectiveRunTimeout(Duration executionTimeout, Duration runTimeout) {
        if (runTimeout == null) {
            return executionTimeout;
        }
        if (executionTimeout == null) {
            return runTimeout;
        }
        return runTimeout.compareTo(executionTimeout) <= 0 ? runTimeout : executionTimeout;
    }

    /** A new Run Id: unique, not unpredictable ({@link RandomIds}). */
    public static String newRunId() {
        return RandomIds.next();
    }
}
