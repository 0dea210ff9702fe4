package io.reprise.internal.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poller threads for one Task Queue: each takes a slot, polls, and hands a task it got to a
 * virtual thread ({@link TaskThreads}: an idle one from an earlier task, or a new one) that
 * releases the slot when done, so a worker never holds a task it cannot run.
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
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    /** Where tasks run; their threads are reused, as each new thread's first park allocates. */
    private final TaskThreads taskThreads;
    /** Poller threads started beyond {@link #threadCount} and still running. */
    private final Set<Thread> extraThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger extraCount = new AtomicInteger();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final AtomicInteger processing = new AtomicInteger();
    /** What was logged last: {@link #HEALTHY}, {@link #RETRYING} or {@link #REFUSED}. */
    private final AtomicInteger logged = new AtomicInteger(HEALTHY);
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
        for (int i = 0; i < threadCount; i++) {
            threads.add(Thread.ofVirtual().name(threadName + "-" + i).start(() -> pollLoop(false)));
        }
    }

    /** Whether {@link #stop()} was called. */
    boolean isStopped() {
        return stopping;
    }

    /** Stops polling at once (polls in progress are interrupted); running tasks go on. */
    void stop() {
        stopping = true;
        threads.forEach(Thread::interrupt);
        extraThreads.forEach(Thread::interrupt);
        taskThreads.close();
    }

    /** Interrupts the tasks still running (after a graceful stop timed out). */
    void interruptRunning() {
        running.forEach(Thread::interrupt);
    }

    /** The poller threads that always run (not counting extra ones). */
    int threadsStarted() {
        return threads.size();
    }

    /** Those of {@link #threadsStarted} still running. */
    int threadsAlive() {
        return (int) threads.stream().filter(Thread::isAlive).count();
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

    /** Polls until stopped; an {@code extra} thread also ends after an empty or failed poll. */
    private void pollLoop(boolean extra) {
        try {
            poll(extra);
        } finally {
            if (extra) {
                extraThreads.remove(Thread.currentThread());
                extraCount.decrementAndGet();
            }
        }
    }

    private void poll(boolean extra) {
        PollBackoff backoff = backoffs.get();
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Optional<T> task;
            try {
                lastPollTime = Instant.now();
                task = source.poll();
            } catch (InterruptedException e) {
                slots.release();
                return;
            } catch (RuntimeException e) {
                slots.release();
                if (stopping || extra) {
                    return;
                }
                Duration wait = backoff.afterFailure(e);
                reportFailure(e, wait);
                try {
                    clock.sleep(wait.toNanos());
                } catch (InterruptedException ie) {
                    return;
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
                    return;
                }
                continue;
            }
            startExtraThread();
            T t = task.get();
            processing.incrementAndGet();
            taskThreads.run(taskThreadName.apply(t), () -> {
                running.add(Thread.currentThread());
                try {
                    handler.accept(t);
                } finally {
                    running.remove(Thread.currentThread());
                    processing.decrementAndGet();
                    slots.release();
                }
            });
        }
    }

    /** After a poll brought a task: one more poll at once, if allowed and a slot is free. */
    private void startExtraThread() {
        int extras = extraCount.get();
        if (stopping || threadCount + extras >= maxThreadCount || slots.availablePermits() == 0
                || !extraCount.compareAndSet(extras, extras + 1)) {
            return;
        }
        Thread thread = Thread.ofVirtual().name(threadName + "-extra").unstarted(() -> pollLoop(true));
        extraThreads.add(thread);
        thread.start();
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
