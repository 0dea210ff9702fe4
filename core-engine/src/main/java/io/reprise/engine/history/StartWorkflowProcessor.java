package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Duration;
import java.time.Instant;

/** Starts a run: WorkflowExecutionStarted, then its first WorkflowTaskScheduled. */
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
        Duration runTimeout = effectiveRunTimeout(request.executionTimeout(), request.runTimeout());
        MutableState state = new MutableState(key, request.workflowType(), request.taskQueue(), now,
                request.requestId(), taskTimeout, runTimeout == null ? null : now.plus(runTimeout));
        state.visibility = VisibilityAttributes.of(request.searchAttributes(), request.memo());
        TransitionContext tx = new TransitionContext(state, now, settings);
        tx.append(new EventAttributes.WorkflowExecutionStarted(request.workflowType(), request.taskQueue(),
                request.input(), request.executionTimeout(), runTimeout, taskTimeout, request.identity(),
                key.runId(), 1, request.memo(), request.searchAttributes()));
        if (signal != null) {
            tx.append(signal);
        }
        WorkflowTasks.schedule(tx, 1, now);
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
}
