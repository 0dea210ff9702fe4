package io.reprise.engine.proto;

import static io.reprise.engine.proto.CommonMapper.payloadListMapFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadListMapToProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapToProto;
import static io.reprise.engine.proto.CommonMapper.payloadsFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadsToProto;
import static io.reprise.engine.proto.CommonMapper.searchAttributesFromProto;
import static io.reprise.engine.proto.CommonMapper.searchAttributesToProto;
import static io.reprise.engine.proto.CommonMapper.string;
import static io.reprise.engine.proto.ProtoEnums.INITIATORS;
import static io.reprise.engine.proto.ProtoEnums.PARENT_CLOSE_POLICIES;
import static io.reprise.engine.proto.ProtoEnums.RETRY_STATES;
import static io.reprise.engine.proto.ProtoEnums.TIMEOUT_TYPES;
import static io.reprise.engine.proto.ProtoEnums.WORKFLOW_ID_REUSE_POLICIES;
import static io.reprise.engine.proto.ProtoEnums.WORKFLOW_TASK_FAILED_CAUSES;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.proto.v1.ParentExecution;
import io.reprise.engine.proto.v1.ActivityTaskCancelRequestedEventAttributes;
import io.reprise.engine.proto.v1.ActivityTaskCanceledEventAttributes;
import io.reprise.engine.proto.v1.ActivityTaskCompletedEventAttributes;
import io.reprise.engine.proto.v1.ActivityTaskFailedEventAttributes;
import io.reprise.engine.proto.v1.ActivityTaskScheduledEventAttributes;
import io.reprise.engine.proto.v1.ActivityTaskStartedEventAttributes;
import io.reprise.engine.proto.v1.ActivityTaskTimedOutEventAttributes;
import io.reprise.engine.proto.v1.ChildWorkflowExecutionCanceledEventAttributes;
import io.reprise.engine.proto.v1.ChildWorkflowExecutionCompletedEventAttributes;
import io.reprise.engine.proto.v1.ChildWorkflowExecutionFailedEventAttributes;
import io.reprise.engine.proto.v1.ChildWorkflowExecutionStartedEventAttributes;
import io.reprise.engine.proto.v1.ChildWorkflowExecutionTerminatedEventAttributes;
import io.reprise.engine.proto.v1.ChildWorkflowExecutionTimedOutEventAttributes;
import io.reprise.engine.proto.v1.ExternalWorkflowExecutionCancelRequestedEventAttributes;
import io.reprise.engine.proto.v1.ExternalWorkflowExecutionSignaledEventAttributes;
import io.reprise.engine.proto.v1.MarkerRecordedEventAttributes;
import io.reprise.engine.proto.v1.RequestCancelExternalWorkflowExecutionFailedEventAttributes;
import io.reprise.engine.proto.v1.RequestCancelExternalWorkflowExecutionInitiatedEventAttributes;
import io.reprise.engine.proto.v1.SignalExternalWorkflowExecutionFailedEventAttributes;
import io.reprise.engine.proto.v1.SignalExternalWorkflowExecutionInitiatedEventAttributes;
import io.reprise.engine.proto.v1.StartChildWorkflowExecutionFailedEventAttributes;
import io.reprise.engine.proto.v1.StartChildWorkflowExecutionInitiatedEventAttributes;
import io.reprise.engine.proto.v1.TimerCanceledEventAttributes;
import io.reprise.engine.proto.v1.TimerFiredEventAttributes;
import io.reprise.engine.proto.v1.TimerStartedEventAttributes;
import io.reprise.engine.proto.v1.UpsertWorkflowSearchAttributesEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionCancelRequestedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionCanceledEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionCompletedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionContinuedAsNewEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionFailedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionSignaledEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionStartedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionTerminatedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionTimedOutEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionUpdateAcceptedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowExecutionUpdateCompletedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowPropertiesModifiedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowTaskCompletedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowTaskFailedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowTaskScheduledEventAttributes;
import io.reprise.engine.proto.v1.WorkflowTaskStartedEventAttributes;
import io.reprise.engine.proto.v1.WorkflowTaskTimedOutEventAttributes;

/**
 * Converts the attributes of each event type ({@link EventAttributes}) to their proto v1 message and back,
 * one pair of methods per type, each component to the field of the same name (see {@link CommonMapper} for
 * the conventions). {@link HistoryEventMapper} picks the pair by type. Optional fields are set with plain
 * {@code if}s, not {@link CommonMapper#ifSet} (see there why).
 */
public final class EventAttributesMapper {

    private EventAttributesMapper() {
    }

