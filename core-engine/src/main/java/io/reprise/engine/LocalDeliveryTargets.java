package io.reprise.engine;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.ChildWorkflowEventsProcessor;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.PendingChild;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.store.ExecutionKey;
import java.util.Optional;

/** The targets of deliveries on this engine's own runs: the handlers and transitions a client's calls use too. */
final class LocalDeliveryTargets implements DeliveryTargets {

    private final ExecutionLifecycleHandler lifecycle;
    private final WorkflowMessageHandler messages;
    private final Transitions transitions;
    private final ExecutionRegistry registry;

    LocalDeliveryTargets(ExecutionLifecycleHandler lifecycle, WorkflowMessageHandler messages, Transitions transitions,
            ExecutionRegistry registry) {
        this.lifecycle = lifecycle;
        this.messages = messages;
        this.transitions = transitions;
        this.registry = registry;
    }

    @Override
    public WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        return lifecycle.startChild(request, parent);
    }

    @Override
    public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            HistoryEvent closeEvent) {
        RunEntry entry = registry.find(new ExecutionKey(parent.namespace(), parent.workflowId(), parent.runId()));
        if (entry == null) {
            return;
        }
        transitions.locked(entry, state -> {
            TransitionContext tx = transitions.begin(state);
            ChildWorkflowEventsProcessor.childClosed(tx, parent.initiatedEventId(), childFirstRunId, childRunId,
                    closeEvent.attributes());
            transitions.commit(entry, tx);
            return null;
        });
    }

    @Override
    public void signal(SignalWorkflowRequest request) {
        messages.signal(request);
    }

    @Override
    public void requestCancel(RequestCancelWorkflowRequest request) {
        lifecycle.requestCancel(request);
    }

    @Override
    public void terminate(TerminateWorkflowRequest request) {
        lifecycle.terminate(request);
    }

    @Override
    public Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
            long initiatedEventId) {
        RunEntry latest = registry.findLatest(namespace, childWorkflowId);
        if (latest == null) {
            return Optional.empty();
        }
        WorkflowOutcome outcome = transitions.locked(latest, state -> {
            EventAttributes.ParentExecution p = state.parentExecution();
            boolean ours = p != null && p.runId().equals(parentRunId) && p.initiatedEventId() == initiatedEventId;
            return ours && !state.isRunning() ? transitions.outcome(state) : null;
        });
        if (outcome == null) {
            return Optional.empty();
        }
        String first = transitions.locked(latest, MutableState::firstExecutionRunId);
        return Optional.of(new ClosedChild(first, latest.key.runId(), outcome.closeEvent()));
    }

    @Override
    public Optional<OpenChild> openChildOfClosedParent(EventAttributes.ParentExecution parent) {
        RunEntry parentRun = registry.find(new ExecutionKey(parent.namespace(), parent.workflowId(), parent.runId()));
        if (parentRun == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(transitions.locked(parentRun, state -> {
            if (state.isRunning()) {
                return null;
            }
            for (PendingChild c : state.children()) {
                if (c.initiatedEventId() == parent.initiatedEventId()) {
                    return new OpenChild(c.workflowId(), c.initiated().parentClosePolicy());
                }
            }
            return null;
        }));
    }

    @Override
    public Optional<String> runningChildRunId(String namespace, String childWorkflowId, String parentRunId) {
        RunEntry latest = registry.findLatest(namespace, childWorkflowId);
        if (latest == null) {
            return Optional.empty();
        }
        boolean ours = transitions.locked(latest, state -> state.isRunning() && state.parentExecution() != null
                && state.parentExecution().runId().equals(parentRunId));
        return ours ? Optional.of(latest.key.runId()) : Optional.empty();
    }
}
