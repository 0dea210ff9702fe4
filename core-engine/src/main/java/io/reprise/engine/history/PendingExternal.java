package io.reprise.engine.history;

import io.reprise.common.Payload;
import java.util.List;

/**
 * A signal to, or a cancellation request of, another execution that the run asked for and that is
 * not delivered yet (from its …Initiated event until ExternalWorkflowExecutionSignaled /
 * ExternalWorkflowExecutionCancelRequested or the matching …Failed).
 *
 * @param signalName the signal's name, or {@code null} for a cancellation request
 * @param runId the target run, or {@code null} for the latest run of {@code workflowId}
 */
public record PendingExternal(long initiatedEventId, String workflowId, String runId, String signalName,
        List<Payload> input) {

    public PendingExternal {
        input = input == null ? List.of() : List.copyOf(input);
    }

    public boolean isSignal() {
        return signalName != null;
    }
}
