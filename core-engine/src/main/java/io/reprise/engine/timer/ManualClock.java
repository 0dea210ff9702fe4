package io.reprise.engine.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A clock that moves only when told to. Threads waiting for a deadline are woken whenever the
 * time advances, so durable timers fire as soon as the clock passes them.
 */
public final class ManualClock implements EngineClock {

    private volatile Instant now;
    private final Set<Object> monitors = ConcurrentHashMap.newKeySet();

    public ManualClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant now() {
        return now;
    }

    /** Moves the time forward by {@code duration}. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot move a clock backwards: " + duration);
        }
        advanceTo(now.plus(duration));
    }

    /** Moves the time forward to {@code instant}; earlier instants are ignored. */
    public synchronized void advanceTo(Instant instant) {
        if (instant.isAfter(now)) {
            now = instant;
            for (Object monitor : monitors) {
                wakeUp(monitor);
            }
        }
    }

    @Override
    public void waitUntil(Object monitor, Instant deadline) throws InterruptedException {
        monitors.add(monitor);
        synchronized (monitor) {
            if (now.isBefore(deadline)) {
                // Bounded wait so a missed wake-up costs at most this long.
                monitor.wait(50);
            }
        }
    }
}
