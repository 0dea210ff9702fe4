package io.reprise.engine;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.cluster.OwnerUnreachableException;
import io.reprise.engine.history.ChildWorkflowEventsProcessor;
import io.reprise.engine.history.PendingChild;
import io.reprise.engine.history.PendingExternal;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.store.ExecutionKey;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes what one run asks of others, taken from the {@link OutboundQueue} after the transition
 * that asked is committed: starting its children, signalling and canceling other executions,
 * telling a parent that its child closed, and applying a parent close policy. Each delivery is a
 * transition of the target, then one recording the outcome on the asking run; both happen on a
 * virtual thread of their own, outside the asking run's lock, so runs never wait for each other's
 * locks. What is done to the target goes through {@link DeliveryTargets}: this engine's runs, or on
 * a cluster node the node that owns the target's shard.
 *
 * <p>What is pending is part of the asking run's durable state, so a delivery interrupted by a
 * crash is made again when the run is recovered. A child's start is idempotent (its request id is
 * derived from the parent's run and initiated event), and signals and cancel requests carry request
 * ids, so a repeated delivery is applied once. A start, signal or cancel that fails is made again
 * after {@link #RETRY_AFTER_FAILURE}; so are the other deliveries (a child's close, the checks, a
 * parent close policy) when the owner of their target could not be reached
 * ({@link OwnerUnreachableException}).
 */
final class OutboundDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboundDriver.class);
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    private final OutboundQueue queue;
    private final DeliveryTargets targets;
    private final Transitions transitions;
    /** Takes each delivery from the queue and makes it on a virtual thread of its own. */
    private final Thread dispatcher = Thread.ofVirtual().name("reprise-outbound-dispatcher").unstarted(this::dispatch);

    OutboundDriver(OutboundQueue queue, DeliveryTargets targets, Transitions transitions) {
        this.queue = queue;
        this.targets = targets;
        this.transitions = transitions;
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
        boolean again = false;
        try {
            switch (delivery) {
                case OutboundDelivery.StartChild d -> startChild(d.parent(), d.child());
                case OutboundDelivery.SignalOrCancel d -> deliver(d.source(), d.external());
                case OutboundDelivery.NotifyParent d -> notifyParent(d.parent(), d.childFirstRunId(), d.childRunId(),
                        d.closeEvent());
                case OutboundDelivery.CheckChildClosed d -> checkChildClosed(d.parent(), d.child());
                case OutboundDelivery.CheckParentClosed d -> checkParentClosed(d.child(), d.parent());
                case OutboundDelivery.ApplyParentClosePolicy d -> applyParentClosePolicy(d.parent(),
                        d.child().workflowId(), d.child().initiatedEventId(), d.policy());
            }
        } catch (OwnerUnreachableException e) {
            // Nothing in the asking run's state makes this delivery again (a child's close, a check, a policy):
            // queue it again itself.
            log.warn("A delivery between workflow executions could not reach its target; trying again in {}: {}",
                    RETRY_AFTER_FAILURE, e.getMessage());
            again = pause();
        } catch (NotOwnerException e) {
            // The run that makes the delivery moved to another node (this one gave its shard up or lost it): the
            // new owner recovers the run and makes the delivery again from its state.
            log.info("A delivery between workflow executions is left to the new owner of its run: {}",
                    e.getMessage());
        } catch (RuntimeException e) {
            log.warn("A delivery between workflow executions failed", e);
        } finally {
            if (again) {
                queue.again(delivery);
            } else {
                queue.finished(delivery);
            }
        }
    }

    /** Waits before a delivery is made again; {@code false} when interrupted (the engine is closing). */
    private static boolean pause() {
        try {
            Thread.sleep(RETRY_AFTER_FAILURE);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
            started = targets.startChild(request, parentExecution);
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
                targets.signal(new SignalWorkflowRequest(source.key.namespace(), external.workflowId(),
                        external.runId(), external.signalName(), external.input(), identity, requestId, null));
            } else {
                targets.requestCancel(new RequestCancelWorkflowRequest(source.key.namespace(),
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
            HistoryEvent closeEvent) {
        targets.recordChildClosed(parent, childFirstRunId, childRunId, closeEvent);
    }

    private void checkChildClosed(RunEntry parent, PendingChild child) {
        try {
            Optional<DeliveryTargets.ClosedChild> closed = targets.closedChild(parent.key.namespace(),
                    child.workflowId(), parent.key.runId(), child.initiatedEventId());
            if (closed.isPresent()) {
                notifyParent(new EventAttributes.ParentExecution(parent.key.namespace(), parent.key.workflowId(),
                        parent.key.runId(), child.initiatedEventId()), closed.get().firstRunId(),
                        closed.get().runId(), closed.get().closeEvent());
            }
        } catch (OwnerUnreachableException e) {
            throw e; // made again, the claim kept
        } catch (RuntimeException e) {
            release(parent, child.initiatedEventId());
            throw e;
        }
        release(parent, child.initiatedEventId());
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
        Optional<DeliveryTargets.OpenChild> child = targets.openChildOfClosedParent(parent);
        if (child.isPresent() && child.get().policy() != ParentClosePolicy.ABANDON
                && child.get().workflowId().equals(childKey.workflowId())) {
            return applyParentClosePolicy(new ExecutionKey(parent.namespace(), parent.workflowId(), parent.runId()),
                    child.get().workflowId(), parent.initiatedEventId(), child.get().policy());
        }
        return true;
    }

    /** Returns {@code false} when it failed for a reason other than the child being gone. */
    private boolean applyParentClosePolicy(ExecutionKey parentKey, String childWorkflowId, long initiatedEventId,
            ParentClosePolicy policy) {
        Optional<String> runId = targets.runningChildRunId(parentKey.namespace(), childWorkflowId, parentKey.runId());
        if (runId.isEmpty()) {
            return true;
        }
        String reason = "parent " + parentKey.workflowId() + "/" + parentKey.runId() + " closed (ParentClosePolicy."
                + policy + ")";
        String requestId = "parent-close/" + parentKey.runId() + "/" + initiatedEventId;
        try {
            if (policy == ParentClosePolicy.TERMINATE) {
                targets.terminate(new TerminateWorkflowRequest(parentKey.namespace(), childWorkflowId, runId.get(),
                        reason, List.of(), "parent close policy", requestId));
            } else {
                targets.requestCancel(new RequestCancelWorkflowRequest(parentKey.namespace(), childWorkflowId,
                        runId.get(), reason, "parent close policy", requestId));
            }
        } catch (OwnerUnreachableException e) {
            throw e;
        } catch (EngineException e) {
            if (e.getCode() != EngineException.Code.NOT_FOUND) {
                log.warn("Applying {} to child {} failed: {}", policy, childWorkflowId, e.getMessage());
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
