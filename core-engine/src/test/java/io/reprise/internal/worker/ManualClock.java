package io.reprise.internal.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A {@link WorkerClock} that moves only when told: {@link #advance} runs the timers that come due
 * on the way, in order; {@link #sleep} records the wait and advances by it at once.
 */
final class ManualClock implements WorkerClock {

    private record Scheduled(long dueNanos, long sequence, Runnable action) {
    }

    private final PriorityQueue<Scheduled> timers = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
            ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.sequence, b.sequence));
    private final List<Duration> sleeps = new ArrayList<>();
    /** Not zero, so code that treats 0 specially is caught. */
    private long now = 5_000_000_000L;
    private long sequence;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public void sleep(long nanos) {
        synchronized (this) {
            sleeps.add(Duration.ofNanos(nanos));
        }
        advance(Duration.ofNanos(nanos));
    }

    @Override
    public synchronized Timer schedule(Runnable action, long delayNanos) {
        Scheduled s = new Scheduled(now + delayNanos, sequence++, action);
        timers.add(s);
        return () -> {
            synchronized (this) {
                timers.remove(s);
            }
        };
    }

    /** Moves time forward by {@code by}, running each timer due on the way at its due time. */
    void advance(Duration by) {
        long target;
        synchronized (this) {
            target = now + by.toNanos();
        }
        while (true) {
            Scheduled due;
            synchronized (this) {
                due = timers.peek();
                if (due == null || due.dueNanos > target) {
                    now = target;
                    return;
                }
                timers.poll();
                now = due.dueNanos;
            }
            due.action.run();
        }
    }

    /** Time since {@code origin}, a value of {@link #nanoTime}. */
    synchronized Duration since(long origin) {
        return Duration.ofNanos(now - origin);
    }

    /** Every wait passed to {@link #sleep}, in order. */
    synchronized List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    synchronized int pendingTimers() {
        return timers.size();
    }
}
