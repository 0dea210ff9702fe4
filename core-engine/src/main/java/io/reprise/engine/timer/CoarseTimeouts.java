package io.reprise.engine.timer;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The far deadlines of waits that seldom reach them — a poller's long poll, the deadlock timeout of workflow code —
 * kept by one daemon platform thread ({@value #THREAD_NAME}) that looks at them every {@value #TICK_MILLIS} ms,
 * instead of a timed park each.
 *
 * <p>Why: a virtual thread's timed park hands its timeout to the JDK's delay scheduler, and on JDK 25 every
 * timeout handed over wakes that scheduler's platform thread. Each step of a workflow parks a poller and the
 * task thread with a timeout, so that thread woke about 6,500 times a second under the benchmark's everyday
 * load, more often than the store writer (docs/benchmarks.md, issue 14 session 9). Here a wait registers its
 * deadline in a set, parks without a timeout, and takes the deadline out again when it ends; nothing wakes the
 * thread that watches the set, which runs every tick while the set holds a deadline, and ends the waits whose
 * deadline passed by calling their {@code onExpiry}.
 *
 * <p>A wait so watched ends up to a tick after its deadline, so only waits of at least {@link #MIN_WAIT_NANOS}
 * use it ({@link #covers}); shorter ones keep their own timed park. {@code onExpiry} runs on the watching thread: it
 * must be quick and must not block (it signals the waiting thread). It may run after the wait ended by other
 * means, before {@link Timeout#cancel()} took it out, so waits must tolerate a spurious wake-up (they all do:
 * every park may return spuriously).
 */
public final class CoarseTimeouts {

    private static final Logger log = LoggerFactory.getLogger(CoarseTimeouts.class);

    /** The watching thread's name, as thread dumps show it. */
    public static final String THREAD_NAME = "reprise-timeouts";
    static final long TICK_MILLIS = 50;
    /** Waits at least this long are watched here; a wait ends at most one tick late, 5 % of this. */
    public static final long MIN_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final CoarseTimeouts SHARED = new CoarseTimeouts(THREAD_NAME, TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS));

    /** A registered deadline; {@link #cancel()} it when the wait ends. */
    public final class Timeout {
        private final long deadlineNanos;
        private final Runnable onExpiry;

        private Timeout(long deadlineNanos, Runnable onExpiry) {
            this.deadlineNanos = deadlineNanos;
            this.onExpiry = onExpiry;
        }

        /** Takes the deadline out: {@code onExpiry} is not called after this returns (unless it is running now). */
        public void cancel() {
            pending.remove(this);
        }
    }

    private final String threadName;
    private final long tickNanos;
    private final Set<Timeout> pending = ConcurrentHashMap.newKeySet();
    private volatile Thread thread;
    /** The watching thread parks without a timeout, the set being empty: the next deadline must wake it. */
    private volatile boolean idle;

    CoarseTimeouts(String threadName, long tickNanos) {
        this.threadName = threadName;
        this.tickNanos = tickNanos;
    }

    /** Whether a wait of {@code remainingNanos} should be watched here rather than park with its own timeout. */
    public static boolean covers(long remainingNanos) {
        return remainingNanos >= MIN_WAIT_NANOS;
    }

    /**
     * Calls {@code onExpiry} once {@code System.nanoTime()} passed {@code deadlineNanos} (at most a tick later),
     * unless the returned timeout is cancelled first.
     */
    public static Timeout at(long deadlineNanos, Runnable onExpiry) {
        return SHARED.schedule(deadlineNanos, onExpiry);
    }

    Timeout schedule(long deadlineNanos, Runnable onExpiry) {
        Timeout timeout = new Timeout(deadlineNanos, Objects.requireNonNull(onExpiry, "onExpiry"));
        pending.add(timeout);
        Thread watcher = thread;
        if (watcher == null) {
            start();
        } else if (idle) {
            LockSupport.unpark(watcher);
        }
        return timeout;
    }

    /** Deadlines registered and not yet expired or cancelled (for tests). */
    int pendingCount() {
        return pending.size();
    }

    private synchronized void start() {
        if (thread == null) {
            Thread watcher = Thread.ofPlatform().name(threadName).daemon().unstarted(this::watch);
            thread = watcher;
            watcher.start();
        }
    }

    private void watch() {
        while (true) {
            if (pending.isEmpty()) {
                idle = true;
                // Re-checked after idle is set: a deadline added meanwhile either is seen here or sees idle and
                // unparks this thread.
                if (pending.isEmpty()) {
                    LockSupport.park(this);
                }
                idle = false;
                continue;
            }
            LockSupport.parkNanos(this, tickNanos);
            long now = System.nanoTime();
            for (Timeout timeout : pending) {
                if (now - timeout.deadlineNanos >= 0 && pending.remove(timeout)) {
                    try {
                        timeout.onExpiry.run();
                    } catch (RuntimeException | Error e) {
                        log.error("Ending a wait at its deadline failed", e);
                    }
                }
            }
        }
    }
}
