package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.util.List;

/**
 * Ends a running run at once (WorkflowExecutionTerminated).
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id
 * @param reason recorded in the event; may be {@code null}
 * @param requestId identifies this call so that a retry of it is applied once: a retry succeeds although the run
 *     is closed (by this very call) and records nothing; {@code null} for no deduplication
 */
public record TerminateWorkflowRequest(String namespace, String workflowId, String runId, String reason,
        List<Payload> details, String identity, String requestId) {

    public TerminateWorkflowRequest {
        details = details == null ? List.of() : List.copyOf(details);
    }
}
