package io.reprise.activity;

import io.reprise.common.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What an activity knows about its own execution.
 *
 * @param attempt 1-based attempt number
 * @param scheduledTime when the activity was first scheduled
 * @param currentAttemptScheduledTime when this attempt was scheduled (after any retry backoff)
 * @param startedTime when this attempt started
 * @param taskToken identifies this attempt for heartbeats and completion from outside the activity
 *     (empty for a local activity)
 * @param heartbeatDetails raw details of the last heartbeat of a previous attempt; read them with
 *     {@link ActivityExecutionContext#getHeartbeatDetails(Class)}
 * @param local whether this is a local activity
 */
public record ActivityInfo(
        String namespace,
        String workflowId,
        String runId,
        String workflowType,
        String activityId,
        String activityType,
        String taskQueue,
        int attempt,
        Instant scheduledTime,
        Instant currentAttemptScheduledTime,
        Instant startedTime,
        Duration scheduleToCloseTimeout,
        Duration scheduleToStartTimeout,
        Duration startToCloseTimeout,
        Duration heartbeatTimeout,
        byte[] taskToken,
        List<Payload> heartbeatDetails,
        boolean local) {
    public ActivityInfo {
        heartbeatDetails = heartbeatDetails == null ? List.of() : List.copyOf(heartbeatDetails);
        taskToken = taskToken == null ? new byte[0] : taskToken;
    }
}
