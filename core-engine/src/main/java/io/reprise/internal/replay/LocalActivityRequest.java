package io.reprise.internal.replay;

import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.Payload;
import io.reprise.engine.api.WorkflowExecution;
import java.util.List;

/**
 * A local activity the workflow code asked for and the worker must run.
 *
 * @param attempt the first attempt to run (above 1 after a backoff waited with a durable timer)
 * @param scheduledTimeMillis workflow time when the code first asked for it
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
        long scheduledTimeMillis) {
}
