package io.reprise.internal.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poller threads for one Task Queue: each takes a slot and polls; a poll that brings a task hands the
 * polling on to another virtual thread ({@link TaskThreads}: an idle one from an earlier task, or a new
 * one) and runs the task itself, releasing the slot when done, so a worker never holds a task it cannot
 * run. The task starts on the thread its poll woke, without waiting for a second thread to be scheduled;
 * the next poll waits for that instead, beside the task.
 * A failed poll is retried after a {@link PollBackoff}; the first failure of a streak is logged
 * (WARN when waiting may help, ERROR when the engine refused the request), the rest at DEBUG, and
 * the recovery once. The workflow and activity workers use one each (two for workflow tasks: the
 * task queue and the sticky queue, sharing slots).
 *
 * <p>With a {@code maxThreadCount} above {@code threadCount}, a poll that brought a task starts one
 * more poller thread (while a slot is free and fewer than {@code maxThreadCount} run), and such an
 * extra thread ends when its poll comes back empty or fails: a queue that keeps handing out tasks
 * gets more polls at once, an idle one goes back to {@code threadCount}. Activity workers use this
 * because an activity poll that takes a waiting task also waits for the commit of the attempt's
 * start; more polls at once keep some pollers parked, and a task scheduled while one is parked
 * starts without a commit of its own (docs/benchmarks.md, session 4).
 *
 * @param <T> the task type
 */
final class Poller<T> {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    /** One poll, which may wait for a task. Interrupted when the worker stops. */
    interface Source<T> {
        Optional<T> poll() throws InterruptedException;
    }

    private static final int HEALTHY = 0;
    private static final int RETRYING = 1;
    private static final int REFUSED = 2;

    private final String threadName;
    private final String what;
    private final int threadCount;
    private final int maxThreadCount;
    private final Semaphore slots;
    private final Source<T> source;
    private final Function<T, String> taskThreadName;
    private final Consumer<T> handler;
    private final WorkerClock clock;
    private final Supplier<PollBackoff> backoffs;
    /**
     * The threads polling and tasks run on; reused, as each new thread's first park allocates. A thread
     * polls until its poll brings a task, then runs the task, then waits to poll or run again.
     */
    private final TaskThreads taskThreads;
    /** Threads polling now (as opposed to running a task): those {@link #stop()} interrupts. */
    private final Set<Thread> polling = ConcurrentHashMap.newKeySet();
    /**
     * Held by {@link #stop()} while it interrupts the polling threads, and by a thread that leaves them to run the
     * task its poll brought: an interrupt meant for a poll never reaches the task.
     */
    private final ReentrantLock pollingLock = new ReentrantLock();
    /** Of the {@link #threadCount} polls that always go on, those still going on (handed from thread to thread). */
    private final AtomicInteger pollLoops = new AtomicInteger();
    /** Polls going on beyond {@link #threadCount} (see {@link #startExtraThread()}). */
    private final AtomicInteger extraCount = new AtomicInteger();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger processing = new AtomicInteger();
    /** What was logged last: {@link #HEALTHY}, {@link #RETRYING} or {@link #REFUSED}. */
    private final AtomicInteger logged = new AtomicInteger(HEALTHY);
    private volatile boolean started;
    private volatile boolean stopping;
    private volatile Instant lastPollTime;

    /**
     * @param threadName poller thread names, {@code -<n>} appended
     * @param what what is polled, for logs (e.g. {@code activity tasks on "orders"})
     * @param threadCount poller threads that always run
     * @param maxThreadCount poller threads that may run while polls bring tasks (at least {@code threadCount})
     * @param slots taken before each poll, released when the task's handler returns
     * @param backoffs a new backoff for each poller thread
     */
    Poller(String threadName, String what, int threadCount, int maxThreadCount, Semaphore slots, Source<T> source,
            Function<T, String> taskThreadName, Consumer<T> handler, WorkerClock clock,
            Supplier<PollBackoff> backoffs) {
        if (maxThreadCount < threadCount) {
            throw new IllegalArgumentException("maxThreadCount " + maxThreadCount + " is below threadCount "
                    + threadCount);
        }
        this.threadName = threadName;
        this.what = what;
        this.threadCount = threadCount;
        this.maxThreadCount = maxThreadCount;
        this.slots = slots;
        this.source = source;
        this.taskThreadName = taskThreadName;
        this.handler = handler;
        this.clock = clock;
        this.backoffs = backoffs;
        this.taskThreads = new TaskThreads(threadName + "-idle-task");
    }

    void start() {
        started = true;
        for (int i = 0; i < threadCount; i++) {
            String name = threadName + "-" + i;
            pollLoops.incrementAndGet();
            taskThreads.run(name, () -> pollLoop(name, false));
        }
    }

    /** Whether {@link #stop()} was called. */
    boolean isStopped() {
        return stopping;
    }

