package io.reprise.engine.api;

import java.time.Instant;

/**
 * An activity of a running execution that has not closed yet.
 *
 * @param state {@code SCHEDULED} (waiting in its task queue or for its retry backoff) or {@code STARTED}
 * @param attempt the current attempt, 1-based
 * @param lastFailure the failure of the previous attempt, or {@code null}
 * @param nextAttemptScheduleTime when the next attempt becomes available after a backoff, or {@code null}
 * @param heartbeatDetails the details of the last heartbeat (of this or an earlier attempt), or empty
 * @param lastHeartbeatTime when the current attempt last heartbeated, or {@code null}
 * @param cancelRequested whether the workflow asked to cancel it
 */
public record PendingActivity(
        String activityId,
        String activityType,
        long scheduledEventId,
        String state,
        int attempt,
        Instant scheduledTime,
        Instant lastStartedTime,
        Failure lastFailure,
        String lastWorkerIdentity,
        Instant nextAttemptScheduleTime,
        java.util.List<io.reprise.common.Payload> heartbeatDetails,
        Instant lastHeartbeatTime,
        boolean cancelRequested) {

    public PendingActivity {
        heartbeatDetails = heartbeatDetails == null ? java.util.List.of() : java.util.List.copyOf(heartbeatDetails);
    }
}
