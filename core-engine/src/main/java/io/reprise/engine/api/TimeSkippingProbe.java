package io.reprise.engine.api;

import java.time.Instant;
import java.util.Optional;

/**
 * What a time-skipping test kit asks of an engine besides its {@link EngineService} calls: when it
 * may move the engine's clock, and to when. It jumps to {@link #nextTimerDueTime()} once
 * {@link #isBusy()} has stayed {@code false} for a moment.
 */
public interface TimeSkippingProbe {

    /**
     * Whether work is in progress that moving the clock forward could disturb: a timer due or being
     * handled, a task waiting on a queue a worker polls or being handed to a poller, a workflow task
     * or activity attempt started, a delivery between executions or a retention sweep under way.
     * Tasks waiting on queues nobody polls do not count. A {@code false} is a consistent view: if
     * anything moved while it was checked, the answer is {@code true}.
     */
    boolean isBusy();

    /** The earliest time at which some durable timer (a sleep, a retry backoff, a timeout) is due; empty when none is armed. */
    Optional<Instant> nextTimerDueTime();
}
