package io.reprise.engine;

import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.history.HistorySettings;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.history.SignalWorkflowProcessor;
import io.reprise.engine.history.StartWorkflowProcessor;
import io.reprise.engine.history.TerminateWorkflowProcessor;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.store.ConcurrentUpdateException;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Starts runs, at most one running per Workflow Id. A start first claims the Workflow Id in the
 * registry (so two concurrent starts cannot both commit), then commits the run's first
 * transition. A repeated start with the running run's request id gets that run back.
 */
final class WorkflowStarter {

    private final ExecutionStore store;
    private final ExecutionRegistry registry;
    private final Transitions transitions;
    private final HistorySettings settings;

    WorkflowStarter(ExecutionStore store, ExecutionRegistry registry, Transitions transitions,
            HistorySettings settings) {
        this.store = store;
        this.registry = registry;
        this.transitions = transitions;
        this.settings = settings;
    }

    /** Starts a validated request whose effective workflow task timeout is {@code taskTimeout}. */
    WorkflowExecution start(StartWorkflowRequest request, Duration taskTimeout) {
        return start(request, taskTimeout, null);
    }

    /**
     * Starts a validated request; with a {@code signal} (signal-with-start) a running run of the
     * Workflow Id gets the signal instead, and a new run records it before its first workflow task.
     */
    WorkflowExecution start(StartWorkflowRequest request, Duration taskTimeout,
            EventAttributes.WorkflowExecutionSignaled signal) {
        return start(request, taskTimeout, signal, null);
    }

    /**
     * Starts a validated request; with a {@code parent}, as a child workflow. A child's request id
     * identifies it (the parent's run and initiated event): a repeated start of the same child
     * returns the run it started, even when that run already closed.
     */
    WorkflowExecution start(StartWorkflowRequest request, Duration taskTimeout,
            EventAttributes.WorkflowExecutionSignaled signal, EventAttributes.ParentExecution parent) {
        ExecutionRegistry.WorkflowIdKey workflowId =
                new ExecutionRegistry.WorkflowIdKey(request.namespace(), request.workflowId());
        while (true) {
            RunEntry current = registry.running(workflowId);
            if (current != null) {
                WorkflowExecution existing = checkRunning(current, request, signal);
                if (existing != null) {
                    return existing;
                }
                // It closed, or its own start failed: the id is free.
                registry.release(workflowId, current);
                continue;
            }
            RunEntry fresh = new RunEntry(new ExecutionKey(request.namespace(), request.workflowId(), StartWorkflowProcessor.newRunId()));
            fresh.lock.lock();
            try {
                if (registry.claim(workflowId, fresh)) {
                    try {
                        if (parent != null) {
                            ExecutionRow earlier = startedBefore(request);
                            if (earlier != null) {
                                registry.release(workflowId, fresh);
                                return activated(earlier);
                            }
                        }
                        checkReusePolicy(request);
                    } catch (RuntimeException e) {
                        registry.release(workflowId, fresh);
                        throw e;
                    }
                    return commitStart(fresh, request, taskTimeout, signal, parent);
                }
            } finally {
                fresh.lock.unlock();
            }
        }
    }

    /**
     * The running run itself when the request repeats its request id; {@code null} when the run is
     * no longer running.
     *
     * @throws EngineException {@code ALREADY_EXISTS} when it is running
     */
    private WorkflowExecution checkRunning(RunEntry current, StartWorkflowRequest request,
            EventAttributes.WorkflowExecutionSignaled signal) {
        if (current.discarded) {
            return null;
        }
        try {
            return transitions.locked(current, state -> {
                if (!state.isRunning()) {
                    return null;
                }
                if (signal != null) {
                    String requestId = request.requestId();
                    if (requestId != null && (requestId.equals(state.requestId())
                            || state.recentRequests().contains(requestId))) {
                        return state.execution(); // a retry: this call started the run or signalled it already
                    }
                    String problem = SignalWorkflowProcessor.check(state, signal.signalName());
                    if (problem != null) {
                        throw EngineException.invalidArgument(problem);
                    }
                    TransitionContext tx = transitions.begin(state);
                    SignalWorkflowProcessor.signal(tx, signal, requestId);
                    transitions.commit(current, tx);
                    return state.execution();
                }
                if (request.requestId() != null && request.requestId().equals(state.requestId())) {
                    return state.execution();
                }
                if (request.attachToRunning()) {
                    return state.execution();
                }
                if (request.idReusePolicy() == WorkflowIdReusePolicy.TERMINATE_IF_RUNNING) {
                    TransitionContext tx = transitions.begin(state);
                    TerminateWorkflowProcessor.terminate(tx, "terminated by a new start of workflow id \""
                            + request.workflowId() + "\" with WorkflowIdReusePolicy.TERMINATE_IF_RUNNING", List.of(),
                            request.identity());
                    transitions.commit(current, tx);
                    return null;
                }
                throw alreadyRunning(request.workflowId(), state.key().runId());
            });
        } catch (EngineException e) {
            if (current.discarded) {
                return null; // a concurrent start of this id failed while we waited for it
            }
            throw e;
        }
    }