    public static WorkflowExecutionStartedEventAttributes toProto(EventAttributes.WorkflowExecutionStarted a) {
        WorkflowExecutionStartedEventAttributes.Builder b = WorkflowExecutionStartedEventAttributes.newBuilder();
        if (a.workflowType() != null) {
            b.setWorkflowType(a.workflowType());
        }
        if (a.taskQueue() != null) {
            b.setTaskQueue(a.taskQueue());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        if (a.workflowExecutionTimeout() != null) {
            b.setWorkflowExecutionTimeout(CommonMapper.toProto(a.workflowExecutionTimeout()));
        }
        if (a.workflowRunTimeout() != null) {
            b.setWorkflowRunTimeout(CommonMapper.toProto(a.workflowRunTimeout()));
        }
        if (a.workflowTaskTimeout() != null) {
            b.setWorkflowTaskTimeout(CommonMapper.toProto(a.workflowTaskTimeout()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        if (a.firstExecutionRunId() != null) {
            b.setFirstExecutionRunId(a.firstExecutionRunId());
        }
        b.setAttempt(a.attempt());
        if (a.retryPolicy() != null) {
            b.setRetryPolicy(CommonMapper.toProto(a.retryPolicy()));
        }
        if (a.cronSchedule() != null) {
            b.setCronSchedule(a.cronSchedule());
        }
        if (a.continuedExecutionRunId() != null) {
            b.setContinuedExecutionRunId(a.continuedExecutionRunId());
        }
        b.setInitiator(INITIATORS.toProto(a.initiator()));
        if (a.firstWorkflowTaskBackoff() != null) {
            b.setFirstWorkflowTaskBackoff(CommonMapper.toProto(a.firstWorkflowTaskBackoff()));
        }
        if (a.parentExecution() != null) {
            b.setParentExecution(toProto(a.parentExecution()));
        }
        if (!a.memo().isEmpty()) {
            b.addAllMemo(payloadMapToProto(a.memo()));
        }
        if (!a.searchAttributes().isEmpty()) {
            b.addAllSearchAttributes(searchAttributesToProto(a.searchAttributes()));
        }
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionStarted fromProto(WorkflowExecutionStartedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionStarted(
                string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                CommonMapper.fromProto(p.hasWorkflowExecutionTimeout(), p.getWorkflowExecutionTimeout()),
                CommonMapper.fromProto(p.hasWorkflowRunTimeout(), p.getWorkflowRunTimeout()),
                CommonMapper.fromProto(p.hasWorkflowTaskTimeout(), p.getWorkflowTaskTimeout()),
                string(p.hasIdentity(), p.getIdentity()),
                string(p.hasFirstExecutionRunId(), p.getFirstExecutionRunId()),
                p.getAttempt(),
                CommonMapper.fromProto(p.hasRetryPolicy(), p.getRetryPolicy()),
                string(p.hasCronSchedule(), p.getCronSchedule()),
                string(p.hasContinuedExecutionRunId(), p.getContinuedExecutionRunId()),
                INITIATORS.fromProto(p.getInitiatorValue()),
                CommonMapper.fromProto(p.hasFirstWorkflowTaskBackoff(), p.getFirstWorkflowTaskBackoff()),
                p.hasParentExecution() ? fromProto(p.getParentExecution()) : null,
                payloadMapFromProto(p.getMemoList()),
                searchAttributesFromProto(p.getSearchAttributesList()),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static WorkflowExecutionCompletedEventAttributes toProto(EventAttributes.WorkflowExecutionCompleted a) {
        WorkflowExecutionCompletedEventAttributes.Builder b = WorkflowExecutionCompletedEventAttributes.newBuilder();
        if (a.result() != null) {
            b.setResult(CommonMapper.toProto(a.result()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        if (a.newExecutionRunId() != null) {
            b.setNewExecutionRunId(a.newExecutionRunId());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionCompleted fromProto(WorkflowExecutionCompletedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionCompleted(
                CommonMapper.fromProto(p.hasResult(), p.getResult()),
                p.getWorkflowTaskCompletedEventId(),
                string(p.hasNewExecutionRunId(), p.getNewExecutionRunId()));
    }

    public static WorkflowExecutionFailedEventAttributes toProto(EventAttributes.WorkflowExecutionFailed a) {
        WorkflowExecutionFailedEventAttributes.Builder b = WorkflowExecutionFailedEventAttributes.newBuilder();
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        b.setRetryState(RETRY_STATES.toProto(a.retryState()));
        if (a.newExecutionRunId() != null) {
            b.setNewExecutionRunId(a.newExecutionRunId());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionFailed fromProto(WorkflowExecutionFailedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionFailed(
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                p.getWorkflowTaskCompletedEventId(),
                RETRY_STATES.fromProto(p.getRetryStateValue()),
                string(p.hasNewExecutionRunId(), p.getNewExecutionRunId()));
    }

    public static WorkflowExecutionTimedOutEventAttributes toProto(EventAttributes.WorkflowExecutionTimedOut a) {
        WorkflowExecutionTimedOutEventAttributes.Builder b = WorkflowExecutionTimedOutEventAttributes.newBuilder();
        b.setRetryState(RETRY_STATES.toProto(a.retryState()));
        if (a.newExecutionRunId() != null) {
            b.setNewExecutionRunId(a.newExecutionRunId());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionTimedOut fromProto(WorkflowExecutionTimedOutEventAttributes p) {
        return new EventAttributes.WorkflowExecutionTimedOut(
                RETRY_STATES.fromProto(p.getRetryStateValue()),
                string(p.hasNewExecutionRunId(), p.getNewExecutionRunId()));
    }

    public static WorkflowTaskScheduledEventAttributes toProto(EventAttributes.WorkflowTaskScheduled a) {
        WorkflowTaskScheduledEventAttributes.Builder b = WorkflowTaskScheduledEventAttributes.newBuilder();
        if (a.taskQueue() != null) {
            b.setTaskQueue(a.taskQueue());
        }
        if (a.startToCloseTimeout() != null) {
            b.setStartToCloseTimeout(CommonMapper.toProto(a.startToCloseTimeout()));
        }
        b.setAttempt(a.attempt());
        return b.build();
    }

    public static EventAttributes.WorkflowTaskScheduled fromProto(WorkflowTaskScheduledEventAttributes p) {
        return new EventAttributes.WorkflowTaskScheduled(
                string(p.hasTaskQueue(), p.getTaskQueue()),
                CommonMapper.fromProto(p.hasStartToCloseTimeout(), p.getStartToCloseTimeout()),
                p.getAttempt());
    }

    public static WorkflowTaskStartedEventAttributes toProto(EventAttributes.WorkflowTaskStarted a) {
        WorkflowTaskStartedEventAttributes.Builder b = WorkflowTaskStartedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowTaskStarted fromProto(WorkflowTaskStartedEventAttributes p) {
        return new EventAttributes.WorkflowTaskStarted(
                p.getScheduledEventId(),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static WorkflowTaskCompletedEventAttributes toProto(EventAttributes.WorkflowTaskCompleted a) {
        WorkflowTaskCompletedEventAttributes.Builder b = WorkflowTaskCompletedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowTaskCompleted fromProto(WorkflowTaskCompletedEventAttributes p) {
        return new EventAttributes.WorkflowTaskCompleted(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static WorkflowTaskFailedEventAttributes toProto(EventAttributes.WorkflowTaskFailed a) {
        WorkflowTaskFailedEventAttributes.Builder b = WorkflowTaskFailedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        b.setCause(WORKFLOW_TASK_FAILED_CAUSES.toProto(a.cause()));
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowTaskFailed fromProto(WorkflowTaskFailedEventAttributes p) {
        return new EventAttributes.WorkflowTaskFailed(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                WORKFLOW_TASK_FAILED_CAUSES.fromProto(p.getCauseValue()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static WorkflowTaskTimedOutEventAttributes toProto(EventAttributes.WorkflowTaskTimedOut a) {
        WorkflowTaskTimedOutEventAttributes.Builder b = WorkflowTaskTimedOutEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        b.setTimeoutType(TIMEOUT_TYPES.toProto(a.timeoutType()));
        return b.build();
    }

    public static EventAttributes.WorkflowTaskTimedOut fromProto(WorkflowTaskTimedOutEventAttributes p) {
        return new EventAttributes.WorkflowTaskTimedOut(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                TIMEOUT_TYPES.fromProto(p.getTimeoutTypeValue()));
    }

    public static ActivityTaskScheduledEventAttributes toProto(EventAttributes.ActivityTaskScheduled a) {
        ActivityTaskScheduledEventAttributes.Builder b = ActivityTaskScheduledEventAttributes.newBuilder();
        if (a.activityId() != null) {
            b.setActivityId(a.activityId());
        }
        if (a.activityType() != null) {
            b.setActivityType(a.activityType());
        }
        if (a.taskQueue() != null) {
            b.setTaskQueue(a.taskQueue());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        if (a.scheduleToCloseTimeout() != null) {
            b.setScheduleToCloseTimeout(CommonMapper.toProto(a.scheduleToCloseTimeout()));
        }
        if (a.scheduleToStartTimeout() != null) {
            b.setScheduleToStartTimeout(CommonMapper.toProto(a.scheduleToStartTimeout()));
        }
        if (a.startToCloseTimeout() != null) {
            b.setStartToCloseTimeout(CommonMapper.toProto(a.startToCloseTimeout()));
        }
        if (a.heartbeatTimeout() != null) {
            b.setHeartbeatTimeout(CommonMapper.toProto(a.heartbeatTimeout()));
        }
        if (a.retryPolicy() != null) {
            b.setRetryPolicy(CommonMapper.toProto(a.retryPolicy()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static EventAttributes.ActivityTaskScheduled fromProto(ActivityTaskScheduledEventAttributes p) {
        return new EventAttributes.ActivityTaskScheduled(
                string(p.hasActivityId(), p.getActivityId()),
                string(p.hasActivityType(), p.getActivityType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                CommonMapper.fromProto(p.hasScheduleToCloseTimeout(), p.getScheduleToCloseTimeout()),
                CommonMapper.fromProto(p.hasScheduleToStartTimeout(), p.getScheduleToStartTimeout()),
                CommonMapper.fromProto(p.hasStartToCloseTimeout(), p.getStartToCloseTimeout()),
                CommonMapper.fromProto(p.hasHeartbeatTimeout(), p.getHeartbeatTimeout()),
                CommonMapper.fromProto(p.hasRetryPolicy(), p.getRetryPolicy()),
                p.getWorkflowTaskCompletedEventId(),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static ActivityTaskStartedEventAttributes toProto(EventAttributes.ActivityTaskStarted a) {
        ActivityTaskStartedEventAttributes.Builder b = ActivityTaskStartedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        b.setAttempt(a.attempt());
        if (a.lastFailure() != null) {
            b.setLastFailure(CommonMapper.toProto(a.lastFailure()));
        }
        return b.build();
    }

    public static EventAttributes.ActivityTaskStarted fromProto(ActivityTaskStartedEventAttributes p) {
        return new EventAttributes.ActivityTaskStarted(
                p.getScheduledEventId(),
                string(p.hasIdentity(), p.getIdentity()),
                p.getAttempt(),
                CommonMapper.fromProto(p.hasLastFailure(), p.getLastFailure()));
    }

    public static ActivityTaskCompletedEventAttributes toProto(EventAttributes.ActivityTaskCompleted a) {
        ActivityTaskCompletedEventAttributes.Builder b = ActivityTaskCompletedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        if (a.result() != null) {
            b.setResult(CommonMapper.toProto(a.result()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.ActivityTaskCompleted fromProto(ActivityTaskCompletedEventAttributes p) {
        return new EventAttributes.ActivityTaskCompleted(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                CommonMapper.fromProto(p.hasResult(), p.getResult()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static ActivityTaskFailedEventAttributes toProto(EventAttributes.ActivityTaskFailed a) {
        ActivityTaskFailedEventAttributes.Builder b = ActivityTaskFailedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        b.setRetryState(RETRY_STATES.toProto(a.retryState()));
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.ActivityTaskFailed fromProto(ActivityTaskFailedEventAttributes p) {
        return new EventAttributes.ActivityTaskFailed(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                RETRY_STATES.fromProto(p.getRetryStateValue()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static ActivityTaskTimedOutEventAttributes toProto(EventAttributes.ActivityTaskTimedOut a) {
        ActivityTaskTimedOutEventAttributes.Builder b = ActivityTaskTimedOutEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        b.setRetryState(RETRY_STATES.toProto(a.retryState()));
        return b.build();
    }

    public static EventAttributes.ActivityTaskTimedOut fromProto(ActivityTaskTimedOutEventAttributes p) {
        return new EventAttributes.ActivityTaskTimedOut(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                RETRY_STATES.fromProto(p.getRetryStateValue()));
    }

    public static TimerStartedEventAttributes toProto(EventAttributes.TimerStarted a) {
        TimerStartedEventAttributes.Builder b = TimerStartedEventAttributes.newBuilder();
        if (a.timerId() != null) {
            b.setTimerId(a.timerId());
        }
        if (a.startToFireTimeout() != null) {
            b.setStartToFireTimeout(CommonMapper.toProto(a.startToFireTimeout()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.TimerStarted fromProto(TimerStartedEventAttributes p) {
        return new EventAttributes.TimerStarted(
                string(p.hasTimerId(), p.getTimerId()),
                CommonMapper.fromProto(p.hasStartToFireTimeout(), p.getStartToFireTimeout()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static TimerFiredEventAttributes toProto(EventAttributes.TimerFired a) {
        TimerFiredEventAttributes.Builder b = TimerFiredEventAttributes.newBuilder();
        if (a.timerId() != null) {
            b.setTimerId(a.timerId());
        }
        b.setStartedEventId(a.startedEventId());
        return b.build();
    }

    public static EventAttributes.TimerFired fromProto(TimerFiredEventAttributes p) {
        return new EventAttributes.TimerFired(
                string(p.hasTimerId(), p.getTimerId()),
                p.getStartedEventId());
    }

    public static ActivityTaskCancelRequestedEventAttributes toProto(EventAttributes.ActivityTaskCancelRequested a) {
        ActivityTaskCancelRequestedEventAttributes.Builder b = ActivityTaskCancelRequestedEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.ActivityTaskCancelRequested fromProto(ActivityTaskCancelRequestedEventAttributes p) {
        return new EventAttributes.ActivityTaskCancelRequested(
                p.getScheduledEventId(),
                p.getWorkflowTaskCompletedEventId());
    }

    public static ActivityTaskCanceledEventAttributes toProto(EventAttributes.ActivityTaskCanceled a) {
        ActivityTaskCanceledEventAttributes.Builder b = ActivityTaskCanceledEventAttributes.newBuilder();
        b.setScheduledEventId(a.scheduledEventId());
        b.setStartedEventId(a.startedEventId());
        b.setLatestCancelRequestedEventId(a.latestCancelRequestedEventId());
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadsToProto(a.details()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.ActivityTaskCanceled fromProto(ActivityTaskCanceledEventAttributes p) {
        return new EventAttributes.ActivityTaskCanceled(
                p.getScheduledEventId(),
                p.getStartedEventId(),
                p.getLatestCancelRequestedEventId(),
                payloadsFromProto(p.getDetailsList()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static TimerCanceledEventAttributes toProto(EventAttributes.TimerCanceled a) {
        TimerCanceledEventAttributes.Builder b = TimerCanceledEventAttributes.newBuilder();
        if (a.timerId() != null) {
            b.setTimerId(a.timerId());
        }
        b.setStartedEventId(a.startedEventId());
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.TimerCanceled fromProto(TimerCanceledEventAttributes p) {
        return new EventAttributes.TimerCanceled(
                string(p.hasTimerId(), p.getTimerId()),
                p.getStartedEventId(),
                p.getWorkflowTaskCompletedEventId());
    }

    public static MarkerRecordedEventAttributes toProto(EventAttributes.MarkerRecorded a) {
        MarkerRecordedEventAttributes.Builder b = MarkerRecordedEventAttributes.newBuilder();
        if (a.markerName() != null) {
            b.setMarkerName(a.markerName());
        }
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadListMapToProto(a.details()));
        }
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.MarkerRecorded fromProto(MarkerRecordedEventAttributes p) {
        return new EventAttributes.MarkerRecorded(
                string(p.hasMarkerName(), p.getMarkerName()),
                payloadListMapFromProto(p.getDetailsList()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static WorkflowExecutionSignaledEventAttributes toProto(EventAttributes.WorkflowExecutionSignaled a) {
        WorkflowExecutionSignaledEventAttributes.Builder b = WorkflowExecutionSignaledEventAttributes.newBuilder();
        if (a.signalName() != null) {
            b.setSignalName(a.signalName());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionSignaled fromProto(WorkflowExecutionSignaledEventAttributes p) {
        return new EventAttributes.WorkflowExecutionSignaled(
                string(p.hasSignalName(), p.getSignalName()),
                payloadsFromProto(p.getInputList()),
                string(p.hasIdentity(), p.getIdentity()),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static WorkflowExecutionCancelRequestedEventAttributes toProto(
            EventAttributes.WorkflowExecutionCancelRequested a) {
        WorkflowExecutionCancelRequestedEventAttributes.Builder b =
                WorkflowExecutionCancelRequestedEventAttributes.newBuilder();
        if (a.reason() != null) {
            b.setReason(a.reason());
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionCancelRequested fromProto(
            WorkflowExecutionCancelRequestedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionCancelRequested(
                string(p.hasReason(), p.getReason()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static WorkflowExecutionCanceledEventAttributes toProto(EventAttributes.WorkflowExecutionCanceled a) {
        WorkflowExecutionCanceledEventAttributes.Builder b = WorkflowExecutionCanceledEventAttributes.newBuilder();
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadsToProto(a.details()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionCanceled fromProto(WorkflowExecutionCanceledEventAttributes p) {
        return new EventAttributes.WorkflowExecutionCanceled(
                payloadsFromProto(p.getDetailsList()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static WorkflowExecutionTerminatedEventAttributes toProto(EventAttributes.WorkflowExecutionTerminated a) {
        WorkflowExecutionTerminatedEventAttributes.Builder b = WorkflowExecutionTerminatedEventAttributes.newBuilder();
        if (a.reason() != null) {
            b.setReason(a.reason());
        }
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadsToProto(a.details()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionTerminated fromProto(WorkflowExecutionTerminatedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionTerminated(
                string(p.hasReason(), p.getReason()),
                payloadsFromProto(p.getDetailsList()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static WorkflowExecutionUpdateAcceptedEventAttributes toProto(
            EventAttributes.WorkflowExecutionUpdateAccepted a) {
        WorkflowExecutionUpdateAcceptedEventAttributes.Builder b =
                WorkflowExecutionUpdateAcceptedEventAttributes.newBuilder();
        if (a.updateId() != null) {
            b.setUpdateId(a.updateId());
        }
        if (a.updateName() != null) {
            b.setUpdateName(a.updateName());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        if (a.identity() != null) {
            b.setIdentity(a.identity());
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionUpdateAccepted fromProto(
            WorkflowExecutionUpdateAcceptedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionUpdateAccepted(
                string(p.hasUpdateId(), p.getUpdateId()),
                string(p.hasUpdateName(), p.getUpdateName()),
                payloadsFromProto(p.getInputList()),
                string(p.hasIdentity(), p.getIdentity()));
    }

    public static WorkflowExecutionUpdateCompletedEventAttributes toProto(
            EventAttributes.WorkflowExecutionUpdateCompleted a) {
        WorkflowExecutionUpdateCompletedEventAttributes.Builder b =
                WorkflowExecutionUpdateCompletedEventAttributes.newBuilder();
        if (a.updateId() != null) {
            b.setUpdateId(a.updateId());
        }
        if (a.result() != null) {
            b.setResult(CommonMapper.toProto(a.result()));
        }
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionUpdateCompleted fromProto(
            WorkflowExecutionUpdateCompletedEventAttributes p) {
        return new EventAttributes.WorkflowExecutionUpdateCompleted(
                string(p.hasUpdateId(), p.getUpdateId()),
                CommonMapper.fromProto(p.hasResult(), p.getResult()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static WorkflowExecutionContinuedAsNewEventAttributes toProto(
            EventAttributes.WorkflowExecutionContinuedAsNew a) {
        WorkflowExecutionContinuedAsNewEventAttributes.Builder b =
                WorkflowExecutionContinuedAsNewEventAttributes.newBuilder();
        if (a.newExecutionRunId() != null) {
            b.setNewExecutionRunId(a.newExecutionRunId());
        }
        if (a.workflowType() != null) {
            b.setWorkflowType(a.workflowType());
        }
        if (a.taskQueue() != null) {
            b.setTaskQueue(a.taskQueue());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        if (a.workflowRunTimeout() != null) {
            b.setWorkflowRunTimeout(CommonMapper.toProto(a.workflowRunTimeout()));
        }
        if (a.workflowTaskTimeout() != null) {
            b.setWorkflowTaskTimeout(CommonMapper.toProto(a.workflowTaskTimeout()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static EventAttributes.WorkflowExecutionContinuedAsNew fromProto(
            WorkflowExecutionContinuedAsNewEventAttributes p) {
        return new EventAttributes.WorkflowExecutionContinuedAsNew(
                string(p.hasNewExecutionRunId(), p.getNewExecutionRunId()),
                string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                CommonMapper.fromProto(p.hasWorkflowRunTimeout(), p.getWorkflowRunTimeout()),
                CommonMapper.fromProto(p.hasWorkflowTaskTimeout(), p.getWorkflowTaskTimeout()),
                p.getWorkflowTaskCompletedEventId(),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static StartChildWorkflowExecutionInitiatedEventAttributes toProto(
            EventAttributes.StartChildWorkflowExecutionInitiated a) {
        StartChildWorkflowExecutionInitiatedEventAttributes.Builder b =
                StartChildWorkflowExecutionInitiatedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.workflowType() != null) {
            b.setWorkflowType(a.workflowType());
        }
        if (a.taskQueue() != null) {
            b.setTaskQueue(a.taskQueue());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        if (a.workflowExecutionTimeout() != null) {
            b.setWorkflowExecutionTimeout(CommonMapper.toProto(a.workflowExecutionTimeout()));
        }
        if (a.workflowRunTimeout() != null) {
            b.setWorkflowRunTimeout(CommonMapper.toProto(a.workflowRunTimeout()));
        }
        if (a.workflowTaskTimeout() != null) {
            b.setWorkflowTaskTimeout(CommonMapper.toProto(a.workflowTaskTimeout()));
        }
        if (a.retryPolicy() != null) {
            b.setRetryPolicy(CommonMapper.toProto(a.retryPolicy()));
        }
        if (a.cronSchedule() != null) {
            b.setCronSchedule(a.cronSchedule());
        }
        b.setParentClosePolicy(PARENT_CLOSE_POLICIES.toProto(a.parentClosePolicy()));
        b.setWorkflowIdReusePolicy(WORKFLOW_ID_REUSE_POLICIES.toProto(a.workflowIdReusePolicy()));
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        if (!a.header().isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header()));
        }
        return b.build();
    }

    public static EventAttributes.StartChildWorkflowExecutionInitiated fromProto(
            StartChildWorkflowExecutionInitiatedEventAttributes p) {
        return new EventAttributes.StartChildWorkflowExecutionInitiated(
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
                p.getWorkflowTaskCompletedEventId(),
                payloadMapFromProto(p.getHeaderList()));
    }

    public static StartChildWorkflowExecutionFailedEventAttributes toProto(
            EventAttributes.StartChildWorkflowExecutionFailed a) {
        StartChildWorkflowExecutionFailedEventAttributes.Builder b =
                StartChildWorkflowExecutionFailedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.workflowType() != null) {
            b.setWorkflowType(a.workflowType());
        }
        if (a.cause() != null) {
            b.setCause(a.cause());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.StartChildWorkflowExecutionFailed fromProto(
            StartChildWorkflowExecutionFailedEventAttributes p) {
        return new EventAttributes.StartChildWorkflowExecutionFailed(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasCause(), p.getCause()),
                p.getInitiatedEventId());
    }

    public static ChildWorkflowExecutionStartedEventAttributes toProto(
            EventAttributes.ChildWorkflowExecutionStarted a) {
        ChildWorkflowExecutionStartedEventAttributes.Builder b =
                ChildWorkflowExecutionStartedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.workflowType() != null) {
            b.setWorkflowType(a.workflowType());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.ChildWorkflowExecutionStarted fromProto(
            ChildWorkflowExecutionStartedEventAttributes p) {
        return new EventAttributes.ChildWorkflowExecutionStarted(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                string(p.hasWorkflowType(), p.getWorkflowType()),
                p.getInitiatedEventId());
    }

    public static ChildWorkflowExecutionCompletedEventAttributes toProto(
            EventAttributes.ChildWorkflowExecutionCompleted a) {
        ChildWorkflowExecutionCompletedEventAttributes.Builder b =
                ChildWorkflowExecutionCompletedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.result() != null) {
            b.setResult(CommonMapper.toProto(a.result()));
        }
        b.setInitiatedEventId(a.initiatedEventId());
        b.setStartedEventId(a.startedEventId());
        return b.build();
    }

    public static EventAttributes.ChildWorkflowExecutionCompleted fromProto(
            ChildWorkflowExecutionCompletedEventAttributes p) {
        return new EventAttributes.ChildWorkflowExecutionCompleted(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                CommonMapper.fromProto(p.hasResult(), p.getResult()),
                p.getInitiatedEventId(),
                p.getStartedEventId());
    }

    public static ChildWorkflowExecutionFailedEventAttributes toProto(EventAttributes.ChildWorkflowExecutionFailed a) {
        ChildWorkflowExecutionFailedEventAttributes.Builder b =
                ChildWorkflowExecutionFailedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.failure() != null) {
            b.setFailure(CommonMapper.toProto(a.failure()));
        }
        b.setInitiatedEventId(a.initiatedEventId());
        b.setStartedEventId(a.startedEventId());
        return b.build();
    }

    public static EventAttributes.ChildWorkflowExecutionFailed fromProto(
            ChildWorkflowExecutionFailedEventAttributes p) {
        return new EventAttributes.ChildWorkflowExecutionFailed(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()),
                p.getInitiatedEventId(),
                p.getStartedEventId());
    }

    public static ChildWorkflowExecutionCanceledEventAttributes toProto(
            EventAttributes.ChildWorkflowExecutionCanceled a) {
        ChildWorkflowExecutionCanceledEventAttributes.Builder b =
                ChildWorkflowExecutionCanceledEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (!a.details().isEmpty()) {
            b.addAllDetails(payloadsToProto(a.details()));
        }
        b.setInitiatedEventId(a.initiatedEventId());
        b.setStartedEventId(a.startedEventId());
        return b.build();
    }

    public static EventAttributes.ChildWorkflowExecutionCanceled fromProto(
            ChildWorkflowExecutionCanceledEventAttributes p) {
        return new EventAttributes.ChildWorkflowExecutionCanceled(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                payloadsFromProto(p.getDetailsList()),
                p.getInitiatedEventId(),
                p.getStartedEventId());
    }

    public static ChildWorkflowExecutionTimedOutEventAttributes toProto(
            EventAttributes.ChildWorkflowExecutionTimedOut a) {
        ChildWorkflowExecutionTimedOutEventAttributes.Builder b =
                ChildWorkflowExecutionTimedOutEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        b.setStartedEventId(a.startedEventId());
        return b.build();
    }

    public static EventAttributes.ChildWorkflowExecutionTimedOut fromProto(
            ChildWorkflowExecutionTimedOutEventAttributes p) {
        return new EventAttributes.ChildWorkflowExecutionTimedOut(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                p.getInitiatedEventId(),
                p.getStartedEventId());
    }

    public static ChildWorkflowExecutionTerminatedEventAttributes toProto(
            EventAttributes.ChildWorkflowExecutionTerminated a) {
        ChildWorkflowExecutionTerminatedEventAttributes.Builder b =
                ChildWorkflowExecutionTerminatedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.reason() != null) {
            b.setReason(a.reason());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        b.setStartedEventId(a.startedEventId());
        return b.build();
    }

    public static EventAttributes.ChildWorkflowExecutionTerminated fromProto(
            ChildWorkflowExecutionTerminatedEventAttributes p) {
        return new EventAttributes.ChildWorkflowExecutionTerminated(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                string(p.hasReason(), p.getReason()),
                p.getInitiatedEventId(),
                p.getStartedEventId());
    }

    public static SignalExternalWorkflowExecutionInitiatedEventAttributes toProto(
            EventAttributes.SignalExternalWorkflowExecutionInitiated a) {
        SignalExternalWorkflowExecutionInitiatedEventAttributes.Builder b =
                SignalExternalWorkflowExecutionInitiatedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.signalName() != null) {
            b.setSignalName(a.signalName());
        }
        if (!a.input().isEmpty()) {
            b.addAllInput(payloadsToProto(a.input()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.SignalExternalWorkflowExecutionInitiated fromProto(
            SignalExternalWorkflowExecutionInitiatedEventAttributes p) {
        return new EventAttributes.SignalExternalWorkflowExecutionInitiated(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                string(p.hasSignalName(), p.getSignalName()),
                payloadsFromProto(p.getInputList()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static ExternalWorkflowExecutionSignaledEventAttributes toProto(
            EventAttributes.ExternalWorkflowExecutionSignaled a) {
        ExternalWorkflowExecutionSignaledEventAttributes.Builder b =
                ExternalWorkflowExecutionSignaledEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.ExternalWorkflowExecutionSignaled fromProto(
            ExternalWorkflowExecutionSignaledEventAttributes p) {
        return new EventAttributes.ExternalWorkflowExecutionSignaled(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                p.getInitiatedEventId());
    }

    public static SignalExternalWorkflowExecutionFailedEventAttributes toProto(
            EventAttributes.SignalExternalWorkflowExecutionFailed a) {
        SignalExternalWorkflowExecutionFailedEventAttributes.Builder b =
                SignalExternalWorkflowExecutionFailedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.cause() != null) {
            b.setCause(a.cause());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.SignalExternalWorkflowExecutionFailed fromProto(
            SignalExternalWorkflowExecutionFailedEventAttributes p) {
        return new EventAttributes.SignalExternalWorkflowExecutionFailed(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                string(p.hasCause(), p.getCause()),
                p.getInitiatedEventId());
    }

    public static RequestCancelExternalWorkflowExecutionInitiatedEventAttributes toProto(
            EventAttributes.RequestCancelExternalWorkflowExecutionInitiated a) {
        RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.Builder b =
                RequestCancelExternalWorkflowExecutionInitiatedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.RequestCancelExternalWorkflowExecutionInitiated fromProto(
            RequestCancelExternalWorkflowExecutionInitiatedEventAttributes p) {
        return new EventAttributes.RequestCancelExternalWorkflowExecutionInitiated(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static ExternalWorkflowExecutionCancelRequestedEventAttributes toProto(
            EventAttributes.ExternalWorkflowExecutionCancelRequested a) {
        ExternalWorkflowExecutionCancelRequestedEventAttributes.Builder b =
                ExternalWorkflowExecutionCancelRequestedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.ExternalWorkflowExecutionCancelRequested fromProto(
            ExternalWorkflowExecutionCancelRequestedEventAttributes p) {
        return new EventAttributes.ExternalWorkflowExecutionCancelRequested(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                p.getInitiatedEventId());
    }

    public static RequestCancelExternalWorkflowExecutionFailedEventAttributes toProto(
            EventAttributes.RequestCancelExternalWorkflowExecutionFailed a) {
        RequestCancelExternalWorkflowExecutionFailedEventAttributes.Builder b =
                RequestCancelExternalWorkflowExecutionFailedEventAttributes.newBuilder();
        if (a.workflowId() != null) {
            b.setWorkflowId(a.workflowId());
        }
        if (a.runId() != null) {
            b.setRunId(a.runId());
        }
        if (a.cause() != null) {
            b.setCause(a.cause());
        }
        b.setInitiatedEventId(a.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.RequestCancelExternalWorkflowExecutionFailed fromProto(
            RequestCancelExternalWorkflowExecutionFailedEventAttributes p) {
        return new EventAttributes.RequestCancelExternalWorkflowExecutionFailed(
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                string(p.hasCause(), p.getCause()),
                p.getInitiatedEventId());
    }

    public static UpsertWorkflowSearchAttributesEventAttributes toProto(
            EventAttributes.UpsertWorkflowSearchAttributes a) {
        UpsertWorkflowSearchAttributesEventAttributes.Builder b =
                UpsertWorkflowSearchAttributesEventAttributes.newBuilder();
        if (!a.searchAttributes().isEmpty()) {
            b.addAllSearchAttributes(searchAttributesToProto(a.searchAttributes()));
        }
        if (!a.unset().isEmpty()) {
            b.addAllUnset(a.unset());
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.UpsertWorkflowSearchAttributes fromProto(
            UpsertWorkflowSearchAttributesEventAttributes p) {
        return new EventAttributes.UpsertWorkflowSearchAttributes(
                searchAttributesFromProto(p.getSearchAttributesList()),
                p.getUnsetList(),
                p.getWorkflowTaskCompletedEventId());
    }

    public static WorkflowPropertiesModifiedEventAttributes toProto(EventAttributes.WorkflowPropertiesModified a) {
        WorkflowPropertiesModifiedEventAttributes.Builder b = WorkflowPropertiesModifiedEventAttributes.newBuilder();
        if (!a.upsertedMemo().isEmpty()) {
            b.addAllUpsertedMemo(payloadMapToProto(a.upsertedMemo()));
        }
        b.setWorkflowTaskCompletedEventId(a.workflowTaskCompletedEventId());
        return b.build();
    }

    public static EventAttributes.WorkflowPropertiesModified fromProto(WorkflowPropertiesModifiedEventAttributes p) {
        return new EventAttributes.WorkflowPropertiesModified(
                payloadMapFromProto(p.getUpsertedMemoList()),
                p.getWorkflowTaskCompletedEventId());
    }

    public static ParentExecution toProto(EventAttributes.ParentExecution parent) {
        if (parent == null) {
            return null;
        }
        ParentExecution.Builder b = ParentExecution.newBuilder();
        if (parent.namespace() != null) {
            b.setNamespace(parent.namespace());
        }
        if (parent.workflowId() != null) {
            b.setWorkflowId(parent.workflowId());
        }
        if (parent.runId() != null) {
            b.setRunId(parent.runId());
        }
        b.setInitiatedEventId(parent.initiatedEventId());
        return b.build();
    }

    public static EventAttributes.ParentExecution fromProto(ParentExecution p) {
        return new EventAttributes.ParentExecution(
                string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasRunId(), p.getRunId()),
                p.getInitiatedEventId());
    }
}
