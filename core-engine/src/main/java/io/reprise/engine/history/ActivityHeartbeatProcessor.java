package io.reprise.engine.history;

import io.reprise.common.Payload;
import java.util.List;

/**
 * A heartbeat of the current attempt: no event (as in Temporal, heartbeats live in mutable state);
 * the details and the time are committed, which restarts the Heartbeat Timeout.
 */
public final class ActivityHeartbeatProcessor {

    private ActivityHeartbeatProcessor() {
    }

    /** Records the heartbeat; returns whether the workflow asked to cancel the activity. */
    public static boolean record(TransitionContext tx, ActivityState activity, List<Payload> details) {
        activity.heartbeat(tx.now(), details);
        tx.stateChanged();
        return activity.isCancelRequested();
    }
}
