package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import java.time.Instant;

/**
 * A worker took the current attempt, and the attempt closes. As in Temporal, the start is committed
 * as state when the worker takes the attempt ({@link #start}), before the task is handed over, and
 * written as ActivityTaskStarted only when the attempt closes ({@link #appendStarted}), dated when
 * the attempt really started.
 *
 * <p>Because the start is durable, an engine that restarts finds the attempt started and counts it:
 * the next run of the activity is the next attempt (see {@code Recovery}).
 */
public final class ActivityTaskStartedProcessor {

    private ActivityTaskStartedProcessor() {
    }

    /** The worker {@code identity} took the current attempt: commit it as started (no event). */
    public static void start(TransitionContext tx, ActivityState activity, String identity) {
        activity.start(tx.now(), identity);
        tx.stateChanged();
    }

    /**
     * Writes (or buffers) the closing attempt's ActivityTaskStarted, dated when the attempt started
     * (now, if it closes without having been started, e.g. completed by id while queued).
     *
     * @param fallbackIdentity who ran the attempt when no start recorded it
     * @return the event's id, or {@code 0} when buffered
     */
    static long appendStarted(TransitionContext tx, ActivityState activity, String fallbackIdentity) {
        Instant startedTime = activity.startedTime != null ? activity.startedTime : tx.now();
        String identity = activity.startedIdentity != null ? activity.startedIdentity : fallbackIdentity;
        return tx.appendForWorkflow(new EventAttributes.ActivityTaskStarted(activity.scheduledEventId, identity,
                activity.attempt, activity.lastFailure), startedTime);
    }
}
