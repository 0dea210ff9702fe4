package io.reprise.sample.web;

/** The answer to {@code POST /orders}: the Workflow Execution processing the order. */
public record OrderAccepted(String workflowId, String runId) {
}
