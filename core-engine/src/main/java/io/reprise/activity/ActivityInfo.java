package io.reprise.activity;

import java.time.Duration;
import java.time.Instant;

/**
 * What an activity knows about its own execution.
 *
 * @param attempt 1-based attempt number
 * @param scheduledTime when the activity was first scheduled
 * @param currentAttemptScheduledTime when this attempt was scheduled (after any retry backoff)
 * @param startedTime when this attempt started
 * @param taskToken identifies this attempt for completion from outside the activity
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
        byte[] taskToken) {
}
