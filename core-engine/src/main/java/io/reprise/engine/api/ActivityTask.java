package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An Activity Task handed to a worker: one attempt of one activity. Timeouts are the effective
 * ones (defaults applied); a zero duration means "not set".
 *
 * @param scheduledTime when the activity was first scheduled
 * @param currentAttemptScheduledTime when this attempt was scheduled (after the retry backoff)
 * @param heartbeatDetails details recorded by the previous attempt's last heartbeat, if any
 * @param header the header the workflow scheduled the activity with (context propagation); the same for every
 *     attempt; empty for none
 */
public record ActivityTask(
        byte[] taskToken,
        String namespace,
        WorkflowExecution execution,
        String workflowType,
        String activityId,
        String activityType,
        String taskQueue,
        List<Payload> input,
        Instant scheduledTime,
        Instant currentAttemptScheduledTime,
        Instant startedTime,
        int attempt,
        Duration scheduleToCloseTimeout,
        Duration scheduleToStartTimeout,
        Duration startToCloseTimeout,
        Duration heartbeatTimeout,
        List<Payload> heartbeatDetails,
        Map<String, Payload> header) {
    public ActivityTask {
        input = input == null ? List.of() : List.copyOf(input);
        heartbeatDetails = heartbeatDetails == null ? List.of() : List.copyOf(heartbeatDetails);
        header = StartWorkflowRequest.headerCopy(header);
    }

    /** A task without a header. */
    public ActivityTask(byte[] taskToken, String namespace, WorkflowExecution execution, String workflowType,
            String activityId, String activityType, String taskQueue, List<Payload> input, Instant scheduledTime,
            Instant currentAttemptScheduledTime, Instant startedTime, int attempt, Duration scheduleToCloseTimeout,
            Duration scheduleToStartTimeout, Duration startToCloseTimeout, Duration heartbeatTimeout,
            List<Payload> heartbeatDetails) {
        this(taskToken, namespace, execution, workflowType, activityId, activityType, taskQueue, input, scheduledTime,
                currentAttemptScheduledTime, startedTime, attempt, scheduleToCloseTimeout, scheduleToStartTimeout,
                startToCloseTimeout, heartbeatTimeout, heartbeatDetails, null);
    }
}
