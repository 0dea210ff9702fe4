package io.reprise.engine.api;

import io.reprise.common.Payload;
import io.reprise.common.WorkflowIdReusePolicy;
import java.time.Duration;
import java.util.List;

/**
 * Starts a Workflow Execution.
 *
 * @param executionTimeout total time across runs, or {@code null} for unlimited
 * @param runTimeout time for one run, or {@code null} for unlimited (capped by executionTimeout)
 * @param taskTimeout Workflow Task Start-To-Close timeout, or {@code null} for the default 10 s
 * @param requestId makes a retried start idempotent; may be {@code null}
 * @param idReusePolicy whether a closed run's Workflow Id may be used again; {@code null} means
 *     {@link WorkflowIdReusePolicy#ALLOW_DUPLICATE}
 * @param attachToRunning when a run with this Workflow Id is running, return it instead of failing
 *     with {@code ALREADY_EXISTS}
 * @param retryPolicy retries of a failed or timed-out run (a new run, attempt + 1), or {@code null} for none
 * @param cronSchedule a cron expression: the first run starts at its next fire time and every run
 *     is followed by another at the fire time after its close; {@code null} for none
 */
public record StartWorkflowRequest(
        String namespace,
        String workflowId,
        String workflowType,
        String taskQueue,
        List<Payload> input,
        Duration executionTimeout,
        Duration runTimeout,
        Duration taskTimeout,
        String identity,
        String requestId,
        WorkflowIdReusePolicy idReusePolicy,
        boolean attachToRunning,
        RetryPolicy retryPolicy,
        String cronSchedule) {
    public StartWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
        idReusePolicy = idReusePolicy == null ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : idReusePolicy;
    }

    /** A start with the default Workflow Id reuse policy, no retry policy and no cron schedule. */
    public StartWorkflowRequest(String namespace, String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration executionTimeout, Duration runTimeout, Duration taskTimeout, String identity,
            String requestId) {
        this(namespace, workflowId, workflowType, taskQueue, input, executionTimeout, runTimeout, taskTimeout, identity,
                requestId, null, false, null, null);
    }
}
