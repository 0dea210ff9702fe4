package io.reprise.internal.replay;

import io.reprise.workflow.ExternalWorkflowStub;
import io.reprise.workflow.Promise;

/** The untyped external workflow stub. */
final class ExternalWorkflowStubImpl implements ExternalWorkflowStub {

    private final String workflowId;
    private final String runId;

    ExternalWorkflowStubImpl(String workflowId, String runId) {
        if (workflowId == null || workflowId.isBlank()) {
            throw new IllegalArgumentException("An external workflow stub needs the Workflow Id of the execution");
        }
        this.workflowId = workflowId;
        this.runId = runId;
    }

    @Override
    public void signal(String signalName, Object... args) {
        signalAsync(signalName, args).get();
    }

    @Override
    public Promise<Void> signalAsync(String signalName, Object... args) {
        return WorkflowContext.current().signalExternal(workflowId, runId, signalName,
                args == null ? new Object[0] : args);
    }

    @Override
    public void cancel() {
        WorkflowContext.current().requestCancelExternal(workflowId, runId).get();
    }
}
