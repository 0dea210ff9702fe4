package io.reprise.internal.replay;

import io.reprise.internal.context.ContextPropagation;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * One thread of workflow code, run on a virtual thread under a {@link DeterministicRunner}.
 * It runs only when the runner hands it control and gives control back by blocking in
 * {@link #yieldUntil}; so exactly one workflow thread of a run executes at any time.
 */
final class WorkflowThread {

    private static final ThreadLocal<WorkflowThread> CURRENT = new ThreadLocal<>();

    private final DeterministicRunner runner;
    private final String name;
    private final Runnable body;
    /** The propagated contexts the body runs with (see {@code ContextPropagator}); empty without propagators. */
    private final List<Object> contexts;
    private final Semaphore resume = new Semaphore(0);
    private Thread thread;
    private volatile boolean done;
    private volatile boolean destroyRequested;
    private BooleanSupplier blockedOn;
    private String blockedReason;
    private Throwable unhandled;
    /** The cancellation scope current on this thread. */
    private CancellationScopeImpl scope;

    WorkflowThread(DeterministicRunner runner, String name, Runnable body, List<Object> contexts) {
        this.runner = runner;
        this.name = name;
        this.body = body;
        this.contexts = contexts;
    }

    /**
     * The workflow thread running the caller.
     *
     * @throws IllegalStateException outside workflow code
     */
    static WorkflowThread current() {
        WorkflowThread t = CURRENT.get();
        if (t == null) {
            throw new IllegalStateException("This method may only be called from workflow code, on a workflow "
                    + "thread (a workflow method or a function started with Async)");
        }
        return t;
    }

    static WorkflowThread currentOrNull() {
        return CURRENT.get();
    }

    DeterministicRunner runner() {
        return runner;
    }

    String name() {
        return name;
    }

    boolean isDone() {
        return done;
    }

    Throwable unhandled() {
        return unhandled;
    }

    String blockedReason() {
        return blockedReason;
    }

    CancellationScopeImpl scope() {
        return scope;
    }

    void setScope(CancellationScopeImpl scope) {
        this.scope = scope;
    }

    Thread javaThread() {
        return thread;
    }

    /** Whether the runner may resume this thread now: not started yet, or its wait condition holds. */
    boolean isRunnable() {
        if (done) {
            return false;
        }
        if (thread == null || blockedOn == null) {
            return true;
        }
        try {
            return blockedOn.getAsBoolean();
        } catch (RuntimeException e) {
            // Let the thread itself re-evaluate and see the exception.
            return true;
        }
    }

    /** Called by the runner: start or resume the thread. The runner then waits for it to yield. */
    void resumeByRunner() {
        if (thread == null) {
            thread = Thread.ofVirtual().name(name).unstarted(this::run);
            thread.start();
        } else {
            resume.release();
        }
    }

    private void run() {
        CURRENT.set(this);
        ContextPropagation propagation = runner.context.propagation();
        try {
            if (!destroyRequested) {
                propagation.makeCurrent(contexts);
                body.run();
            }
        } catch (DestroyWorkflowThreadError e) {
            // The run was evicted; unwinding is all there is to do.
        } catch (Throwable t) {
            unhandled = t;
        } finally {
            try {
                propagation.clear();
            } catch (RuntimeException e) {
                // the thread ends: its thread-local contexts go with it
            }
            done = true;
            CURRENT.remove();
            runner.threadYielded();
        }
    }

    /**
     * Called by workflow code: blocks this workflow thread until {@code condition} holds,
     * letting the other threads of the run progress meanwhile.
     */
    void yieldUntil(String reason, BooleanSupplier condition) {
        if (destroyRequested) {
            throw new DestroyWorkflowThreadError();
        }
        if (condition.getAsBoolean()) {
            return;
        }
        blockedOn = condition;
        blockedReason = reason;
        runner.threadYielded();
        resume.acquireUninterruptibly();
        if (destroyRequested) {
            throw new DestroyWorkflowThreadError();
        }
        blockedOn = null;
        blockedReason = null;
    }

    /** Makes the thread unwind at its next (or current) yield point. */
    void requestDestroy() {
        destroyRequested = true;
    }
}
