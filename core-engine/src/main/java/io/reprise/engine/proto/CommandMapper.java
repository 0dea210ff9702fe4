package io.reprise.engine.proto;

import static io.reprise.engine.proto.CommonMapper.ifSet;
import static io.reprise.engine.proto.CommonMapper.payloadListMapFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadListMapToProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapToProto;
import static io.reprise.engine.proto.CommonMapper.payloadsFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadsToProto;
import static io.reprise.engine.proto.CommonMapper.searchAttributesFromProto;
import static io.reprise.engine.proto.CommonMapper.searchAttributesToProto;
import static io.reprise.engine.proto.CommonMapper.string;
import static io.reprise.engine.proto.ProtoEnums.PARENT_CLOSE_POLICIES;
import static io.reprise.engine.proto.ProtoEnums.WORKFLOW_ID_REUSE_POLICIES;

import io.reprise.engine.api.Command;
import io.reprise.engine.proto.v1.CancelTimerCommandAttributes;
import io.reprise.engine.proto.v1.CancelWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.CompleteWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.CompleteWorkflowUpdateCommandAttributes;
import io.reprise.engine.proto.v1.ContinueAsNewWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.FailWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.ModifyWorkflowPropertiesCommandAttributes;
import io.reprise.engine.proto.v1.RecordMarkerCommandAttributes;
import io.reprise.engine.proto.v1.RequestCancelActivityTaskCommandAttributes;
import io.reprise.engine.proto.v1.RequestCancelExternalWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.ScheduleActivityTaskCommandAttributes;
import io.reprise.engine.proto.v1.SignalExternalWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.StartChildWorkflowExecutionCommandAttributes;
import io.reprise.engine.proto.v1.StartTimerCommandAttributes;
import io.reprise.engine.proto.v1.UpsertWorkflowSearchAttributesCommandAttributes;

/**
 * Converts the commands of a completed Workflow Task ({@link Command}) to their proto v1 message and back, each
 * component to the field of the same name (see {@link CommonMapper} for the conventions). Both directions
 * switch over every command type without a default, so a command added on either side without its mapping does
 * not compile.
 */
public final class CommandMapper {

    private CommandMapper() {
    }

    public static io.reprise.engine.proto.v1.Command toProto(Command command) {
        io.reprise.engine.proto.v1.Command.Builder b = io.reprise.engine.proto.v1.Command.newBuilder();
        switch (command) {
            case Command.ScheduleActivityTask a -> b.setScheduleActivityTaskCommandAttributes(toProto(a));
            case Command.StartTimer a -> b.setStartTimerCommandAttributes(toProto(a));
            case Command.CompleteWorkflowExecution a -> b.setCompleteWorkflowExecutionCommandAttributes(toProto(a));
            case Command.FailWorkflowExecution a -> b.setFailWorkflowExecutionCommandAttributes(toProto(a));
            case Command.RequestCancelActivityTask a -> b.setRequestCancelActivityTaskCommandAttributes(toProto(a));
            case Command.CancelTimer a -> b.setCancelTimerCommandAttributes(toProto(a));
            case Command.RecordMarker a -> b.setRecordMarkerCommandAttributes(toProto(a));
            case Command.ContinueAsNewWorkflowExecution a ->
                    b.setContinueAsNewWorkflowExecutionCommandAttributes(toProto(a));
            case Command.StartChildWorkflowExecution a -> b.setStartChildWorkflowExecutionCommandAttributes(toProto(a));
            case Command.SignalExternalWorkflowExecution a ->
                    b.setSignalExternalWorkflowExecutionCommandAttributes(toProto(a));
            case Command.RequestCancelExternalWorkflowExecution a ->
                    b.setRequestCancelExternalWorkflowExecutionCommandAttributes(toProto(a));
            case Command.CancelWorkflowExecution a -> b.setCancelWorkflowExecutionCommandAttributes(toProto(a));
            case Command.CompleteWorkflowUpdate a -> b.setCompleteWorkflowUpdateCommandAttributes(toProto(a));
            case Command.UpsertWorkflowSearchAttributes a ->
                    b.setUpsertWorkflowSearchAttributesCommandAttributes(toProto(a));
            case Command.ModifyWorkflowProperties a -> b.setModifyWorkflowPropertiesCommandAttributes(toProto(a));
        }
        return b.build();
    }