    /**
     * Checks the Workflow Id reuse policy against the latest closed run of the id (none runs: the
     * caller holds the claim).
     *
     * @throws EngineException {@code ALREADY_EXISTS} when the policy forbids a new run
     */
    private void checkReusePolicy(StartWorkflowRequest request) {
        WorkflowIdReusePolicy policy = request.idReusePolicy();
        if (policy == WorkflowIdReusePolicy.ALLOW_DUPLICATE || policy == WorkflowIdReusePolicy.TERMINATE_IF_RUNNING) {
            return;
        }
        Optional<ExecutionRow> latest = store.loadLatestRun(request.namespace(), request.workflowId());
        if (latest.isEmpty()) {
            return;
        }
        String status = latest.get().status();
        boolean refused = policy == WorkflowIdReusePolicy.REJECT_DUPLICATE
                || WorkflowExecutionStatus.COMPLETED.name().equals(status)
                || WorkflowExecutionStatus.CONTINUED_AS_NEW.name().equals(status);
        if (refused) {
            throw new EngineException(EngineException.Code.ALREADY_EXISTS, "Workflow id \"" + request.workflowId()
                    + "\" was already used by run " + latest.get().key().runId() + ", which is " + status
                    + "; WorkflowIdReusePolicy." + policy + (policy == WorkflowIdReusePolicy.REJECT_DUPLICATE
                            ? " never allows a new run with this id"
                            : " allows a new run only after a failed, canceled, terminated or timed-out one")
                    + ". Use another workflow id, or another policy");
        }
    }

    /** The row of the latest run of the Workflow Id if this very request started it (a repeated child start). */
    private ExecutionRow startedBefore(StartWorkflowRequest request) {
        Optional<ExecutionRow> latest = store.loadLatestRun(request.namespace(), request.workflowId());
        if (latest.isEmpty()) {
            return null;
        }
        MutableState state = StateCodec.fromRow(latest.get());
        return request.requestId().equals(state.requestId()) ? latest.get() : null;
    }

    /**
     * The run a repeated child start found it had started, made active here if it still runs and this engine did not
     * know it: the first start committed although it failed as far as this engine could tell (its connection died
     * during the {@code COMMIT}, and the row could not be read to tell), so nothing dispatched its first task.
     */
    private WorkflowExecution activated(ExecutionRow row) {
        MutableState state = StateCodec.fromRow(row);
        if (state.isRunning()) {
            RunEntry entry = registry.find(row.key());
            if (entry != null) {
                transitions.locked(entry, running -> null);
            }
        }
        return state.execution();
    }

    private WorkflowExecution commitStart(RunEntry fresh, StartWorkflowRequest request, Duration taskTimeout,
            EventAttributes.WorkflowExecutionSignaled signal, EventAttributes.ParentExecution parent) {
        TransitionContext tx = parent == null
                ? StartWorkflowProcessor.start(fresh.key, request, taskTimeout, transitions.now(), settings, signal)
                : StartWorkflowProcessor.startChild(fresh.key, request, taskTimeout, transitions.now(), settings,
                        parent);
        fresh.state = tx.state();
        fresh.active = true;
        // Registered before the commit so that a poller handed the first task finds the run.
        registry.opened(fresh);
        try {
            transitions.commit(fresh, tx);
        } catch (EngineException e) {
            fresh.discarded = true;
            registry.forget(fresh);
            if (e.getCause() instanceof ConcurrentUpdateException) {
                // The store knows a running run this engine does not (another engine on the same database).
                String runId = store.loadLatestRun(request.namespace(), request.workflowId())
                        .map(row -> row.key().runId()).orElse("unknown");
                throw alreadyRunning(request.workflowId(), runId);
            }
            throw e;
        }
        return tx.state().execution();
    }

    private static EngineException alreadyRunning(String workflowId, String runId) {
        return new EngineException(EngineException.Code.ALREADY_EXISTS,
                "Workflow execution already running: workflowId=" + workflowId + ", runId=" + runId);
    }
}
