package io.reprise.engine.store;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit: callers queue their transitions and block; one writer thread takes everything
 * queued (up to a cap) and writes it in one database transaction, then wakes every caller with
 * its own outcome. An idle writer starts on the first transition at once, so a lone commit pays
 * no batching delay; under load, the transitions that arrive while a batch is written form the
 * next batch.
 */
final class GroupCommitter implements AutoCloseable {

    /** A queued transition and the caller waiting for it. */
    private static final class PendingCommit {
        final Transition transition;
        final Thread caller = Thread.currentThread();
        volatile boolean done;
        RuntimeException failure; // written before done, read after it

        PendingCommit(Transition transition) {
            this.transition = transition;
        }

        void complete(RuntimeException failure) {
            this.failure = failure;
            this.done = true;
            LockSupport.unpark(caller);
        }

        /** Waits for the outcome; an interrupt does not stop the wait (the write goes on anyway). */
        void await() {
            boolean interrupted = false;
            while (!done) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final TransitionWriter writer;
    private final Lock connectionLock;
    private final int maxBatchSize;
    private final Function<Transition, StoreException> closedFailure;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition queueGrew = lock.newCondition();
    private final ArrayDeque<PendingCommit> queue = new ArrayDeque<>();
    private boolean closed;
    private boolean paused;
    private boolean writerWaiting;
    private final AtomicLong batchesWritten = new AtomicLong();

    /**
     * @param connectionLock held while a batch is written, when readers share the writer's
     *     connection; {@code null} otherwise
     * @param closedFailure the error for a transition committed after {@link #close()}
     */
    GroupCommitter(TransitionWriter writer, Lock connectionLock, int maxBatchSize, String threadName,
            Function<Transition, StoreException> closedFailure) {
        this.writer = writer;
        this.connectionLock = connectionLock;
        this.maxBatchSize = maxBatchSize;
        this.closedFailure = closedFailure;
        // A platform thread: it blocks in native database calls, which would pin a virtual one.
        this.thread = Thread.ofPlatform().name(threadName).daemon().unstarted(this::writeUntilClosed);
        thread.start();
    }

    /** Queues {@code transition} and blocks until it is committed; throws its failure otherwise. */
    void commit(Transition transition) {
        PendingCommit pending = new PendingCommit(transition);
        lock.lock();
        try {
            if (closed) {
                throw closedFailure.apply(transition);
            }
            queue.addLast(pending);
            if (writerWaiting) {
                workArrived.signal();
            }
            queueGrew.signalAll();
        } finally {
            lock.unlock();
        }
        pending.await();
        RuntimeException failure = pending.failure;
        if (failure != null) {
            // Created on the writer thread; the caller's stack is the one worth reading.
            failure.fillInStackTrace();
            throw failure;
        }
    }

    private void writeUntilClosed() {
        List<PendingCommit> batch = new ArrayList<>(maxBatchSize);
        List<Transition> transitions = new ArrayList<>(maxBatchSize);
        while (true) {
            lock.lock();
            try {
                while (!closed && (paused || queue.isEmpty())) {
                    writerWaiting = true;
                    workArrived.awaitUninterruptibly();
                    writerWaiting = false;
                }
                if (queue.isEmpty()) {
                    return; // closed, and everything queued before is written
                }
                while (batch.size() < maxBatchSize && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
            } finally {
                lock.unlock();
            }
            for (PendingCommit pending : batch) {
                transitions.add(pending.transition);
            }
            RuntimeException[] failures = writeBatch(transitions);
            batchesWritten.incrementAndGet();
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).complete(failures[i]);
            }
            batch.clear();
            transitions.clear();
        }
    }

    private RuntimeException[] writeBatch(List<Transition> transitions) {
        if (connectionLock != null) {
            connectionLock.lock();
        }
        try {
            return writer.write(transitions);
        } catch (Throwable e) {
            // BatchWriter reports database failures itself; this is a bug or an Error (out of
            // memory). Fail the callers rather than leave them blocked forever.
            RuntimeException[] failures = new RuntimeException[transitions.size()];
            for (int i = 0; i < failures.length; i++) {
                failures[i] = new StoreException("Could not commit the transition of "
                        + transitions.get(i).row().key() + ": unexpected error in the store writer: " + e, e);
            }
            return failures;
        } finally {
            if (connectionLock != null) {
                connectionLock.unlock();
            }
        }
    }

    /**
     * Stops accepting commits, writes every commit queued before, and stops the writer thread.
     * Idempotent; returns once the writer thread has stopped.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
        StoreThreads.joinUninterruptibly(thread);
    }

    // --- test hooks (package-private) ---

    /** Holds queued commits back until {@link #resume()}, so a test can build one batch. */
    void pause() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    void resume() {
        lock.lock();
        try {
            paused = false;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until at least {@code count} commits are queued; {@code false} on timeout. */
    boolean awaitQueued(int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (queue.size() < count) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = queueGrew.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** How many batches (database transactions) the writer has written. */
    long batchesWritten() {
        return batchesWritten.get();
    }
}
