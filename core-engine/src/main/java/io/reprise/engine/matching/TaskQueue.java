package io.reprise.engine.matching;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Task Queue: pending tasks in FIFO order and the pollers waiting for them. A poller that
 * finds the queue empty parks on a condition until a task is added (sync match) or its deadline
 * passes; nothing spins.
 */
final class TaskQueue {

    /** A queue polled this recently is considered to have a live worker (see {@link #hasTaskForActiveWorker}). */
    static final long ACTIVE_POLLER_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition taskAdded = lock.newCondition();
    private final ArrayDeque<QueuedTask> tasks = new ArrayDeque<>();
    private int waitingPollers;
    private boolean polledOnce;
    private long lastPollNanos;
    private boolean closed;
    /** Minimum real time between two hand-outs; 0 = unlimited. */
    private long dispatchIntervalNanos;
    /** No task is handed out before this {@link System#nanoTime}. */
    private long nextDispatchNanos;

    TaskQueue(boolean closed) {
        this.closed = closed;
    }

    void add(QueuedTask task) {
        add(task, false);
    }

    /** Adds {@code task} at the end of the queue, or at its head (a task given back: it was first in line). */
    void add(QueuedTask task, boolean first) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (first) {
                tasks.addFirst(task);
            } else {
                tasks.addLast(task);
            }
            if (waitingPollers > 0) {
                taskAdded.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets the queue's dispatch rate (tasks per second; zero or less: unlimited). */
    void setRateLimit(double tasksPerSecond) {
        lock.lock();
        try {
            dispatchIntervalNanos = tasksPerSecond > 0 ? (long) (1_000_000_000L / tasksPerSecond) : 0;
            taskAdded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest live task, waiting until {@code deadlineNanos} ({@link System#nanoTime}).
     * Returns {@code null} at the deadline, when the queue is closed, or when the thread is
     * interrupted (the interrupt flag is kept set). {@code handedOut} is incremented, under the
     * queue's lock, for the task returned, so there is no moment at which the task is neither
     * queued nor counted.
     */
    QueuedTask take(long deadlineNanos, AtomicInteger handedOut) {
        lock.lock();
        try {
            notePoll();
            while (true) {
                long now = System.nanoTime();
                long rateWait = dispatchIntervalNanos > 0 ? nextDispatchNanos - now : 0;
                QueuedTask task = rateWait > 0 ? null : pollLive();
                if (task != null) {
                    if (dispatchIntervalNanos > 0) {
                        nextDispatchNanos = now + dispatchIntervalNanos;
                    }
                    handedOut.incrementAndGet();
                    return task;
                }
                if (closed || Thread.currentThread().isInterrupted()) {
                    return null;
                }
                long remaining = deadlineNanos - now;
                if (remaining <= 0) {
                    return null;
                }
                if (rateWait > 0) {
                    // The rate limit holds tasks back: wake when the next one may go (or at the deadline).
                    remaining = Math.min(remaining, rateWait);
                }
                waitingPollers++;
                try {
                    taskAdded.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    // A signal meant for us may be lost with the interrupt: pass it on.
                    if (!tasks.isEmpty()) {
                        taskAdded.signal();
                    }
                    return null;
                } finally {
                    waitingPollers--;
                    notePoll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether a live task waits here and a worker is around to take it: a poller is parked on
     * the queue, or one polled it within {@link #ACTIVE_POLLER_WINDOW_NANOS}.
     */
    boolean hasTaskForActiveWorker(long nowNanos) {
        lock.lock();
        try {
            boolean workerAround = waitingPollers > 0
                    || (polledOnce && nowNanos - lastPollNanos < ACTIVE_POLLER_WINDOW_NANOS);
            return workerAround && hasLiveTask();
        } finally {
            lock.unlock();
        }
    }

    int waitingPollers() {
        lock.lock();
        try {
            return waitingPollers;
        } finally {
            lock.unlock();
        }
    }

    /** Live tasks waiting; stale ones are dropped on the way. */
    int size() {
        lock.lock();
        try {
            tasks.removeIf(QueuedTask::isStale);
            return tasks.size();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            tasks.clear();
            taskAdded.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void notePoll() {
        polledOnce = true;
        lastPollNanos = System.nanoTime();
    }

    private QueuedTask pollLive() {
        QueuedTask task;
        while ((task = tasks.pollFirst()) != null) {
            if (!task.isStale()) {
                return task;
            }
        }
        return null;
    }

    private boolean hasLiveTask() {
        for (Iterator<QueuedTask> it = tasks.iterator(); it.hasNext(); ) {
            if (!it.next().isStale()) {
                return true;
            }
            it.remove();
        }
        return false;
    }
}
