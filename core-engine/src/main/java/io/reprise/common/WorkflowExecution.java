package io.reprise.common;

/**
 * One run of a workflow: its Workflow Id and its Run Id. What {@code WorkflowClient.start} returns, what a
 * child workflow's promise ({@code Workflow.getWorkflowExecution}) gives, and what a description names.
 *
 * @param workflowId the Workflow Id, chosen by the starter (unique among the open runs of a namespace)
 * @param runId the Run Id the engine gave the run; {@code null} in a stub bound to "the latest run"
 */
public record WorkflowExecution(String workflowId, String runId) {
}
