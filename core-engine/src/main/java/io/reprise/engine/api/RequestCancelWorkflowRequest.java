package io.reprise.engine.api;

/**
 * Asks a running run to cancel (WorkflowExecutionCancelRequested).
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id
 * @param reason recorded in the event; may be {@code null}
 * @param requestId identifies this call so that a retry of it is applied once (it succeeds even when the run closed
 *     since, because of this cancellation); {@code null} for no deduplication
 */
public record RequestCancelWorkflowRequest(String namespace, String workflowId, String runId, String reason,
        String identity, String requestId) {
}
