package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.RequestCancelWorkflowProcessor;
import io.reprise.engine.history.TerminateWorkflowProcessor;
import io.reprise.engine.history.TransitionContext;
import java.time.Duration;

/**
 * Starts Workflow Executions (from a client, with a signal, or as a run's child) and ends them
 * from outside: asks a running run to cancel, or terminates it.
 */
final class ExecutionLifecycleHandler {

    private final WorkflowStarter starter;
    private final Transitions transitions;
    private final RunLookup lookup;
    private final NamespaceRegistry namespaces;
    private final EngineOptions options;

    ExecutionLifecycleHandler(WorkflowStarter starter, Transitions transitions, RunLookup lookup,
            NamespaceRegistry namespaces, EngineOptions options) {
        this.starter = starter;
        this.transitions = transitions;
        this.lookup = lookup;
        this.namespaces = namespaces;
        this.options = options;
    }

    /** Starts a run of a client's request. */
    WorkflowExecution start(StartWorkflowRequest request) {
        Duration taskTimeout = RequestValidation.validateStart(request, options);
        namespaces.require(request.namespace());
        return starter.start(request, taskTimeout);
    }

    /** Signals the running run of the Workflow Id, or starts one that records the signal first. */
    WorkflowExecution signalWithStart(SignalWithStartWorkflowRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("The signal-with-start request is required");
        }
        StartWorkflowRequest start = request.start();
        Duration taskTimeout = RequestValidation.validateStart(start, options);
        namespaces.require(start.namespace());
        RequestValidation.requireName(request.signalName(), "Signal name", "pass the name of a @SignalMethod of the "
                + "workflow");
        RequestValidation.check(Checks.payloads(request.signalInput(), "signal input", options.getMaxPayloadSize()));
        RequestValidation.check(Checks.header(request.signalHeader(), "signal header", options.getMaxPayloadSize()));
        return starter.start(start, taskTimeout, new EventAttributes.WorkflowExecutionSignaled(request.signalName(),
                request.signalInput(), start.identity(), request.signalHeader()));
    }

    /** Starts the child a run initiated (validated like a client's start). */
    WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        Duration taskTimeout = RequestValidation.validateStart(request, options);
        return starter.start(request, taskTimeout, null, parent);
    }

    /**
     * Records a cancellation request on a running run (WorkflowExecutionCancelRequested). A request id the run
     * already applied changes nothing, even on a run that closed since.
     */
    void requestCancel(RequestCancelWorkflowRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("The cancel request is required");
        }
        RequestValidation.check(Checks.optionalName(request.requestId(), "Request id"));
        RunEntry run = lookup.findRun(request.namespace(), request.workflowId(), request.runId());
        transitions.locked(run, state -> {
            if (state.recentRequests().contains(request.requestId())) {
                return null; // a retry of a call already applied
            }
            RunLookup.requireRunning(state, "cancel it");
            TransitionContext tx = transitions.begin(state);
            RequestCancelWorkflowProcessor.request(tx, request.reason(), request.identity(), request.requestId());
            transitions.commit(run, tx);
            return null;
        });
    }

    /**
     * Ends a running run at once (WorkflowExecutionTerminated). A request id the run already applied changes
     * nothing: the run is closed by that first call.
     */
    void terminate(TerminateWorkflowRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("The terminate request is required");
        }
        RequestValidation.check(Checks.optionalName(request.requestId(), "Request id"));
        RequestValidation.check(Checks.payloads(request.details(), "termination details",
                options.getMaxPayloadSize()));
        RunEntry run = lookup.findRun(request.namespace(), request.workflowId(), request.runId());
        transitions.locked(run, state -> {
            if (state.recentRequests().contains(request.requestId())) {
                return null; // a retry of a call already applied
            }
            RunLookup.requireRunning(state, "terminate it");
            TransitionContext tx = transitions.begin(state);
            TerminateWorkflowProcessor.terminate(tx, request.reason(), request.details(), request.identity(),
                    request.requestId());
            transitions.commit(run, tx);
            return null;
        });
    }
}
