package io.reprise.engine;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.PendingChild;
import io.reprise.engine.history.PendingExternal;
import io.reprise.engine.store.ExecutionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Queues what runs ask of other runs, as {@link Transitions} finds it after a commit: the items
 * a run has pending are claimed under its lock (so each is delivered by one thread at a time) and
 * queued for the {@link OutboundDriver}. The commit path only puts work here and never calls the
 * driver, which itself makes transitions: so the two are built one after the other, this queue
 * first.
 */
final class OutboundQueue {

    private final BlockingQueue<OutboundDelivery> queue = new LinkedBlockingQueue<>();
    /** Deliveries queued or being made (time skipping waits for them), including those queued {@link #again}. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Grows whenever {@link #inFlight} changes. */
    private final AtomicLong changes = new AtomicLong();
    /** Children whose parent's close policy is being checked: one check at a time per child. */
    private final Set<ExecutionKey> parentChecks = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** After a commit of the run (its lock held): queue what became pending. */
    void afterCommit(RunEntry run, MutableState state) {
        if (!state.isRunning()) {
            return;
        }
        for (PendingChild child : List.copyOf(state.children())) {
            if (!child.isStarted() && state.claimOutbound(child.initiatedEventId())) {
                add(new OutboundDelivery.StartChild(run, child));
            }
        }
        for (PendingExternal external : List.copyOf(state.externals())) {
            if (state.claimOutbound(external.initiatedEventId())) {
                add(new OutboundDelivery.SignalOrCancel(run, external));
            }
        }
    }

    /**
     * When the run becomes active in this process (start, recovery, reload): queue what is
     * pending, and checks of whether its started children, or its parent, closed while nobody was
     * listening.
     */
    void onActivate(RunEntry run, MutableState state) {
        afterCommit(run, state);
        if (!state.isRunning()) {
            return;
        }
        EventAttributes.ParentExecution parent = state.parentExecution();
        if (parent != null && parentChecks.add(run.key)) {
            // The parent may have closed while no process applied its close policy to this child.
            add(new OutboundDelivery.CheckParentClosed(run.key, parent));
        }
        for (PendingChild child : List.copyOf(state.children())) {
            if (child.isStarted() && state.claimOutbound(child.initiatedEventId())) {
                add(new OutboundDelivery.CheckChildClosed(run, child));
            }
        }
    }

    /**
     * Other runs that this run's started children ran as moved to another node ({@code moved} tells a child's
     * Workflow Id), and its lock is held: check whether those children closed, since the node that closed one may
     * have stopped before it told this run. A check of a child still running, or whose close was recorded, changes
     * nothing.
     */
    void onChildrenMoved(RunEntry run, MutableState state, Predicate<String> moved) {
        if (!state.isRunning()) {
            return;
        }
        for (PendingChild child : List.copyOf(state.children())) {
            if (child.isStarted() && moved.test(child.workflowId()) && state.claimOutbound(child.initiatedEventId())) {
                add(new OutboundDelivery.CheckChildClosed(run, child));
            }
        }
    }

    /** The run closed (its lock held): tell its parent, and apply its parent close policy to its children. */
    void onClosed(RunEntry run, MutableState state, WorkflowOutcome outcome, boolean continues) {
        EventAttributes.ParentExecution parent = state.parentExecution();
        if (parent != null && !continues) {
            add(new OutboundDelivery.NotifyParent(parent, state.firstExecutionRunId(), run.key.runId(),
                    outcome.closeEvent()));
        }
        for (PendingChild child : List.copyOf(state.children())) {
            ParentClosePolicy policy = child.initiated().parentClosePolicy();
            if (child.isStarted() && policy != ParentClosePolicy.ABANDON) {
                add(new OutboundDelivery.ApplyParentClosePolicy(run.key, child, policy));
            }
        }
    }

    /** Waits for the next delivery to make. */
    OutboundDelivery take() throws InterruptedException {
        return queue.take();
    }

    /** A delivery taken from here ended (made, failed, or to be tried again later). */
    void finished(OutboundDelivery delivery) {
        if (delivery instanceof OutboundDelivery.CheckParentClosed check) {
            parentChecks.remove(check.child());
        }
        inFlight.decrementAndGet();
        changes.incrementAndGet();
    }

    /**
     * Queues a delivery taken from here again, to be made once more (its target could not be reached); it stays in
     * flight. When closed, it ends as {@link #finished} would.
     */
    void again(OutboundDelivery delivery) {
        if (closed) {
            finished(delivery);
            return;
        }
        changes.incrementAndGet();
        queue.add(delivery);
    }

    /** Deliveries queued or being made. */
    int inFlight() {
        return inFlight.get();
    }

    long changeCount() {
        return changes.get();
    }

    /** Drops what is queued and refuses what comes later: the engine is closing. */
    void close() {
        closed = true;
        List<OutboundDelivery> dropped = new ArrayList<>();
        queue.drainTo(dropped);
        inFlight.addAndGet(-dropped.size());
        changes.incrementAndGet();
    }

    private void add(OutboundDelivery delivery) {
        if (closed) {
            return;
        }
        inFlight.incrementAndGet();
        changes.incrementAndGet();
        queue.add(delivery);
    }
}
