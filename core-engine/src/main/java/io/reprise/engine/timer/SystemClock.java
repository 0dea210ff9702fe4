package io.reprise.engine.timer;

import java.time.Instant;

/** Wall-clock time. */
final class SystemClock implements EngineClock {

    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void waitUntil(Object monitor, Instant deadline) throws InterruptedException {
        synchronized (monitor) {
            long millis = deadline.toEpochMilli() - System.currentTimeMillis();
            if (millis > 0) {
                monitor.wait(millis);
            }
        }
    }
}
