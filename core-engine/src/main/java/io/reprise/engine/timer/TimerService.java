package io.reprise.engine.timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires each key's earliest due time. A key (an execution) has at most one armed time: arming it
 * again replaces the previous one, so the queue holds one entry per execution with a timer.
 *
 * <p>One thread waits for the earliest entry with {@link EngineClock#waitUntil}, so moving a
 * {@link ManualClock} forward fires what became due at once, and on a clock that runs what comes due
 * in real time fires on time. Due keys are handed to
 * {@code onDue} on a virtual thread each, so slow handlers (a store commit) of different
 * executions overlap and their commits can be grouped. The handler re-arms the key if it still
 * has something due later.
 *
 * @param <K> what a timer belongs to
 */
public final class TimerService<K> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimerService.class);
    /** How long the thread sleeps with nothing armed; arming an earlier time wakes it anyway. */
    private static final Duration IDLE_WAIT = Duration.ofHours(1);

    private record Entry<K>(Instant due, long seq, K key) {
    }

    private final EngineClock clock;
    private final Consumer<K> onDue;
    private final Object monitor = new Object();
    private final TreeSet<Entry<K>> queue = new TreeSet<>(
            Comparator.<Entry<K>, Instant>comparing(Entry::due).thenComparingLong(Entry::seq));
    private final Map<K, Entry<K>> armed = new HashMap<>();
    private long seq;
    /** The time the thread waits for while it waits (guarded by the monitor); {@code null} while it does not. */
    private Instant waitingUntil;
    private final AtomicInteger firing = new AtomicInteger();
    /** Grows whenever a due key is taken for handling. */
    private final AtomicLong changes = new AtomicLong();
    private final ExecutorService handlers;
    private final Thread thread;
    private volatile boolean closed;

    public TimerService(EngineClock clock, Consumer<K> onDue, String name) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.onDue = Objects.requireNonNull(onDue, "onDue");
        this.handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-fire-", 0).factory());
        this.thread = Thread.ofPlatform().daemon().name(name).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    /** Arms {@code key} to fire at {@code due}, replacing its previous time; {@code null} disarms it. */
    public void schedule(K key, Instant due) {
        synchronized (monitor) {
            Entry<K> previous = armed.get(key);
            if (previous != null) {
                if (previous.due.equals(due)) {
                    return;
                }
                queue.remove(previous);
                armed.remove(key);
            }
            if (due == null || closed) {
                return;
            }
            Entry<K> entry = new Entry<>(due, seq++, key);
            queue.add(entry);
            armed.put(key, entry);
            // Only a time earlier than the one the thread waits for needs it now. A later one (the same run
            // re-armed for its next step, the common case) is found when that wait ends: no thread wakes.
            if (waitingUntil != null && due.isBefore(waitingUntil)) {
                clock.wakeUp(monitor);
            }
        }
    }

    /** The earliest armed time, if any. */
    public Optional<Instant> nextDueTime() {
        synchronized (monitor) {
            return queue.isEmpty() ? Optional.empty() : Optional.of(queue.first().due);
        }
    }

    /** Whether a due key is being handled right now. */
    public boolean isFiring() {
        return firing.get() > 0;
    }

    /** Grows whenever a due key is taken for handling. */
    public long changeCount() {
        return changes.get();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        clock.wakeUp(monitor);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        handlers.shutdown();
        try {
            handlers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (monitor) {
            queue.clear();
            armed.clear();
        }
    }

    private void run() {
        while (!closed) {
            Entry<K> due;
            // The monitor is held from the check to the wait (waitUntil re-enters it and releases it
            // while waiting), so an earlier time armed in between cannot be missed.
            synchronized (monitor) {
                Entry<K> head = queue.isEmpty() ? null : queue.first();
                Instant now = clock.now();
                if (head == null || head.due.isAfter(now)) {
                    waitingUntil = head == null ? now.plus(IDLE_WAIT) : head.due;
                    try {
                        clock.waitUntil(monitor, waitingUntil);
                    } catch (InterruptedException e) {
                        if (closed) {
                            return;
                        }
                    } finally {
                        waitingUntil = null;
                    }
                    continue;
                }
                queue.pollFirst();
                armed.remove(head.key);
                firing.incrementAndGet();
                changes.incrementAndGet();
                due = head;
            }
            fire(due.key);
        }
    }

    private void fire(K key) {
        try {
            handlers.execute(() -> {
                try {
                    onDue.accept(key);
                } catch (RuntimeException | Error e) {
                    log.error("Handling the due timer of {} failed", key, e);
                } finally {
                    firing.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            firing.decrementAndGet();
        }
    }
}
