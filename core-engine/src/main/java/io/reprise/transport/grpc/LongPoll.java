package io.reprise.transport.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The server's side of a long poll (a task poll, an outcome wait, a query or update waiting for its answer): how
 * long it may hold the call, and the interrupt of its handler when the call is cancelled.
 *
 * <p>The hold is {@code min(wait, deadline - 1 s, 60 s)}: the second before the caller's deadline leaves time for
 * an empty answer to travel back, so a poll ends empty rather than {@code DEADLINE_EXCEEDED}, and 60 s bounds what
 * a connection carries without a message (proxies, load balancers).
 *
 * <p>A cancelled call (the caller gone, its deadline passed, the server stopping) interrupts the handler's thread,
 * so the engine's wait ends at once (an interrupted poll returns empty). The interrupt is armed only while the
 * engine call runs, and cleared when it is over, so it never reaches other work of the same thread.
 */
final class LongPoll implements AutoCloseable, Context.CancellationListener {

    /** The longest a server holds one call. */
    static final Duration MAX_HOLD = Duration.ofSeconds(60);
    /** Left before the caller's deadline for the empty answer to reach it. */
    static final Duration DEADLINE_MARGIN = Duration.ofSeconds(1);

    private final Context context;
    private final Thread thread;
    private final Set<LongPoll> active;
    private boolean armed = true;
    private boolean interrupted;

    private LongPoll(Context context, Set<LongPoll> active) {
        this.context = context;
        this.thread = Thread.currentThread();
        this.active = active;
    }

    /**
     * Arms the interrupt of the current thread for the current call.
     *
     * @param active the server's long polls in progress, which this one joins until closed (see {@link #stop})
     */
    static LongPoll start(Set<LongPoll> active) {
        LongPoll poll = new LongPoll(Context.current(), active);
        active.add(poll);
        poll.context.addListener(poll, Runnable::run);
        return poll;
    }

    /** How long the current call may be held for a caller that would wait {@code wait} (null: not at all). */
    static Duration hold(Duration wait) {
        return hold(wait, Context.current().getDeadline());
    }

    static Duration hold(Duration wait, Deadline deadline) {
        Duration hold = wait == null || wait.isNegative() ? Duration.ZERO : wait;
        if (hold.compareTo(MAX_HOLD) > 0) {
            hold = MAX_HOLD;
        }
        if (deadline != null) {
            Duration beforeDeadline = Duration.ofNanos(deadline.timeRemaining(TimeUnit.NANOSECONDS))
                    .minus(DEADLINE_MARGIN);
            if (beforeDeadline.isNegative()) {
                return Duration.ZERO;
            }
            if (beforeDeadline.compareTo(hold) < 0) {
                hold = beforeDeadline;
            }
        }
        return hold;
    }

    /** Whether the call was cancelled: its answer would reach nobody. */
    boolean isCancelled() {
        return context.isCancelled();
    }

    @Override
    public void cancelled(Context cancelled) {
        stop();
    }

    /**
     * Ends the wait now (the server is stopping): the engine call returns what it has (a poll: empty) and the
     * caller gets that answer, instead of a cancelled call.
     */
    synchronized void stop() {
        if (armed) {
            interrupted = true;
            thread.interrupt();
        }
    }

    /** Disarms the interrupt and clears the thread's interrupt flag if it was set by a cancellation. */
    @Override
    public void close() {
        active.remove(this);
        context.removeListener(this);
        synchronized (this) {
            armed = false;
            if (interrupted) {
                Thread.interrupted();
            }
        }
    }
}
