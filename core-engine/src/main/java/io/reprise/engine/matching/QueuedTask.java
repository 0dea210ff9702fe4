package io.reprise.engine.matching;

/**
 * A task waiting in a queue. Matching does not know what it stands for; the engine decides,
 * when a poller takes it, whether it is still current.
 *
 * <p>The engine marks a task stale as soon as it knows the task is obsolete (the activity timed
 * out, the run closed, the task moved to another queue), so queues drop it early and do not
 * count it as work waiting for a worker. A task not marked stale may still turn out obsolete:
 * the engine's check when a poller takes it is the authoritative one.
 */
public abstract class QueuedTask {

    private volatile boolean stale;
    /**
     * Handed to a reserved poller ({@link ReservedPoller#handOver}) rather than taken from a queue: the transition
     * that created it started it already, so it never goes (back) into a queue. Written under the queue's lock
     * before the poller is woken, read by that poller.
     */
    boolean handedOver;

    /** Tells matching to drop this task instead of handing it out. */
    public final void markStale() {
        stale = true;
    }

    public final boolean isStale() {
        return stale;
    }
}
