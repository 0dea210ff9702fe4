package io.reprise.workflow;

import io.reprise.internal.replay.WorkflowInternal;

/**
 * A region of workflow code that can be canceled as a whole. Activities and timers started while
 * a scope is current belong to it; {@link #cancel()} cancels them (an activity per its
 * {@code ActivityCancellationType}; a timer at once: its promise fails with a
 * {@code CanceledFailure}) and every child scope. Scopes nest: a scope created inside another is
 * its child, unless it is detached ({@link Workflow#newDetachedCancellationScope}), which is how
 * cleanup code keeps running after its surroundings were canceled. Threads started with
 * {@link Async} inherit the current scope.
 *
 * <pre>{@code
 * Promise<String>[] charge = new Promise[1];
 * CancellationScope scope = Workflow.newCancellationScope(() -> charge[0] = Async.function(payments::charge, card));
 * scope.run();
 * ...
 * scope.cancel();
 * }</pre>
 */
public interface CancellationScope extends Runnable {

    /** Runs the scope's code with this scope current (on the calling workflow thread). */
    @Override
    void run();

    /** Cancels everything started in this scope and its children. Idempotent. */
    void cancel();

    /** Like {@link #cancel()}, with a reason kept for diagnostics. */
    void cancel(String reason);

    /** Whether this scope (or an ancestor, which cancels it) was canceled. */
    boolean isCancelRequested();

    /** Whether the scope is detached: canceling its creator's scope does not cancel it. */
    boolean isDetached();

    /** The scope of the calling workflow code. */
    static CancellationScope current() {
        return WorkflowInternal.currentCancellationScope();
    }
}
