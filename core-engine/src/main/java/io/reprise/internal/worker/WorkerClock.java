package io.reprise.internal.worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real time as a worker measures and waits for it (rate limits, heartbeat throttling, poll
 * backoff, local activity retries), behind one interface so tests drive that code with a manual
 * clock instead of sleeping and bounding real time. Production uses {@link #SYSTEM}.
 */
interface WorkerClock {

    /** System time; each scheduled action waits on a virtual thread of its own. */
    WorkerClock SYSTEM = new SystemClock();

    /** Now, in nanoseconds from an arbitrary origin (compare only differences, as with {@link System#nanoTime}). */
    long nanoTime();

    /** Waits {@code nanos}; interruptible. */
    void sleep(long nanos) throws InterruptedException;

    /** Runs {@code action} once, {@code delayNanos} from now, on another thread. */
    Timer schedule(Runnable action, long delayNanos);

    /** A scheduled action. */
    interface Timer {
        /** Cancels the action if it has not started yet. */
        void cancel();
    }

    /** {@link #SYSTEM}. */
    final class SystemClock implements WorkerClock {

        private SystemClock() {
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }

        @Override
        public Timer schedule(Runnable action, long delayNanos) {
            // 0 = waiting, 1 = started, 2 = cancelled: cancel() interrupts only a wait, never the action.
            AtomicInteger state = new AtomicInteger();
            Thread waiter = Thread.ofVirtual().name("worker-timer").start(() -> {
                try {
                    TimeUnit.NANOSECONDS.sleep(delayNanos);
                } catch (InterruptedException e) {
                    return;
                }
                if (state.compareAndSet(0, 1)) {
                    action.run();
                }
            });
            return () -> {
                if (state.compareAndSet(0, 2)) {
                    waiter.interrupt();
                }
            };
        }
    }
}
