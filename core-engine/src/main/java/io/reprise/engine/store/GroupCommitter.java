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
 *
 * <p>When {@code callersWrite} is set, a commit that finds nothing being written and nothing queued is
 * written on its caller's thread, as a batch of one: the lone commit (one workflow at a time, a long
 * sequence of steps) is spared waking the writer thread and being woken by it, two thread hand-offs that
 * cost more than the write itself on SQLite. What arrives while it is written queues for the writer
 * thread, which takes it once that write ends. Only one batch is ever written at a time.
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
    private final boolean callersWrite;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final Condition queueGrew = lock.newCondition();
    private final Condition callerWriteEnded = lock.newCondition();
    private final ArrayDeque<PendingCommit> queue = new ArrayDeque<>();
    private boolean closed;
    private boolean paused;
    private boolean writerWaiting;
    /** A batch is being written, by the writer thread or by a caller. */
    private boolean writing;
    private final AtomicLong batchesWritten = new AtomicLong();

    /**
     * @param connectionLock held while a batch is written, when readers share the writer's
     *     connection; {@code null} otherwise
     * @param closedFailure the error for a transition committed after {@link #close()}
     * @param callersWrite whether a commit that finds the committer idle is written on its caller's thread
     *     (the transition writer must then allow being used by one thread after another)
     */
    GroupCommitter(TransitionWriter writer, Lock connectionLock, int maxBatchSize, String threadName,
            Function<Transition, StoreException> closedFailure, boolean callersWrite) {
        this.writer = writer;
        this.callersWrite = callersWrite;
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
        boolean writeHere = false;
        lock.lock();
        try {
            if (closed) {
                throw closedFailure.apply(transition);
            }
            if (callersWrite && !writing && !paused && queue.isEmpty()) {
                writing = true;
                writeHere = true;
            } else {
                queue.addLast(pending);
                if (writerWaiting && !writing) {
                    workArrived.signal();
                }
                queueGrew.signalAll();
            }
        } finally {
            lock.unlock();
        }
        RuntimeException failure;
        if (writeHere) {
            failure = writeOnCaller(transition);
        } else {
            pending.await();
            failure = pending.failure;
        }
        if (failure != null) {
            // Created on the writer thread; the caller's stack is the one worth reading.
            failure.fillInStackTrace();
            throw failure;
        }
    }

    /** Writes a lone transition on the caller's thread, then lets the writer thread take what queued meanwhile. */
    private RuntimeException writeOnCaller(Transition transition) {
        RuntimeException failure;
        try {
            failure = writeBatch(List.of(transition))[0];
        } finally {
            batchesWritten.incrementAndGet();
            lock.lock();
            try {
                writing = false;
                if (writerWaiting) {
                    workArrived.signal();
                }
                callerWriteEnded.signalAll();
            } finally {
                lock.unlock();
            }
        }
        return failure;
    }

    private void writeUntilClosed() {
        List<PendingCommit> batch = new ArrayList<>(maxBatchSize);
        List<Transition> transitions = new ArrayList<>(maxBatchSize);
        while (true) {
            lock.lock();
            try {
                if (!batch.isEmpty()) {
                    batch.clear();
                    writing = false;
                }
                while (!mayWriteQueued() && !(closed && queue.isEmpty())) {
                    writerWaiting = true;
                    workArrived.awaitUninterruptibly();
                    writerWaiting = false;
                }
                if (queue.isEmpty()) {
                    return; // closed, and everything queued before is written
                }
                writing = true;
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
            transitions.clear();
        }
    }

    /** Whether the writer thread may take the queued commits now (the lock held). Closing overrides a pause. */
    private boolean mayWriteQueued() {
        return !writing && !queue.isEmpty() && (!paused || closed);
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
        lock.lock();
        try {
            // A caller may still be writing its own transition (the writer thread has nothing left to wait for).
            while (writing) {
                callerWriteEnded.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
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
