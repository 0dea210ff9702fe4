package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.util.List;

/**
 * Sends an update to a running run and waits for its handler's result. The update is first
 * validated by a worker (unknown handler or a throwing validator rejects it, leaving no trace in
 * history); once accepted it is recorded and its handler runs as workflow code.
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id
 * @param updateId identifies the update; a repeated id of an update this engine already accepted
 *     waits for (or returns) that update's result instead of running it again
 * @param timeout how long to wait for the result; {@code null} means {@link #DEFAULT_TIMEOUT}
 * @param requestId identifies this call so that a retry of it is applied once, also after the engine restarted: a
 *     request id the run already accepted an update for waits for (or returns) that update's result; {@code null}
 *     for no deduplication beyond the update id's
 */
public record UpdateWorkflowRequest(String namespace, String workflowId, String runId, String updateId,
        String updateName, List<Payload> input, String identity, Duration timeout, String requestId) {

    /** How long an update waits for its result by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    public UpdateWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
    }

    /** An update without a request id. */
    public UpdateWorkflowRequest(String namespace, String workflowId, String runId, String updateId,
            String updateName, List<Payload> input, String identity, Duration timeout) {
        this(namespace, workflowId, runId, updateId, updateName, input, identity, timeout, null);
    }
}