    /** Stops polling at once (polls in progress are interrupted); running tasks go on. */
    void stop() {
        stopping = true;
        pollingLock.lock();
        try {
            polling.forEach(Thread::interrupt);
        } finally {
            pollingLock.unlock();
        }
        taskThreads.close();
    }

    /** Interrupts the tasks still running (after a graceful stop timed out). */
    void interruptRunning() {
        running.forEach(Thread::interrupt);
    }

    /** The polls that always go on (not counting extra ones), once started. */
    int threadsStarted() {
        return started ? threadCount : 0;
    }

    /** Those of {@link #threadsStarted} still going on: fewer once stopped, or when one ended by an error. */
    int threadsAlive() {
        return pollLoops.get();
    }

    /** Extra poller threads running now, started because polls brought tasks. */
    int extraThreads() {
        return extraCount.get();
    }

    /** Tasks handed to a handler that has not returned yet. */
    int processing() {
        return processing.get();
    }

    Instant lastPollTime() {
        return lastPollTime;
    }

    /**
     * Polls until stopped, or until a poll brings a task: then another thread takes over the polling and
     * this one runs the task. An {@code extra} poll also ends after an empty or failed poll.
     */
    private void pollLoop(String name, boolean extra) {
        Thread self = Thread.currentThread();
        polling.add(self);
        boolean handedOver = false;
        try {
            handedOver = poll(name, extra, self);
        } finally {
            polling.remove(self);
            if (!handedOver) {
                (extra ? extraCount : pollLoops).decrementAndGet();
            }
        }
    }

    /** {@code true} once a task came and the polling went on on another thread: the task ran on this one. */
    private boolean poll(String name, boolean extra, Thread self) {
        PollBackoff backoff = backoffs.get();
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return false;
            }
            Optional<T> task;
            try {
                lastPollTime = Instant.now();
                task = source.poll();
            } catch (InterruptedException e) {
                slots.release();
                return false;
            } catch (RuntimeException e) {
                slots.release();
                if (stopping || extra) {
                    return false;
                }
                Duration wait = backoff.afterFailure(e);
                reportFailure(e, wait);
                try {
                    clock.sleep(wait.toNanos());
                } catch (InterruptedException ie) {
                    return false;
                }
                continue;
            }
            if (backoff.failures() > 0) {
                backoff.reset();
                if (logged.getAndSet(HEALTHY) != HEALTHY) {
                    log.info("Polling {} works again", what);
                }
            }
            if (task.isEmpty()) {
                slots.release();
                if (extra) {
                    return false;
                }
                continue;
            }
            startExtraThread();
            T t = task.get();
            processing.incrementAndGet();
            // Not a poller any more: stop() must not interrupt the task (interruptRunning() may). An interrupt that
            // stop() sent while this thread was still polling was meant for the poll, which brought a task anyway
            // (the engine took it out of its queue for this worker): the task runs, without it.
            pollingLock.lock();
            try {
                polling.remove(self);
                Thread.interrupted();
            } finally {
                pollingLock.unlock();
            }
            taskThreads.run(name, () -> pollLoop(name, extra));
            runTask(t, self);
            return true;
        }
        return false;
    }

    private void runTask(T task, Thread self) {
        String taskName = taskThreadName.apply(task);
        if (!self.getName().equals(taskName)) {
            self.setName(taskName);
        }
        running.add(self);
        try {
            handler.accept(task);
        } finally {
            running.remove(self);
            processing.decrementAndGet();
            slots.release();
        }
    }

    /** After a poll brought a task: one more poll at once, if allowed and a slot is free. */
    private void startExtraThread() {
        int extras = extraCount.get();
        if (stopping || threadCount + extras >= maxThreadCount || slots.availablePermits() == 0
                || !extraCount.compareAndSet(extras, extras + 1)) {
            return;
        }
        String name = threadName + "-extra";
        taskThreads.run(name, () -> pollLoop(name, true));
    }

    private void reportFailure(RuntimeException e, Duration wait) {
        boolean retryable = PollBackoff.isRetryable(e);
        int kind = retryable ? RETRYING : REFUSED;
        if (logged.getAndSet(kind) == kind) {
            log.debug("Polling {} failed again; next poll in {} ms", what, wait.toMillis(), e);
        } else if (retryable) {
            log.warn("Polling {} failed: {}; polling again with a growing backoff (at most every {} s) until it "
                    + "works, further failures at DEBUG", what, e.getMessage(), PollBackoff.MAXIMUM.toSeconds(), e);
        } else {
            log.error("Polling {} was refused: {}. Waiting will not change that: check the worker's namespace, "
                    + "task queue and credentials. Polling again every {} s; further refusals at DEBUG", what, e.getMessage(),
                    PollBackoff.MAXIMUM.toSeconds());
        }
    }
}
