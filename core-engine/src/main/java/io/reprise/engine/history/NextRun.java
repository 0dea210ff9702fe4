package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventAttributes.ContinueAsNewInitiator;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The run that follows a closing run of the same Workflow Id (continue-as-new, a retry of the
 * workflow, the next cron run). The engine starts it in the same store transaction as the close.
 *
 * @param executionExpirationTime when the whole chain times out (the execution timeout), or {@code null}
 * @param backoff how long after the start its first workflow task becomes available (retry interval,
 *     wait for the next cron fire time)
 * @param parent the parent when the chain is a child workflow's, or {@code null}
 * @param visibility the memo and search attributes the run starts with (a chain keeps them)
 * @param header the run's header: a retry's and a cron run's are the previous run's, a continued run's is the
 *     continue-as-new command's (as in Temporal)
 */
public record NextRun(
        String runId,
        String workflowType,
        String taskQueue,
        List<Payload> input,
        Duration executionTimeout,
        Instant executionExpirationTime,
        Duration runTimeout,
        Duration taskTimeout,
        RetryPolicy retryPolicy,
        String cronSchedule,
        int attempt,
        String firstExecutionRunId,
        String continuedFromRunId,
        ContinueAsNewInitiator initiator,
        Duration backoff,
        String identity,
        EventAttributes.ParentExecution parent,
        VisibilityAttributes visibility,
        Map<String, Payload> header) {

    public NextRun {
        input = input == null ? List.of() : List.copyOf(input);
        header = header == null ? Map.of() : Map.copyOf(header);
    }
}
