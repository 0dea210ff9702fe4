package io.reprise.testing;

import io.reprise.engine.api.TimeSkippingProbe;
import io.reprise.engine.timer.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Moves the test clock forward, on top of its real-time pace: to the next durable timer when the
 * engine is idle, or by a fixed amount.
 */
final class TimeSkipper {

    /** How long the engine must look idle before time jumps; absorbs hand-offs between threads. */
    private static final long SETTLE_NANOS = Duration.ofMillis(3).toNanos();

    private final TimeSkippingProbe engine;
    private final ManualClock clock;
    private final long sleepIdleWaitNanos;

    TimeSkipper(TimeSkippingProbe engine, ManualClock clock, Duration sleepIdleWait) {
        this.engine = engine;
        this.clock = clock;
        this.sleepIdleWaitNanos = sleepIdleWait.toNanos();
    }

    /** Jumps to the next timer if the engine stays idle for a moment. Returns whether time moved. */
    synchronized boolean skipIfIdle() {
        if (!awaitIdle(SETTLE_NANOS * 2)) {
            return false;
        }
        Optional<Instant> next = engine.nextTimerDueTime();
        if (next.isPresent() && next.get().isAfter(clock.now())) {
            clock.advanceTo(next.get());
            return true;
        }
        return false;
    }

    /**
     * Advances the clock by {@code duration}, stopping at every timer due on the way and letting
     * the work it triggers settle (up to the sleep idle wait of real time per step) before going on.
     */
    synchronized void advance(Duration duration) {
        Instant target = clock.now().plus(duration);
        while (true) {
            awaitIdle(sleepIdleWaitNanos);
            Optional<Instant> next = engine.nextTimerDueTime();
            if (next.isPresent() && next.get().isAfter(clock.now()) && !next.get().isAfter(target)) {
                clock.advanceTo(next.get());
                continue;
            }
            clock.advanceTo(target);
            awaitIdle(sleepIdleWaitNanos);
            return;
        }
    }

    /** Waits until the engine has been idle for {@link #SETTLE_NANOS}; false if that took longer than {@code maxNanos}. */
    private boolean awaitIdle(long maxNanos) {
        long start = System.nanoTime();
        long idleSince = -1;
        while (System.nanoTime() - start < maxNanos + SETTLE_NANOS) {
            if (engine.isBusy()) {
                idleSince = -1;
            } else if (idleSince < 0) {
                idleSince = System.nanoTime();
            } else if (System.nanoTime() - idleSince >= SETTLE_NANOS) {
                return true;
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(0, 200_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
