package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.util.List;

/**
 * Starts a Workflow Execution.
 *
 * @param executionTimeout total time across runs, or {@code null} for unlimited
 * @param runTimeout time for one run, or {@code null} for unlimited (capped by executionTimeout)
 * @param taskTimeout Workflow Task Start-To-Close timeout, or {@code null} for the default 10 s
 * @param requestId makes a retried start idempotent; may be {@code null}
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
        String requestId) {
    public StartWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
    }
}
