package io.reprise.engine.proto;

import io.reprise.common.ParentClosePolicy;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import io.reprise.engine.proto.v1.ContinueAsNewInitiator;

/**
 * The Java enums of the engine's messages and their proto v1 counterparts (see {@link EnumMapping}): {@code
 * ProtoEnums.STATUSES.toProto(status)}, {@code ProtoEnums.STATUSES.fromProto(message.getStatusValue())}.
 */
public final class ProtoEnums {

    public static final EnumMapping<EventType, io.reprise.engine.proto.v1.EventType> EVENT_TYPES =
            new EnumMapping<>(EventType.class, io.reprise.engine.proto.v1.EventType.class, "EVENT_TYPE_");
    public static final EnumMapping<FailureKind, io.reprise.engine.proto.v1.FailureKind> FAILURE_KINDS =
            new EnumMapping<>(FailureKind.class, io.reprise.engine.proto.v1.FailureKind.class, "FAILURE_KIND_");
    public static final EnumMapping<TimeoutType, io.reprise.engine.proto.v1.TimeoutType> TIMEOUT_TYPES =
            new EnumMapping<>(TimeoutType.class, io.reprise.engine.proto.v1.TimeoutType.class, "TIMEOUT_TYPE_");
    public static final EnumMapping<RetryState, io.reprise.engine.proto.v1.RetryState> RETRY_STATES =
            new EnumMapping<>(RetryState.class, io.reprise.engine.proto.v1.RetryState.class, "RETRY_STATE_");
    public static final EnumMapping<WorkflowExecutionStatus, io.reprise.engine.proto.v1.WorkflowExecutionStatus> STATUSES =
            new EnumMapping<>(WorkflowExecutionStatus.class, io.reprise.engine.proto.v1.WorkflowExecutionStatus.class,
                    "WORKFLOW_EXECUTION_STATUS_");
    public static final EnumMapping<WorkflowTaskFailedCause, io.reprise.engine.proto.v1.WorkflowTaskFailedCause>
            WORKFLOW_TASK_FAILED_CAUSES = new EnumMapping<>(WorkflowTaskFailedCause.class,
                    io.reprise.engine.proto.v1.WorkflowTaskFailedCause.class, "WORKFLOW_TASK_FAILED_CAUSE_");
    public static final EnumMapping<ParentClosePolicy, io.reprise.engine.proto.v1.ParentClosePolicy> PARENT_CLOSE_POLICIES =
            new EnumMapping<>(ParentClosePolicy.class, io.reprise.engine.proto.v1.ParentClosePolicy.class,
                    "PARENT_CLOSE_POLICY_");
    public static final EnumMapping<WorkflowIdReusePolicy, io.reprise.engine.proto.v1.WorkflowIdReusePolicy>
            WORKFLOW_ID_REUSE_POLICIES = new EnumMapping<>(WorkflowIdReusePolicy.class,
                    io.reprise.engine.proto.v1.WorkflowIdReusePolicy.class, "WORKFLOW_ID_REUSE_POLICY_");
    public static final EnumMapping<EventAttributes.ContinueAsNewInitiator, ContinueAsNewInitiator> INITIATORS =
            new EnumMapping<>(EventAttributes.ContinueAsNewInitiator.class, ContinueAsNewInitiator.class,
                    "CONTINUE_AS_NEW_INITIATOR_");

    private ProtoEnums() {
    }
}
