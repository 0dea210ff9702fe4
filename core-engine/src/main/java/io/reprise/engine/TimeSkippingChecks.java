package io.reprise.engine;

import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.timer.EngineClock;
import io.reprise.engine.timer.TimerService;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells a time-skipping test kit when it may move the clock: whether work is in progress, and
 * when the next timer is due.
 */
final class TimeSkippingChecks {

    private final EngineClock clock;
    private final TimerService<ExecutionKey> timers;
    private final MatchingService matching;
    private final Transitions transitions;
    private final OutboundQueue outbound;
    private final RetentionSweeper retention;

    TimeSkippingChecks(EngineClock clock, TimerService<ExecutionKey> timers, MatchingService matching,
            Transitions transitions, OutboundQueue outbound, RetentionSweeper retention) {
        this.clock = clock;
        this.timers = timers;
        this.matching = matching;
        this.transitions = transitions;
        this.outbound = outbound;
        this.retention = retention;
    }

    /** The earliest time at which some timer of some run is due. */
    Optional<Instant> nextTimerDueTime() {
        return timers.nextDueTime();
    }

    /**
     * Whether work is in progress that moving the clock forward could disturb. True while any of:
     * <ul>
     *   <li>a timer is due (at or before the clock's time) or being handled;</li>
     *   <li>a task waits on a queue that has a worker: a poller is waiting on that queue, or one
     *       polled it within the last second;</li>
     *   <li>a task is being handed to a poller (taken from its queue, not yet started);</li>
     *   <li>a workflow task or an activity attempt is started (a worker polled it and has not yet
     *       completed or failed it, and it has not timed out);</li>
     *   <li>a delivery between runs (a child's start, a signal, a cancellation) or a retention
     *       sweep is in progress.</li>
     * </ul>
     * Tasks waiting on queues nobody polls do not count (no worker will take them; a test may
     * skip time to their Schedule-To-Start timeout).
     *
     * <p>Work moves between these stages on other threads while they are checked one by one; if
     * anything moved during the check, the answer is {@code true}, so a {@code false} is a
     * consistent view.
     */
    boolean isBusy() {
        long before = changeCount();
        boolean busy = timers.nextDueTime().filter(due -> !due.isAfter(clock.now())).isPresent()
                || timers.isFiring()
                || matching.hasTaskForActiveWorker()
                || transitions.startedTasks() > 0
                || outbound.inFlight() > 0
                || retention.isBusy();
        return busy || changeCount() != before;
    }

    private long changeCount() {
        return timers.changeCount() + matching.changeCount() + transitions.startedTaskChanges()
                + outbound.changeCount() + retention.changeCount();
    }
}
