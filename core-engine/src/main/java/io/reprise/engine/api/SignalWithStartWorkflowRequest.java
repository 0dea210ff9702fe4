package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.util.List;
import java.util.Map;

/**
 * Signals the running run of a Workflow Id, or starts one that records the signal before its first workflow task.
 * The start's request id also identifies the signal: a retried call neither starts a second run (while the first
 * runs) nor records the signal twice.
 *
 * @param start the run to start when none runs; its header goes into WorkflowExecutionStarted
 * @param signalHeader the signal's header, recorded in WorkflowExecutionSignaled; empty for none
 */
public record SignalWithStartWorkflowRequest(StartWorkflowRequest start, String signalName, List<Payload> signalInput,
        Map<String, Payload> signalHeader) {

    public SignalWithStartWorkflowRequest {
        signalInput = signalInput == null ? List.of() : List.copyOf(signalInput);
        signalHeader = StartWorkflowRequest.headerCopy(signalHeader);
    }

    /** A signal-with-start whose signal has no header. */
    public SignalWithStartWorkflowRequest(StartWorkflowRequest start, String signalName, List<Payload> signalInput) {
        this(start, signalName, signalInput, null);
    }
}
