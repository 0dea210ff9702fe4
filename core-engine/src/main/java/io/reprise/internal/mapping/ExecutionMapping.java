package io.reprise.internal.mapping;

import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.Failure;
import io.reprise.failure.FailureInfo;

/**
 * Runs, statuses and failures: the engine's wire records to the public types and back.
 * The enums have the same constants on both sides (a test checks it), so they map by name.
 */
public final class ExecutionMapping {

    private ExecutionMapping() {
    }

    public static WorkflowExecution toPublic(io.reprise.engine.api.WorkflowExecution execution) {
        return execution == null ? null : new WorkflowExecution(execution.workflowId(), execution.runId());
    }

    public static io.reprise.engine.api.WorkflowExecution toEngine(WorkflowExecution execution) {
        return execution == null ? null
                : new io.reprise.engine.api.WorkflowExecution(execution.workflowId(), execution.runId());
    }

    public static WorkflowExecutionStatus toPublic(io.reprise.engine.api.WorkflowExecutionStatus status) {
        return status == null ? null : WorkflowExecutionStatus.valueOf(status.name());
    }

    public static io.reprise.engine.api.WorkflowExecutionStatus toEngine(WorkflowExecutionStatus status) {
        return status == null ? null : io.reprise.engine.api.WorkflowExecutionStatus.valueOf(status.name());
    }

    /** The failure and its whole cause chain as public data; {@code null} stays {@code null}. */
    public static FailureInfo toPublic(Failure f) {
        if (f == null) {
            return null;
        }
        Failure.ActivityInfo a = f.activity();
        Failure.ChildWorkflowInfo c = f.childWorkflow();
        return new FailureInfo(FailureInfo.Kind.valueOf(f.kind().name()), f.message(), f.type(), f.nonRetryable(),
                f.details(), f.timeoutType(),
                a == null ? null : new FailureInfo.Activity(a.scheduledEventId(), a.startedEventId(),
                        a.activityType(), a.activityId(), a.identity(), a.retryState()),
                f.stackTrace(), toPublic(f.cause()),
                c == null ? null : new FailureInfo.ChildWorkflow(c.workflowId(), c.runId(), c.workflowType(),
                        c.initiatedEventId(), c.startedEventId(), c.retryState()));
    }
}
