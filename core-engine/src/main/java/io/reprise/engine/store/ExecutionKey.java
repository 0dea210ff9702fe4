package io.reprise.engine.store;

import java.util.Objects;

/** Identifies one Workflow Execution run: namespace, Workflow Id and Run Id. */
public record ExecutionKey(String namespace, String workflowId, String runId) {

    public ExecutionKey {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workflowId, "workflowId");
        Objects.requireNonNull(runId, "runId");
    }

    /*
     * equals and hashCode written out: the generated ones of a record go through method handles
     * (ObjectMethods), which C2 inlines as dozens of nodes into every hot method that looks this key up in
     * a map, making those compilations larger and slower (issue 14: the JIT's time during an
     * application's first thousands of workflows).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof ExecutionKey that && runId.equals(that.runId) && workflowId.equals(that.workflowId)
                && namespace.equals(that.namespace);
    }

    @Override
    public int hashCode() {
        return (namespace.hashCode() * 31 + workflowId.hashCode()) * 31 + runId.hashCode();
    }

    @Override
    public String toString() {
        return namespace + "/" + workflowId + "/" + runId;
    }
}
