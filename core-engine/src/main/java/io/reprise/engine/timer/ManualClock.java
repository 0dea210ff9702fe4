package io.reprise.engine.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A clock that tests move forward by hand. It either stands still between moves
 * ({@link #ManualClock(Instant)}) or also runs at real-time pace ({@link #runningFrom(Instant)}):
 * then its time is the start time + the real time elapsed since it was made + every move made by
 * hand. Threads waiting for a deadline are woken whenever the time is moved, so durable timers fire
 * as soon as the clock passes them; on a running clock they also fire when real time reaches them.
 */
public final class ManualClock implements EngineClock {

    /** A standing clock reaches a deadline only by a move, which wakes the waiters; the bound is a safety net. */
    private static final long STANDING_WAIT_MILLIS = 50;
    /** Waits on a running clock are cut at this length so a far deadline cannot overflow a wait. */
    private static final Duration LONGEST_WAIT = Duration.ofDays(1);

    private final Instant start;
    private final boolean running;
    private final long startNanos = System.nanoTime();
    /** The sum of the moves made by hand. */
    private volatile Duration moved = Duration.ZERO;
    private final Set<Object> monitors = ConcurrentHashMap.newKeySet();

    /** A clock that stands at {@code start} until moved. */
    public ManualClock(Instant start) {
        this(start, false);
    }

    private ManualClock(Instant start, boolean running) {
        if (start == null) {
            throw new IllegalArgumentException("a clock needs a start time, got null");
        }
        this.start = start;
        this.running = running;
    }

    /** A clock that starts at {@code start}, runs at real-time pace and can also be moved forward. */
    public static ManualClock runningFrom(Instant start) {
        return new ManualClock(start, true);
    }

    /** Whether the clock runs at real-time pace between moves (false: it stands still). */
    public boolean isRunning() {
        return running;
    }

    @Override
    public Instant now() {
        Instant time = start.plus(moved);
        return running ? time.plusNanos(System.nanoTime() - startNanos) : time;
    }

    /** Moves the time forward by {@code duration}. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock backwards: " + duration);
        }
        synchronized (this) {
            moved = moved.plus(duration);
        }
        wakeWaiters();
    }

    /** Moves the time forward to {@code instant}; earlier instants are ignored. */
    public void advanceTo(Instant instant) {
        synchronized (this) {
            Instant now = now();
            if (!instant.isAfter(now)) {
                return;
            }
            moved = moved.plus(Duration.between(now, instant));
        }
        wakeWaiters();
    }

    private void wakeWaiters() {
        for (Object monitor : monitors) {
            wakeUp(monitor);
        }
    }

    @Override
    public void waitUntil(Object monitor, Instant deadline) throws InterruptedException {
        // Registered before the time is read: a move after the read finds the monitor and wakes it.
        monitors.add(monitor);
        synchronized (monitor) {
            Duration remaining = Duration.between(now(), deadline);
            if (remaining.isNegative() || remaining.isZero()) {
                return;
            }
            if (running) {
                TimeUnit.NANOSECONDS.timedWait(monitor, min(remaining, LONGEST_WAIT).toNanos());
            } else {
                monitor.wait(STANDING_WAIT_MILLIS);
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
