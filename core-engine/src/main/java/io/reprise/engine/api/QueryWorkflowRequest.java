package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.util.List;

/**
 * Asks a run's state through its {@code @QueryMethod} {@code queryType}. Nothing is recorded.
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id (closed runs answer too)
 * @param timeout how long to wait for a worker to answer; {@code null} means {@link #DEFAULT_TIMEOUT}
 */
public record QueryWorkflowRequest(String namespace, String workflowId, String runId, String queryType,
        List<Payload> input, Duration timeout) {

    /** How long a query waits for a worker by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public QueryWorkflowRequest {
        input = input == null ? List.of() : List.copyOf(input);
    }
}
