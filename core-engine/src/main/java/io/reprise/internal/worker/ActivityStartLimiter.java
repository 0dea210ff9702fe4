package io.reprise.internal.worker;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The worker's activity rate limit ({@code WorkerOptions.maxActivitiesPerSecond}): polls take
 * turns, and each waits until {@code 1 / rate} after the last poll that brought a task, so
 * activities start no faster than the rate (a poll that brings nothing does not count).
 *
 * <p>The turn is a {@link ReentrantLock}, not a monitor: it is held during a long poll, and on
 * Java 21–23 a virtual thread blocked inside {@code synchronized} pins its carrier thread, so a
 * few such pollers would stall every other virtual thread (workflow code included).
 */
final class ActivityStartLimiter {

    /** One poll, which may wait for a task. */
    interface Poll<T> {
        Optional<T> poll() throws InterruptedException;
    }

    private final long intervalNanos;
    private final WorkerClock clock;
    private final ReentrantLock turn = new ReentrantLock();
    /** Guarded by {@link #turn}. */
    private boolean started;
    /** Guarded by {@link #turn}: no poll before this {@link WorkerClock#nanoTime}, once {@link #started}. */
    private long nextStartNanos;

    ActivityStartLimiter(double perSecond, WorkerClock clock) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("maxActivitiesPerSecond must be positive, got " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.clock = clock;
    }

    /** Waits for this poller's turn and for the interval to pass, then polls. */
    <T> Optional<T> poll(Poll<T> poll) throws InterruptedException {
        turn.lockInterruptibly();
        try {
            if (started) {
                long wait = nextStartNanos - clock.nanoTime();
                if (wait > 0) {
                    clock.sleep(wait);
                }
            }
            Optional<T> task = poll.poll();
            if (task.isPresent()) {
                started = true;
                nextStartNanos = clock.nanoTime() + intervalNanos;
            }
            return task;
        } finally {
            turn.unlock();
        }
    }
}
