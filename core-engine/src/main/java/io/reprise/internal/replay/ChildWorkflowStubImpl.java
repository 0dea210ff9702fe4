package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.common.WorkflowExecution;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.workflow.ChildWorkflowOptions;
import io.reprise.workflow.ChildWorkflowStub;
import io.reprise.workflow.Promise;
import java.lang.reflect.Type;

/** The untyped child workflow stub: one stub, one child. */
final class ChildWorkflowStubImpl implements ChildWorkflowStub {

    private final String workflowType;
    private final ChildWorkflowOptions options;
    private ChildWorkflowStateMachine child;
    /** Completes when the child started; usable before the start was asked for (e.g. from another thread). */
    private final PromiseImpl<WorkflowExecution> execution = new PromiseImpl<>();

    ChildWorkflowStubImpl(String workflowType, ChildWorkflowOptions options) {
        this.workflowType = workflowType;
        this.options = options;
    }

    @Override
    public String getWorkflowType() {
        return workflowType;
    }

    @Override
    public <R> R execute(Class<R> resultClass, Object... args) {
        return executeAsync(resultClass, resultClass, args).get();
    }

    @Override
    public <R> Promise<R> executeAsync(Class<R> resultClass, Object... args) {
        return executeAsync(resultClass, resultClass, args);
    }

    @Override
    public <R> Promise<R> executeAsync(Class<R> resultClass, Type resultType, Object... args) {
        if (child != null) {
            throw new IllegalStateException("This child workflow stub already started workflow \""
                    + workflowType + "\"; create a new stub for another child");
        }
        WorkflowContext context = WorkflowContext.current();
        child = context.startChild(workflowType, options, args == null ? new Object[0] : args);
        child.execution().handle((started, failure) -> {
            if (failure == null) {
                execution.complete(started);
            } else {
                execution.completeExceptionally(failure);
            }
            return null;
        });
        return child.result().thenApply((Payload payload) -> {
            if (resultClass == void.class || resultClass == Void.class || payload == null) {
                return null;
            }
            R value = context.converter().fromPayload(payload, resultClass, resultType);
            @SuppressWarnings("unchecked")
            R decoded = value != null ? value : (R) MethodArguments.defaultValue(resultClass);
            return decoded;
        });
    }

    @Override
    public Promise<WorkflowExecution> getExecution() {
        return execution;
    }

    @Override
    public void signal(String signalName, Object... args) {
        WorkflowExecution execution = getExecution().get();
        WorkflowContext.current().signalExternal(execution.workflowId(), execution.runId(), signalName,
                args == null ? new Object[0] : args).get();
    }
}
