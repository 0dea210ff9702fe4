package io.reprise.internal.replay;

import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.Payload;
import io.reprise.engine.api.WorkflowExecution;
import java.util.List;
import java.util.Map;

/**
 * A local activity the workflow code asked for and the worker must run.
 *
 * @param attempt the first attempt to run (above 1 after a backoff waited with a durable timer)
 * @param scheduledTimeMillis workflow time when the code first asked for it
 * @param header the propagated contexts of the workflow thread that asked for it (see
 *     {@code ContextPropagator}); empty for none
 */
public record LocalActivityRequest(
        String namespace,
        WorkflowExecution execution,
        String workflowType,
        String taskQueue,
        String activityId,
        String activityType,
        List<Payload> input,
        LocalActivityOptions options,
        int attempt,
        long scheduledTimeMillis,
        Map<String, Payload> header) {

    public LocalActivityRequest {
        header = header == null ? Map.of() : Map.copyOf(header);
    }

    /** A request without a header. */
    public LocalActivityRequest(String namespace, WorkflowExecution execution, String workflowType, String taskQueue,
            String activityId, String activityType, List<Payload> input, LocalActivityOptions options, int attempt,
            long scheduledTimeMillis) {
        this(namespace, execution, workflowType, taskQueue, activityId, activityType, input, options, attempt,
                scheduledTimeMillis, null);
    }
}
