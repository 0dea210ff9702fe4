package io.reprise.engine.api;

/** A Workflow Id and one of its Run Ids. */
public record WorkflowExecution(String workflowId, String runId) {
}
