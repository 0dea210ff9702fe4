package io.reprise.engine.timer;

import java.time.Duration;

/** Deadlines, on {@link System#nanoTime}, of the waits a call makes (for an outcome, or a worker's answer). */
public final class Deadlines {

    private Deadlines() {
    }

    /** The deadline {@code wait} from now; a null or negative wait is now, an endless one far away. */
    public static long after(Duration wait) {
        return System.nanoTime() + nanos(wait);
    }

    private static long nanos(Duration wait) {
        if (wait == null || wait.isNegative()) {
            return 0;
        }
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
