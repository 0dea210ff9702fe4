package io.reprise.engine.store;

import java.util.Objects;

/** Identifies one Workflow Execution run: namespace, Workflow Id and Run Id. */
public record ExecutionKey(String namespace, String workflowId, String runId) {

    public ExecutionKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(runId, "runId");
    }

    @Override
    public String toString() {
        return namespace + "/" + workflowId + "/" + runId;
    }
}
