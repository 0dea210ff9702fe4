package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.util.List;
import java.util.Map;

/**
 * Sends a signal to a running run: recorded as WorkflowExecutionSignaled and delivered to the workflow's handler.
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id
 * @param requestId identifies this call so that a retry of it is applied once: a signal whose request id the run
 *     already applied is not recorded again, and the call succeeds as the first one did (see
 *     {@link EngineService#signalWorkflow(SignalWorkflowRequest)}); {@code null} for no deduplication
 * @param header the sender's context (tracing, authentication), recorded in the event; empty for none
 */
public record SignalWorkflowRequest(String namespace, String workflowId, String runId, String signalName,
        List<Payload> input, String identity, String requestId, Map<String, Payload> header) {

    public SignalWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
        header = StartWorkflowRequest.headerCopy(header);
    }

    /** A signal without a request id or header. */
    public SignalWorkflowRequest(String namespace, String workflowId, String runId, String signalName,
            List<Payload> input, String identity) {
        this(namespace, workflowId, runId, signalName, input, identity, null, null);
    }
}
