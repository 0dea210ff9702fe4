package io.reprise.engine.matching;

/**
 * A poller parked on a queue and set aside ({@link MatchingService#reserveWaitingPoller}) for a
 * task that a transition about to commit creates: the transition can record the task as started
 * by this poller in the same commit, instead of the poller committing the start after it took the
 * task. Exactly one of {@link #handOver} and {@link #release} must follow; until then the poller
 * waits, even past its poll's deadline.
 */
public interface ReservedPoller {

    /** The identity the poller sent with its poll. */
    String identity();

    /** After the commit: the poll returns what the engine's starter makes of {@code task}. */
    void handOver(QueuedTask task);

    /** The transition did not commit: the poller polls on as if never reserved. */
    void release();
}
