package io.reprise.engine;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.RequestCancelWorkflowProcessor;
import io.reprise.engine.history.TerminateWorkflowProcessor;
import io.reprise.engine.history.TransitionContext;
import java.time.Duration;
import java.util.List;

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
    WorkflowExecution signalWithStart(StartWorkflowRequest start, String signalName, List<Payload> signalInput) {
        Duration taskTimeout = RequestValidation.validateStart(start, options);
        namespaces.require(start.namespace());
        RequestValidation.requireName(signalName, "Signal name", "pass the name of a @SignalMethod of the workflow");
        RequestValidation.check(Checks.payloads(signalInput, "signal input", options.getMaxPayloadSize()));
        return starter.start(start, taskTimeout,
                new EventAttributes.WorkflowExecutionSignaled(signalName, signalInput, start.identity()));
    }

    /** Starts the child a run initiated (validated like a client's start). */
    WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        Duration taskTimeout = RequestValidation.validateStart(request, options);
        return starter.start(request, taskTimeout, null, parent);
    }

    /** Records a cancellation request on a running run (WorkflowExecutionCancelRequested). */
    void requestCancel(String namespace, String workflowId, String runId, String reason, String identity) {
        RunEntry run = lookup.findRun(namespace, workflowId, runId);
        transitions.locked(run, state -> {
            RunLookup.requireRunning(state, "cancel it");
            TransitionContext tx = transitions.begin(state);
            RequestCancelWorkflowProcessor.request(tx, reason, identity);
            transitions.commit(run, tx);
            return null;
        });
    }

    /** Ends a running run at once (WorkflowExecutionTerminated). */
    void terminate(String namespace, String workflowId, String runId, String reason, List<Payload> details,
            String identity) {
        RequestValidation.check(Checks.payloads(details, "termination details", options.getMaxPayloadSize()));
        RunEntry run = lookup.findRun(namespace, workflowId, runId);
        transitions.locked(run, state -> {
            RunLookup.requireRunning(state, "terminate it");
            TransitionContext tx = transitions.begin(state);
            TerminateWorkflowProcessor.terminate(tx, reason, details, identity);
            transitions.commit(run, tx);
            return null;
        });
    }
}
