package io.reprise.engine;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.ChildWorkflowEventsProcessor;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.PendingChild;
import io.reprise.engine.history.PendingExternal;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.store.ExecutionKey;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what one run asks of others, taken from the {@link OutboundQueue} after the transition
 * that asked is committed: starting its children, signalling and canceling other executions,
 * telling a parent that its child closed, and applying a parent close policy. Each delivery is a
 * transition of the target, then one recording the outcome on the asking run; both happen on a
 * virtual thread of their own, outside the asking run's lock, so runs never wait for each other's
 * locks.
 *
 * <p>What is pending is part of the asking run's durable state, so a delivery interrupted by a
 * crash is made again when the run is recovered. A child's start is idempotent (its request id is
 * derived from the parent's run and initiated event); a signal may then be delivered twice.
 */
final class OutboundDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboundDriver.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final OutboundQueue queue;
    private final ExecutionLifecycleHandler lifecycle;
    private final WorkflowMessageHandler messages;
    private final Transitions transitions;
    private final ExecutionRegistry registry;
    /** Takes each delivery from the queue and makes it on a virtual thread of its own. */
    private final Thread dispatcher = Thread.ofVirtual().name("reprise-outbound-dispatcher").unstarted(this::dispatch);

    OutboundDriver(OutboundQueue queue, ExecutionLifecycleHandler lifecycle, WorkflowMessageHandler messages,
            Transitions transitions, ExecutionRegistry registry) {
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.messages = messages;
        this.transitions = transitions;
        this.registry = registry;
    }

    /** Starts making the deliveries queued so far and those queued later. */
    void start() {
        dispatcher.start();
    }

    /** Stops taking deliveries from the queue, and drops those still queued; those being made finish. */
    @Override
    public void close() {
        queue.close();
        dispatcher.interrupt();
    }

    private void dispatch() {
        try {
            while (true) {
                OutboundDelivery delivery = queue.take();
                Thread.ofVirtual().name("reprise-outbound").start(() -> make(delivery));
            }
        } catch (InterruptedException e) {
            // Closed.
        }
    }

    private void make(OutboundDelivery delivery) {
        try {
            switch (delivery) {
                case OutboundDelivery.StartChild d -> startChild(d.parent(), d.child());
                case OutboundDelivery.SignalOrCancel d -> deliver(d.source(), d.external());
                case OutboundDelivery.NotifyParent d -> notifyParent(d.parent(), d.childFirstRunId(), d.childRunId(),
                        d.closeEvent());
                case OutboundDelivery.CheckChildClosed d -> checkChildClosed(d.parent(), d.child());
                case OutboundDelivery.CheckParentClosed d -> checkParentClosed(d.child(), d.parent());
                case OutboundDelivery.ApplyParentClosePolicy d -> applyParentClosePolicy(d.parent(), d.child(),
                        d.policy());
            }
        } catch (RuntimeException e) {
            log.warn("A delivery between workflow executions failed", e);
        } finally {
            queue.finished(delivery);
        }
    }

    // ---------------------------------------------------------------- deliveries

    private void startChild(RunEntry parent, PendingChild child) {
        EventAttributes.StartChildWorkflowExecutionInitiated initiated = child.initiated();
        ExecutionKey parentKey = parent.key;
        StartWorkflowRequest request = new StartWorkflowRequest(parentKey.namespace(), initiated.workflowId(),
                initiated.workflowType(), initiated.taskQueue(), initiated.input(), initiated.workflowExecutionTimeout(),
                initiated.workflowRunTimeout(), initiated.workflowTaskTimeout(),
                "parent " + parentKey.workflowId() + "/" + parentKey.runId(),
                parentKey.runId() + "/" + child.initiatedEventId(), initiated.workflowIdReusePolicy(), false,
                initiated.retryPolicy(), initiated.cronSchedule()).withHeader(initiated.header());
        EventAttributes.ParentExecution parentExecution = new EventAttributes.ParentExecution(parentKey.namespace(),
                parentKey.workflowId(), parentKey.runId(), child.initiatedEventId());
        WorkflowExecution started;
        try {
            started = lifecycle.startChild(request, parentExecution);
        } catch (EngineException e) {
            if (e.getCode() == EngineException.Code.ALREADY_EXISTS) {
                record(parent, child.initiatedEventId(), tx -> ChildWorkflowEventsProcessor.childStartFailed(tx,
                        child.initiatedEventId(), "WORKFLOW_ALREADY_EXISTS"));
                return;
            }
            if (e.getCode() == EngineException.Code.INVALID_ARGUMENT) {
                record(parent, child.initiatedEventId(), tx -> ChildWorkflowEventsProcessor.childStartFailed(tx,
                        child.initiatedEventId(), "INVALID_ARGUMENT: " + e.getMessage()));
                return;
            }
            retryLater(parent, child.initiatedEventId(), "starting child workflow " + initiated.workflowId(), e);
            return;
        }
        record(parent, child.initiatedEventId(), tx -> ChildWorkflowEventsProcessor.childStarted(tx,
                child.initiatedEventId(), started.runId()));
    }

    private void deliver(RunEntry source, PendingExternal external) {
        String identity = "workflow " + source.key.workflowId() + "/" + source.key.runId();
        // The initiating event names the call: a delivery repeated after a crash (before its outcome was recorded)
        // is not applied twice.
        String requestId = source.key.runId() + "/" + external.initiatedEventId();
        String failure = null;
        try {
            if (external.isSignal()) {
                messages.signal(new SignalWorkflowRequest(source.key.namespace(), external.workflowId(),
                        external.runId(), external.signalName(), external.input(), identity, requestId, null));
            } else {
                lifecycle.requestCancel(new RequestCancelWorkflowRequest(source.key.namespace(),
                        external.workflowId(), external.runId(), "requested by " + identity, identity, requestId));
            }
        } catch (EngineException e) {
            switch (e.getCode()) {
                case NOT_FOUND -> failure = "EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND";
                case INVALID_ARGUMENT -> failure = "INVALID_ARGUMENT: " + e.getMessage();
                default -> {
                    retryLater(source, external.initiatedEventId(), (external.isSignal() ? "signalling " : "canceling ")
                            + external.workflowId(), e);
                    return;
                }
            }
        }
        String cause = failure;
        record(source, external.initiatedEventId(), tx -> ChildWorkflowEventsProcessor.externalDone(tx,
                external.initiatedEventId(), external.runId(), cause));
    }

    private void notifyParent(EventAttributes.ParentExecution parent, String childFirstRunId, String childRunId,
            EventAttributes closeEvent) {
        RunEntry entry = registry.find(new ExecutionKey(parent.namespace(), parent.workflowId(), parent.runId()));
        if (entry == null) {
            return;
        }
        transitions.locked(entry, state -> {
            TransitionContext tx = transitions.begin(state);
            ChildWorkflowEventsProcessor.childClosed(tx, parent.initiatedEventId(), childFirstRunId, childRunId,
                    closeEvent);
            transitions.commit(entry, tx);
            return null;
        });
    }

    private void checkChildClosed(RunEntry parent, PendingChild child) {
        try {
            RunEntry latest = registry.findLatest(parent.key.namespace(), child.workflowId());
            if (latest == null) {
                return;
            }
            WorkflowOutcome outcome = transitions.locked(latest, state -> {
                EventAttributes.ParentExecution p = state.parentExecution();
                boolean ours = p != null && p.runId().equals(parent.key.runId())
                        && p.initiatedEventId() == child.initiatedEventId();
                return ours && !state.isRunning() ? transitions.outcome(state) : null;
            });
            if (outcome != null) {
                String first = transitions.locked(latest, MutableState::firstExecutionRunId);
                notifyParent(new EventAttributes.ParentExecution(parent.key.namespace(), parent.key.workflowId(),
                        parent.key.runId(), child.initiatedEventId()), first, latest.key.runId(),
                        outcome.closeEvent().attributes());
            }
        } finally {
            release(parent, child.initiatedEventId());
        }
    }

    /** Applies the close policy of a parent that closed without having applied it to this child. */
    private void checkParentClosed(ExecutionKey childKey, EventAttributes.ParentExecution parent) {
        try {
            if (!applyClosedParentsPolicy(childKey, parent)) {
                // It failed (the store is down): a failed commit reloads the child at once, so wait
                // before another check may start.
                Thread.sleep(RETRY_AFTER_FAILURE);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Returns {@code false} when applying the policy failed for a reason other than the child being gone. */
    private boolean applyClosedParentsPolicy(ExecutionKey childKey, EventAttributes.ParentExecution parent) {
        RunEntry parentRun = registry.find(new ExecutionKey(parent.namespace(), parent.workflowId(), parent.runId()));
        if (parentRun == null) {
            return true;
        }
        PendingChild child = transitions.locked(parentRun, state -> {
            if (state.isRunning()) {
                return null;
            }
            for (PendingChild c : state.children()) {
                if (c.initiatedEventId() == parent.initiatedEventId()) {
                    return c;
                }
            }
            return null;
        });
        if (child != null && child.initiated().parentClosePolicy() != ParentClosePolicy.ABANDON
                && child.workflowId().equals(childKey.workflowId())) {
            return applyParentClosePolicy(parentRun.key, child, child.initiated().parentClosePolicy());
        }
        return true;
    }

    /** Returns {@code false} when it failed for a reason other than the child being gone. */
    private boolean applyParentClosePolicy(ExecutionKey parentKey, PendingChild child, ParentClosePolicy policy) {
        RunEntry latest = registry.findLatest(parentKey.namespace(), child.workflowId());
        if (latest == null) {
            return true;
        }
        boolean ours = transitions.locked(latest, state -> state.isRunning() && state.parentExecution() != null
                && state.parentExecution().runId().equals(parentKey.runId()));
        if (!ours) {
            return true;
        }
        String reason = "parent " + parentKey.workflowId() + "/" + parentKey.runId() + " closed (ParentClosePolicy."
                + policy + ")";
        String requestId = "parent-close/" + parentKey.runId() + "/" + child.initiatedEventId();
        try {
            if (policy == ParentClosePolicy.TERMINATE) {
                lifecycle.terminate(new TerminateWorkflowRequest(parentKey.namespace(), child.workflowId(),
                        latest.key.runId(), reason, List.of(), "parent close policy", requestId));
            } else {
                lifecycle.requestCancel(new RequestCancelWorkflowRequest(parentKey.namespace(), child.workflowId(),
                        latest.key.runId(), reason, "parent close policy", requestId));
            }
        } catch (EngineException e) {
            if (e.getCode() != EngineException.Code.NOT_FOUND) {
                log.warn("Applying {} to child {} failed: {}", policy, child.workflowId(), e.getMessage());
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- helpers

    /** Records an outcome on the asking run, then lets the item be delivered again if it is still pending. */
    private void record(RunEntry run, long initiatedEventId, Consumer<TransitionContext> outcome) {
        try {
            transitions.locked(run, state -> {
                TransitionContext tx = transitions.begin(state);
                outcome.accept(tx);
                transitions.commit(run, tx);
                return null;
            });
        } finally {
            release(run, initiatedEventId);
        }
    }

    private void release(RunEntry run, long initiatedEventId) {
        transitions.locked(run, state -> {
            state.releaseOutbound(initiatedEventId);
            return null;
        });
    }

    private void retryLater(RunEntry run, long initiatedEventId, String what, EngineException e) {
        log.warn("{} failed; trying again in {}: {}", what, RETRY_AFTER_FAILURE, e.getMessage());
        try {
            Thread.sleep(RETRY_AFTER_FAILURE);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        transitions.locked(run, state -> {
            state.releaseOutbound(initiatedEventId);
            queue.afterCommit(run, state);
            return null;
        });
    }
}
