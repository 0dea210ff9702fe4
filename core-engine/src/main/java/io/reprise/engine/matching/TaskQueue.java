package io.reprise.engine.matching;

import io.reprise.engine.timer.CoarseTimeouts;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Task Queue: pending tasks in FIFO order and the pollers waiting for them. A poller that
 * finds the queue empty parks until a task is added (sync match) or its deadline passes; nothing
 * spins. A parked poller can also be set aside ({@link #reserve}) for a task that a transition
 * about to commit creates, and then waits for that task (or its release) past its deadline.
 */
final class TaskQueue {

    /** A queue polled this recently is considered to have a live worker (see {@link #hasTaskForActiveWorker}). */
    static final long ACTIVE_POLLER_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<QueuedTask> tasks = new ArrayDeque<>();
    /** Parked pollers, longest waiting first; a poller woken for a task or reserved is off this list. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
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
            wakeOneForTask();
        } finally {
            lock.unlock();
        }
    }

    /** Sets the queue's dispatch rate (tasks per second; zero or less: unlimited). */
    void setRateLimit(double tasksPerSecond) {
        lock.lock();
        try {
            dispatchIntervalNanos = tasksPerSecond > 0 ? (long) (1_000_000_000L / tasksPerSecond) : 0;
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest live task, waiting until {@code deadlineNanos} ({@link System#nanoTime}).
     * Returns {@code null} at the deadline, when the queue is closed, or when the thread is
     * interrupted (the interrupt flag is kept set). {@code handedOut} is incremented, under the
     * queue's lock, for the task returned, so there is no moment at which the task is neither
     * queued nor counted. A poller reserved while parked returns the task handed to it, even
     * after its deadline or an interrupt.
     *
     * @param pollerIdentity who polls, for the transition that reserves this poller
     */
    QueuedTask take(long deadlineNanos, AtomicInteger handedOut, String pollerIdentity) {
        lock.lock();
        try {
            notePoll();
            Waiter waiter = null;
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
                if (waiter == null) {
                    waiter = new Waiter(pollerIdentity, handedOut);
                }
                waiter.wokenForTask = false;
                waiters.addLast(waiter);
                boolean interrupted = false;
                // A long poll's deadline is watched by CoarseTimeouts: no timed park (see there why).
                CoarseTimeouts.Timeout timeout = CoarseTimeouts.covers(remaining)
                        ? CoarseTimeouts.at(now + remaining, waiter::deadlinePassed) : null;
                try {
                    if (timeout != null) {
                        waiter.wake.await();
                    } else {
                        waiter.wake.awaitNanos(remaining);
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                } finally {
                    if (timeout != null) {
                        timeout.cancel();
                    }
                    if (!waiter.wokenForTask && !waiter.reserved) {
                        waiters.remove(waiter);
                    }
                    notePoll();
                }
                if (waiter.reserved) {
                    QueuedTask handed = waiter.awaitHandOver();
                    if (interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    if (handed != null) {
                        return handed;
                    }
                } else if (interrupted) {
                    Thread.currentThread().interrupt();
                    // The wake-up for a task may be lost with the interrupt: pass it on.
                    if (waiter.wokenForTask && !tasks.isEmpty()) {
                        wakeOneForTask();
                    }
                    return null;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets aside the longest-waiting parked poller for a task that is not created yet, if a poller
     * waits and the rate limit lets a task go now; {@code null} otherwise. The caller must either
     * {@link ReservedPoller#handOver hand it the task} or {@link ReservedPoller#release release}
     * it. The reservation counts in {@code handedOut} until then.
     */
    ReservedPoller reserve(AtomicInteger handedOut) {
        lock.lock();
        try {
            if (closed || waiters.isEmpty()) {
                return null;
            }
            if (dispatchIntervalNanos > 0) {
                long now = System.nanoTime();
                if (nextDispatchNanos - now > 0) {
                    return null;
                }
                nextDispatchNanos = now + dispatchIntervalNanos;
            }
            Waiter waiter = waiters.pollFirst();
            waiter.reserved = true;
            handedOut.incrementAndGet();
            return waiter;
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
            boolean workerAround = !waiters.isEmpty()
                    || (polledOnce && nowNanos - lastPollNanos < ACTIVE_POLLER_WINDOW_NANOS);
            return workerAround && hasLiveTask();
        } finally {
            lock.unlock();
        }
    }

    int waitingPollers() {
        lock.lock();
        try {
            return waiters.size();
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
            wakeAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the longest-waiting parked poller, if any, to take the task just added. */
    private void wakeOneForTask() {
        Waiter waiter = waiters.pollFirst();
        if (waiter != null) {
            waiter.wokenForTask = true;
            waiter.wake.signal();
        }
    }

    /** Wakes every parked poller to look again (the queue closed or its rate changed). */
    private void wakeAll() {
        for (Waiter waiter : waiters) {
            waiter.wake.signal();
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

    /** A poller parked in {@link #take}; guarded by the queue's lock. */
    private final class Waiter implements ReservedPoller {
        final String identity;
        final AtomicInteger handedOut;
        final Condition wake = lock.newCondition();
        /** Taken off the list by {@link #add} to take the task it added. */
        boolean wokenForTask;
        /** Taken off the list by {@link #reserve}: waits for {@link #handed} or the release. */
        boolean reserved;
        QueuedTask handed;

        Waiter(String identity, AtomicInteger handedOut) {
            this.identity = identity;
            this.handedOut = handedOut;
        }

        @Override
        public String identity() {
            return identity;
        }

        /**
         * Waits, past the poll's deadline and interrupts, for the reserved task: the transition
         * that creates it is committing and, once durable, the task is this poller's alone.
         * Returns {@code null} if the reservation was released.
         */
        /** Wakes this waiter at its poll's deadline (called by {@link CoarseTimeouts}' thread). */
        void deadlinePassed() {
            lock.lock();
            try {
                wake.signal();
            } finally {
                lock.unlock();
            }
        }

        QueuedTask awaitHandOver() {
            while (reserved && handed == null) {
                wake.awaitUninterruptibly();
            }
            return handed;
        }

        @Override
        public void handOver(QueuedTask task) {
            lock.lock();
            try {
                task.handedOver = true;
                handed = task;
                wake.signal();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void release() {
            lock.lock();
            try {
                if (reserved && handed == null) {
                    reserved = false;
                    handedOut.decrementAndGet();
                    wake.signal();
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
