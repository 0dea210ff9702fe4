package io.reprise.engine.timer;

import java.time.Instant;

/**
 * The engine's source of time. Production uses {@link #system()}; the test kit uses a
 * {@link ManualClock} that runs at real-time pace (or stands still) and that it moves forward
 * (time skipping).
 */
public interface EngineClock {

    /** The current time. */
    Instant now();

    /**
     * Blocks the calling thread until {@code deadline} (by this clock) or until {@link #wakeUp}
     * is called or the thread is interrupted, whichever comes first. Spurious returns are allowed:
     * callers re-check the time.
     */
    void waitUntil(Object monitor, Instant deadline) throws InterruptedException;

    /** Wakes threads blocked in {@link #waitUntil} on {@code monitor}. */
    default void wakeUp(Object monitor) {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    static EngineClock system() {
        return SystemClock.INSTANCE;
    }
}