    /**
     * The command of a proto v1 message.
     *
     * @throws IllegalArgumentException when no command is set, or one this build does not know (sent by a newer
     *     Reprise)
     */
    public static Command fromProto(io.reprise.engine.proto.v1.Command command) {
        return switch (command.getAttributesCase()) {
            case SCHEDULE_ACTIVITY_TASK_COMMAND_ATTRIBUTES ->
                    fromProto(command.getScheduleActivityTaskCommandAttributes());
            case START_TIMER_COMMAND_ATTRIBUTES -> fromProto(command.getStartTimerCommandAttributes());
            case COMPLETE_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getCompleteWorkflowExecutionCommandAttributes());
            case FAIL_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getFailWorkflowExecutionCommandAttributes());
            case REQUEST_CANCEL_ACTIVITY_TASK_COMMAND_ATTRIBUTES ->
                    fromProto(command.getRequestCancelActivityTaskCommandAttributes());
            case CANCEL_TIMER_COMMAND_ATTRIBUTES -> fromProto(command.getCancelTimerCommandAttributes());
            case RECORD_MARKER_COMMAND_ATTRIBUTES -> fromProto(command.getRecordMarkerCommandAttributes());
            case CONTINUE_AS_NEW_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getContinueAsNewWorkflowExecutionCommandAttributes());
            case START_CHILD_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getStartChildWorkflowExecutionCommandAttributes());
            case SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getSignalExternalWorkflowExecutionCommandAttributes());
            case REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getRequestCancelExternalWorkflowExecutionCommandAttributes());
            case CANCEL_WORKFLOW_EXECUTION_COMMAND_ATTRIBUTES ->
                    fromProto(command.getCancelWorkflowExecutionCommandAttributes());
            case COMPLETE_WORKFLOW_UPDATE_COMMAND_ATTRIBUTES ->
                    fromProto(command.getCompleteWorkflowUpdateCommandAttributes());
            case UPSERT_WORKFLOW_SEARCH_ATTRIBUTES_COMMAND_ATTRIBUTES ->
                    fromProto(command.getUpsertWorkflowSearchAttributesCommandAttributes());
            case MODIFY_WORKFLOW_PROPERTIES_COMMAND_ATTRIBUTES ->
                    fromProto(command.getModifyWorkflowPropertiesCommandAttributes());
            case ATTRIBUTES_NOT_SET -> throw new IllegalArgumentException(command.getUnknownFields().asMap().isEmpty()
                    ? "A command has no attributes set"
                    : "A command is of a type this build of Reprise does not know (field "
                            + command.getUnknownFields().asMap().keySet() + "): it was sent by a newer one");
        };
    }

    public static ScheduleActivityTaskCommandAttributes toProto(Command.ScheduleActivityTask a) {
        ScheduleActivityTaskCommandAttributes.Builder b = ScheduleActivityTaskCommandAttributes.newBuilder();
        ifSet(a.activityId(), b::setActivityId);
        ifSet(a.activityType(), b::setActivityType);
        ifSet(a.taskQueue(), b::setTaskQueue);
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        ifSet(CommonMapper.toProto(a.scheduleToCloseTimeout()), b::setScheduleToCloseTimeout);
        ifSet(CommonMapper.toProto(a.scheduleToStartTimeout()), b::setScheduleToStartTimeout);
        ifSet(CommonMapper.toProto(a.startToCloseTimeout()), b::setStartToCloseTimeout);
        ifSet(CommonMapper.toProto(a.heartbeatTimeout()), b::setHeartbeatTimeout);
        ifSet(CommonMapper.toProto(a.retryPolicy()), b::setRetryPolicy);
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static Command.ScheduleActivityTask fromProto(ScheduleActivityTaskCommandAttributes p) {
        return new Command.ScheduleActivityTask(
                string(p.hasActivityId(), p.getActivityId()),
                string(p.hasActivityType(), p.getActivityType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                CommonMapper.fromProto(p.hasScheduleToCloseTimeout(), p.getScheduleToCloseTimeout()),
                CommonMapper.fromProto(p.hasScheduleToStartTimeout(), p.getScheduleToStartTimeout()),
                CommonMapper.fromProto(p.hasStartToCloseTimeout(), p.getStartToCloseTimeout()),
                CommonMapper.fromProto(p.hasHeartbeatTimeout(), p.getHeartbeatTimeout()),
                CommonMapper.fromProto(p.hasRetryPolicy(), p.getRetryPolicy()),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static StartTimerCommandAttributes toProto(Command.StartTimer a) {
        StartTimerCommandAttributes.Builder b = StartTimerCommandAttributes.newBuilder();
        ifSet(a.timerId(), b::setTimerId);
        ifSet(CommonMapper.toProto(a.startToFireTimeout()), b::setStartToFireTimeout);
        return b.build();
    }

    public static Command.StartTimer fromProto(StartTimerCommandAttributes p) {
        return new Command.StartTimer(
                string(p.hasTimerId(), p.getTimerId()),
                CommonMapper.fromProto(p.hasStartToFireTimeout(), p.getStartToFireTimeout()));
    }

    public static CompleteWorkflowExecutionCommandAttributes toProto(Command.CompleteWorkflowExecution a) {
        CompleteWorkflowExecutionCommandAttributes.Builder b = CompleteWorkflowExecutionCommandAttributes.newBuilder();
        ifSet(CommonMapper.toProto(a.result()), b::setResult);
        return b.build();
    }

    public static Command.CompleteWorkflowExecution fromProto(CompleteWorkflowExecutionCommandAttributes p) {
        return new Command.CompleteWorkflowExecution(
                CommonMapper.fromProto(p.hasResult(), p.getResult()));
    }

    public static FailWorkflowExecutionCommandAttributes toProto(Command.FailWorkflowExecution a) {
        FailWorkflowExecutionCommandAttributes.Builder b = FailWorkflowExecutionCommandAttributes.newBuilder();
        ifSet(CommonMapper.toProto(a.failure()), b::setFailure);
        return b.build();
    }

    public static Command.FailWorkflowExecution fromProto(FailWorkflowExecutionCommandAttributes p) {
        return new Command.FailWorkflowExecution(
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()));
    }

    public static RequestCancelActivityTaskCommandAttributes toProto(Command.RequestCancelActivityTask a) {
        RequestCancelActivityTaskCommandAttributes.Builder b = RequestCancelActivityTaskCommandAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        return b.build();
    }

    public static Command.RequestCancelActivityTask fromProto(RequestCancelActivityTaskCommandAttributes p) {
        return new Command.RequestCancelActivityTask(
                p.getScheduledEventId());
    }

    public static CancelTimerCommandAttributes toProto(Command.CancelTimer a) {
        CancelTimerCommandAttributes.Builder b = CancelTimerCommandAttributes.newBuilder();
        ifSet(a.timerId(), b::setTimerId);
        return b.build();
    }

    public static Command.CancelTimer fromProto(CancelTimerCommandAttributes p) {
        return new Command.CancelTimer(
                string(p.hasTimerId(), p.getTimerId()));
    }

    public static RecordMarkerCommandAttributes toProto(Command.RecordMarker a) {
        RecordMarkerCommandAttributes.Builder b = RecordMarkerCommandAttributes.newBuilder();
        ifSet(a.markerName(), b::setMarkerName);
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadListMapToProto(a.details()));
        }
        ifSet(CommonMapper.toProto(a.failure()), b::setFailure);
        return b.build();
    }

    public static Command.RecordMarker fromProto(RecordMarkerCommandAttributes p) {
        return new Command.RecordMarker(
                string(p.hasMarkerName(), p.getMarkerName()),
                payloadListMapFromProto(p.getDetailsList()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()));
    }

    public static ContinueAsNewWorkflowExecutionCommandAttributes toProto(Command.ContinueAsNewWorkflowExecution a) {
        ContinueAsNewWorkflowExecutionCommandAttributes.Builder b =
                ContinueAsNewWorkflowExecutionCommandAttributes.newBuilder();
        ifSet(a.workflowType(), b::setWorkflowType);
        ifSet(a.taskQueue(), b::setTaskQueue);
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        ifSet(CommonMapper.toProto(a.workflowRunTimeout()), b::setWorkflowRunTimeout);
        ifSet(CommonMapper.toProto(a.workflowTaskTimeout()), b::setWorkflowTaskTimeout);
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static Command.ContinueAsNewWorkflowExecution fromProto(ContinueAsNewWorkflowExecutionCommandAttributes p) {
        return new Command.ContinueAsNewWorkflowExecution(
                string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                CommonMapper.fromProto(p.hasWorkflowRunTimeout(), p.getWorkflowRunTimeout()),
                CommonMapper.fromProto(p.hasWorkflowTaskTimeout(), p.getWorkflowTaskTimeout()),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static StartChildWorkflowExecutionCommandAttributes toProto(Command.StartChildWorkflowExecution a) {
        StartChildWorkflowExecutionCommandAttributes.Builder b =
                StartChildWorkflowExecutionCommandAttributes.newBuilder();
        ifSet(a.workflowId(), b::setWorkflowId);
        ifSet(a.workflowType(), b::setWorkflowType);
        ifSet(a.taskQueue(), b::setTaskQueue);
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        ifSet(CommonMapper.toProto(a.workflowExecutionTimeout()), b::setWorkflowExecutionTimeout);
        ifSet(CommonMapper.toProto(a.workflowRunTimeout()), b::setWorkflowRunTimeout);
        ifSet(CommonMapper.toProto(a.workflowTaskTimeout()), b::setWorkflowTaskTimeout);
        ifSet(CommonMapper.toProto(a.retryPolicy()), b::setRetryPolicy);
        ifSet(a.cronSchedule(), b::setCronSchedule);
        b.setParentClosePolicy(PARENT_CLOSE_POLICIES.toProto(a.parentClosePolicy()));
        b.setWorkflowIdReusePolicy(WORKFLOW_ID_REUSE_POLICIES.toProto(a.workflowIdReusePolicy()));
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static Command.StartChildWorkflowExecution fromProto(StartChildWorkflowExecutionCommandAttributes p) {
        return new Command.StartChildWorkflowExecution(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                CommonMapper.fromProto(p.hasWorkflowExecutionTimeout(), p.getWorkflowExecutionTimeout()),
                CommonMapper.fromProto(p.hasWorkflowRunTimeout(), p.getWorkflowRunTimeout()),
                CommonMapper.fromProto(p.hasWorkflowTaskTimeout(), p.getWorkflowTaskTimeout()),
                CommonMapper.fromProto(p.hasRetryPolicy(), p.getRetryPolicy()),
                string(p.hasCronSchedule(), p.getCronSchedule()),
                PARENT_CLOSE_POLICIES.fromProto(p.getParentClosePolicyValue()),
                WORKFLOW_ID_REUSE_POLICIES.fromProto(p.getWorkflowIdReusePolicyValue()),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static SignalExternalWorkflowExecutionCommandAttributes toProto(Command.SignalExternalWorkflowExecution a) {
        SignalExternalWorkflowExecutionCommandAttributes.Builder b =
                SignalExternalWorkflowExecutionCommandAttributes.newBuilder();
        ifSet(a.workflowId(), b::setWorkflowId);
        ifSet(a.runId(), b::setRunId);
        ifSet(a.signalName(), b::setSignalName);
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        return b.build();
    }

    public static Command.SignalExternalWorkflowExecution fromProto(
            SignalExternalWorkflowExecutionCommandAttributes p) {
        return new Command.SignalExternalWorkflowExecution(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                string(p.hasSignalName(), p.getSignalName()),
                payloadsFromProto(p.getInputList()));
    }

    public static RequestCancelExternalWorkflowExecutionCommandAttributes toProto(
            Command.RequestCancelExternalWorkflowExecution a) {
        RequestCancelExternalWorkflowExecutionCommandAttributes.Builder b =
                RequestCancelExternalWorkflowExecutionCommandAttributes.newBuilder();
        ifSet(a.workflowId(), b::setWorkflowId);
        ifSet(a.runId(), b::setRunId);
        return b.build();
    }

    public static Command.RequestCancelExternalWorkflowExecution fromProto(
            RequestCancelExternalWorkflowExecutionCommandAttributes p) {
        return new Command.RequestCancelExternalWorkflowExecution(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()));
    }

    public static CancelWorkflowExecutionCommandAttributes toProto(Command.CancelWorkflowExecution a) {
        CancelWorkflowExecutionCommandAttributes.Builder b = CancelWorkflowExecutionCommandAttributes.newBuilder();
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadsToProto(a.details()));
        }
        return b.build();
    }

    public static Command.CancelWorkflowExecution fromProto(CancelWorkflowExecutionCommandAttributes p) {
        return new Command.CancelWorkflowExecution(
                payloadsFromProto(p.getDetailsList()));
    }

    public static CompleteWorkflowUpdateCommandAttributes toProto(Command.CompleteWorkflowUpdate a) {
        CompleteWorkflowUpdateCommandAttributes.Builder b = CompleteWorkflowUpdateCommandAttributes.newBuilder();
        ifSet(a.updateId(), b::setUpdateId);
        ifSet(CommonMapper.toProto(a.result()), b::setResult);
        ifSet(CommonMapper.toProto(a.failure()), b::setFailure);
        return b.build();
    }

    public static Command.CompleteWorkflowUpdate fromProto(CompleteWorkflowUpdateCommandAttributes p) {
        return new Command.CompleteWorkflowUpdate(
                string(p.hasUpdateId(), p.getUpdateId()),
                CommonMapper.fromProto(p.hasResult(), p.getResult()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()));
    }

    public static UpsertWorkflowSearchAttributesCommandAttributes toProto(Command.UpsertWorkflowSearchAttributes a) {
        UpsertWorkflowSearchAttributesCommandAttributes.Builder b =
                UpsertWorkflowSearchAttributesCommandAttributes.newBuilder();
        if (!a.searchAttributes().isEmpty()) {
            b.addAllSearchAttributes(searchAttributesToProto(a.searchAttributes()));
        }
        if (!a.unset().isEmpty()) {
            b.addAllUnset(a.unset());
        }
        return b.build();
    }

    public static Command.UpsertWorkflowSearchAttributes fromProto(UpsertWorkflowSearchAttributesCommandAttributes p) {
        return new Command.UpsertWorkflowSearchAttributes(
                searchAttributesFromProto(p.getSearchAttributesList()),
                p.getUnsetList());
    }

    public static ModifyWorkflowPropertiesCommandAttributes toProto(Command.ModifyWorkflowProperties a) {
        ModifyWorkflowPropertiesCommandAttributes.Builder b = ModifyWorkflowPropertiesCommandAttributes.newBuilder();
        if (!a.upsertedMemo().isEmpty()) {
            b.addAllUpsertedMemo(payloadMapToProto(a.upsertedMemo()));
        }
        return b.build();
    }

    public static Command.ModifyWorkflowProperties fromProto(ModifyWorkflowPropertiesCommandAttributes p) {
        return new Command.ModifyWorkflowProperties(
                payloadMapFromProto(p.getUpsertedMemoList()));
    }
}
