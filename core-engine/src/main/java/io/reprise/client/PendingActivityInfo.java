package io.reprise.client;

import io.reprise.common.Payload;
import io.reprise.failure.FailureInfo;
import java.time.Instant;
import java.util.List;

/**
 * An activity of a run that has not closed yet, as {@link WorkflowClient#describe} reports it.
 *
 * @param scheduledEventId the id of its {@code ActivityTaskScheduled} event in the run's history
 * @param state whether it waits ({@code SCHEDULED}) or a worker runs it ({@code STARTED})
 * @param attempt the current attempt, 1-based
 * @param lastStartedTime when the current attempt started, or {@code null}
 * @param lastFailure the failure of the previous attempt, or {@code null}
 * @param lastWorkerIdentity the identity of the worker that last started it, or {@code null}
 * @param nextAttemptScheduleTime when the next attempt becomes available after a backoff, or {@code null}
 * @param heartbeatDetails the details of the last heartbeat (of this or an earlier attempt), or empty
 * @param lastHeartbeatTime when the current attempt last heartbeated, or {@code null}
 * @param cancelRequested whether the workflow asked to cancel it
 */
public record PendingActivityInfo(
        String activityId,
        String activityType,
        long scheduledEventId,
        State state,
        int attempt,
        Instant scheduledTime,
        Instant lastStartedTime,
        FailureInfo lastFailure,
        String lastWorkerIdentity,
        Instant nextAttemptScheduleTime,
        List<Payload> heartbeatDetails,
        Instant lastHeartbeatTime,
        boolean cancelRequested) {

    public PendingActivityInfo {
        heartbeatDetails = heartbeatDetails == null ? List.of() : List.copyOf(heartbeatDetails);
    }

    /** Where a pending activity is. */
    public enum State {
        /** Waiting in its task queue, or for its retry backoff to end. */
        SCHEDULED,
        /** A worker is running the current attempt. */
        STARTED
    }
}
