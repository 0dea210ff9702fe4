package io.reprise.workflow;

/** What workflow code knows about its own execution; see {@link Workflow#getInfo()}. */
public record WorkflowInfo(String namespace, String workflowId, String runId, String workflowType,
        String taskQueue, long startTimeMillis) {
}
