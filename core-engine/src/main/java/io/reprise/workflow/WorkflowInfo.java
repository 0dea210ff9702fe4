package io.reprise.workflow;

/**
 * What workflow code knows about its own execution; see {@link Workflow#getInfo()}.
 *
 * @param attempt the workflow's attempt, 1 for the first run and counting up with each retry of
 *     its retry policy (a continue-as-new or a cron run starts again at 1)
 * @param firstExecutionRunId the first run of the chain of runs this one belongs to
 * @param continuedExecutionRunId the run this one continues (continue-as-new, retry, cron), or {@code null}
 * @param cronSchedule the workflow's cron schedule, or {@code null}
 * @param parentWorkflowId the parent's Workflow Id when this is a child workflow, or {@code null}
 * @param parentRunId the parent's Run Id when this is a child workflow, or {@code null}
 */
public record WorkflowInfo(String namespace, String workflowId, String runId, String workflowType,
        String taskQueue, long startTimeMillis, int attempt, String firstExecutionRunId,
        String continuedExecutionRunId, String cronSchedule, String parentWorkflowId, String parentRunId) {
}
