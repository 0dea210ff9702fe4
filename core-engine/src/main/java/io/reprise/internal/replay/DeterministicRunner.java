package io.reprise.internal.replay;

import io.reprise.engine.timer.CoarseTimeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the workflow threads of one run, one at a time, in a fixed order: threads are resumed
 * in creation order, repeatedly, until none can make progress. Given the same history, the
 * same code therefore interleaves the same way on every replay.
 */
final class DeterministicRunner {

    final WorkflowContext context;
    private final String runName;
    private final long deadlockTimeoutMillis;
    private final List<WorkflowThread> threads = new ArrayList<>();
    /** A permit per yield of a workflow thread; the runner takes one per resume. */
    private final Semaphore yielded = new Semaphore(0);
    /** The thread in {@link #runUntilAllBlocked} (or {@link #close}), unparked by each yield. */
    private volatile Thread runnerThread;
    private int threadCounter;
    private boolean closed;

    DeterministicRunner(WorkflowContext context, String runName, Duration deadlockTimeout) {
        this.context = context;
        this.runName = runName;
        this.deadlockTimeoutMillis = deadlockTimeout.toMillis();
    }

    /** Adds a thread; it first runs in the current or next pass of {@link #runUntilAllBlocked}. */
    WorkflowThread newThread(String name, Runnable body) {
        if (closed) {
            throw new DestroyWorkflowThreadError();
        }
        String threadName = name != null ? name : "workflow[" + runName + "]-" + (++threadCounter);
        WorkflowThread creator = WorkflowThread.currentOrNull();
        // A thread started by workflow code inherits its creator's contexts; the others (the workflow method,
        // signal and update handlers) get the run's, from its start header.
        List<Object> contexts = context.propagation().isEmpty() ? List.of()
                : creator != null ? context.propagation().currentContexts() : context.startContexts();
        WorkflowThread t = new WorkflowThread(this, threadName, body, contexts);
        t.setScope(creator != null && creator.scope() != null ? creator.scope() : context.rootScope());
        threads.add(t);
        return t;
    }

    /**
     * Resumes runnable threads until every thread is blocked or done.
     *
     * @throws PotentialDeadlockException when a thread does not yield in time
     * @throws WorkflowThreadFailure when a thread died with an unexpected {@code Error}
     */
    void runUntilAllBlocked() {
        runnerThread = Thread.currentThread();
        boolean progress;
        do {
            progress = false;
            for (int i = 0; i < threads.size(); i++) {
                WorkflowThread t = threads.get(i);
                if (!t.isRunnable()) {
                    continue;
                }
                progress = true;
                t.resumeByRunner();
                awaitYield(t);
                if (t.isDone() && t.unhandled() != null) {
                    throw new WorkflowThreadFailure(t.name(), t.unhandled());
                }
            }
            threads.removeIf(WorkflowThread::isDone);
        } while (progress);
    }

    /**
     * Waits until {@code t} yields or ends, at most the deadlock timeout. Parks until {@link #threadYielded}
     * unparks it; a deadlock timeout of a second or more is watched by {@link CoarseTimeouts} (ending the wait up
     * to a tick late) instead of a timed park, which on a virtual thread wakes the JDK's delay scheduler each time.
     */
    private void awaitYield(WorkflowThread t) {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(deadlockTimeoutMillis);
        long deadline = System.nanoTime() + timeoutNanos;
        boolean coarse = CoarseTimeouts.covers(timeoutNanos);
        Thread self = Thread.currentThread();
        CoarseTimeouts.Timeout timeout = null;
        try {
            while (!yielded.tryAcquire()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    Thread java = t.javaThread();
                    throw new PotentialDeadlockException(t.name(), deadlockTimeoutMillis,
                            java == null ? new StackTraceElement[0] : java.getStackTrace());
                }
                if (timeout == null && coarse) {
                    timeout = CoarseTimeouts.at(deadline, () -> LockSupport.unpark(self));
                }
                if (timeout != null) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, remaining);
                }
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while running workflow code of " + runName,
                            new InterruptedException());
                }
            }
        } finally {
            if (timeout != null) {
                timeout.cancel();
            }
        }
    }

    /** Where each live thread is blocked, in user code: the answer to the built-in stack-trace query. */
    String stackTrace() {
        return WorkflowStackTrace.of(threads);
    }

    /** Called by a workflow thread when it blocks or ends. */
    void threadYielded() {
        yielded.release();
        Thread waiting = runnerThread;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }

    /** Unwinds every thread; threads stuck outside a yield point unwind when they next yield. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (WorkflowThread t : threads) {
            t.requestDestroy();
        }
        for (WorkflowThread t : threads) {
            if (!t.isDone() && t.javaThread() != null) {
                t.resumeByRunner();
                try {
                    yielded.tryAcquire(deadlockTimeoutMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        threads.clear();
    }

    /** A workflow thread ended with a {@code Throwable} its body did not handle. */
    static final class WorkflowThreadFailure extends RuntimeException {
        WorkflowThreadFailure(String threadName, Throwable cause) {
            super("workflow thread \"" + threadName + "\" failed: " + cause, cause);
        }
    }
}
