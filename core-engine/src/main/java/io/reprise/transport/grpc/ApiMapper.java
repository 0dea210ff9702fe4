package io.reprise.transport.grpc;

import static io.reprise.engine.proto.CommonMapper.ifSet;
import static io.reprise.engine.proto.CommonMapper.payloadMapFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapToProto;
import static io.reprise.engine.proto.CommonMapper.payloadsFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadsToProto;
import static io.reprise.engine.proto.CommonMapper.searchAttributesFromProto;
import static io.reprise.engine.proto.CommonMapper.searchAttributesToProto;
import static io.reprise.engine.proto.CommonMapper.string;

import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HistoryPage;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.ServerInfo;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowQuery;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.engine.proto.CommonMapper;
import io.reprise.engine.proto.EnumMapping;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.proto.ProtoEnums;
import io.reprise.engine.proto.v1.WorkflowQueryKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Converts what the calls of {@link io.reprise.engine.api.EngineService} carry (requests, tasks, descriptions,
 * outcomes) to their messages of service.proto and back. The data they are made of (payloads, failures, events,
 * commands) goes through {@link io.reprise.engine.proto}'s mappers, whose conventions hold here too: a Java
 * {@code null} is a field not set, an empty list or map an empty one.
 */
final class ApiMapper {

    static final EnumMapping<WorkflowExecutionStatus, io.reprise.engine.proto.v1.WorkflowExecutionStatus> STATUSES =
            ProtoEnums.STATUSES;
    static final EnumMapping<WorkflowTaskFailedCause, io.reprise.engine.proto.v1.WorkflowTaskFailedCause>
            FAILED_CAUSES = ProtoEnums.WORKFLOW_TASK_FAILED_CAUSES;
    static final EnumMapping<WorkflowIdReusePolicy, io.reprise.engine.proto.v1.WorkflowIdReusePolicy>
            REUSE_POLICIES = ProtoEnums.WORKFLOW_ID_REUSE_POLICIES;
    /** The one enum of service.proto's own. */
    static final EnumMapping<WorkflowQuery.Kind, WorkflowQueryKind> QUERY_KINDS =
            new EnumMapping<>(WorkflowQuery.Kind.class, WorkflowQueryKind.class, "WORKFLOW_QUERY_KIND_");

    private ApiMapper() {
    }

    // ------------------------------------------------------------ small values

    static com.google.protobuf.Duration duration(Duration duration) {
        return CommonMapper.toProto(duration);
    }

    static Duration duration(boolean present, com.google.protobuf.Duration duration) {
        return CommonMapper.fromProto(present, duration);
    }

    static com.google.protobuf.Timestamp instant(Instant instant) {
        return CommonMapper.toProto(instant);
    }

    static Instant instant(boolean present, com.google.protobuf.Timestamp timestamp) {
        return CommonMapper.fromProto(present, timestamp);
    }

    static io.reprise.engine.proto.v1.WorkflowExecution toProto(WorkflowExecution execution) {
        if (execution == null) {
            return null;
        }
        io.reprise.engine.proto.v1.WorkflowExecution.Builder b = io.reprise.engine.proto.v1.WorkflowExecution
                .newBuilder();
        ifSet(execution.workflowId(), b::setWorkflowId);
        ifSet(execution.runId(), b::setRunId);
        return b.build();
    }

    static WorkflowExecution fromProto(boolean present, io.reprise.engine.proto.v1.WorkflowExecution e) {
        return present ? new WorkflowExecution(string(e.hasWorkflowId(), e.getWorkflowId()),
                string(e.hasRunId(), e.getRunId())) : null;
    }

    // ------------------------------------------------------------ executions

    static io.reprise.engine.proto.v1.StartWorkflowRequest toProto(StartWorkflowRequest r) {
        io.reprise.engine.proto.v1.StartWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.StartWorkflowRequest.newBuilder()
                        .addAllInput(payloadsToProto(r.input()))
                        .setIdReusePolicy(REUSE_POLICIES.toProto(r.idReusePolicy()))
                        .setAttachToRunning(r.attachToRunning())
                        .addAllMemo(payloadMapToProto(r.memo()))
                        .addAllSearchAttributes(searchAttributesToProto(r.searchAttributes()))
                        .addAllHeader(payloadMapToProto(r.header()));
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.workflowType(), b::setWorkflowType);
        ifSet(r.taskQueue(), b::setTaskQueue);
        ifSet(duration(r.executionTimeout()), b::setExecutionTimeout);
        ifSet(duration(r.runTimeout()), b::setRunTimeout);
        ifSet(duration(r.taskTimeout()), b::setTaskTimeout);
        ifSet(r.identity(), b::setIdentity);
        ifSet(r.requestId(), b::setRequestId);
        ifSet(CommonMapper.toProto(r.retryPolicy()), b::setRetryPolicy);
        ifSet(r.cronSchedule(), b::setCronSchedule);
        return b.build();
    }

    static StartWorkflowRequest fromProto(io.reprise.engine.proto.v1.StartWorkflowRequest p) {
        return new StartWorkflowRequest(
                string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()),
                string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasTaskQueue(), p.getTaskQueue()),
                payloadsFromProto(p.getInputList()),
                duration(p.hasExecutionTimeout(), p.getExecutionTimeout()),
                duration(p.hasRunTimeout(), p.getRunTimeout()),
                duration(p.hasTaskTimeout(), p.getTaskTimeout()),
                string(p.hasIdentity(), p.getIdentity()),
                string(p.hasRequestId(), p.getRequestId()),
                REUSE_POLICIES.fromProto(p.getIdReusePolicyValue()),
                p.getAttachToRunning(),
                CommonMapper.fromProto(p.hasRetryPolicy(), p.getRetryPolicy()),
                string(p.hasCronSchedule(), p.getCronSchedule()),
                payloadMapFromProto(p.getMemoList()),
                searchAttributesFromProto(p.getSearchAttributesList()),
                payloadMapFromProto(p.getHeaderList()));
    }

    static io.reprise.engine.proto.v1.GetHistoryRequest toProto(GetHistoryRequest r) {
        io.reprise.engine.proto.v1.GetHistoryRequest.Builder b = io.reprise.engine.proto.v1.GetHistoryRequest
                .newBuilder()
                .setPageSize(r.pageSize());
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.runId(), b::setRunId);
        ifSet(r.nextPageToken(), b::setNextPageToken);
        return b.build();
    }

    static GetHistoryRequest fromProto(io.reprise.engine.proto.v1.GetHistoryRequest p) {
        return new GetHistoryRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()), string(p.hasRunId(), p.getRunId()), p.getPageSize(),
                string(p.hasNextPageToken(), p.getNextPageToken()));
    }

    static io.reprise.engine.proto.v1.GetHistoryResponse toProto(HistoryPage page) {
        io.reprise.engine.proto.v1.GetHistoryResponse.Builder b = io.reprise.engine.proto.v1.GetHistoryResponse
                .newBuilder();
        page.events().forEach(event -> b.addEvents(HistoryEventMapper.toProto(event)));
        ifSet(page.nextPageToken(), b::setNextPageToken);
        return b.build();
    }

    static HistoryPage fromProto(io.reprise.engine.proto.v1.GetHistoryResponse p) {
        List<io.reprise.engine.api.HistoryEvent> events = new ArrayList<>(p.getEventsCount());
        p.getEventsList().forEach(event -> events.add(HistoryEventMapper.fromProto(event)));
        return new HistoryPage(events, string(p.hasNextPageToken(), p.getNextPageToken()));
    }

    static io.reprise.engine.proto.v1.WorkflowExecutionInfo toProto(WorkflowExecutionInfo info) {
        if (info == null) {
            return null;
        }
        io.reprise.engine.proto.v1.WorkflowExecutionInfo.Builder b =
                io.reprise.engine.proto.v1.WorkflowExecutionInfo.newBuilder()
                        .setStatus(STATUSES.toProto(info.status()))
                        .setHistoryLength(info.historyLength())
                        .addAllMemo(payloadMapToProto(info.memo()))
                        .addAllSearchAttributes(searchAttributesToProto(info.searchAttributes()));
        ifSet(toProto(info.execution()), b::setExecution);
        ifSet(info.workflowType(), b::setWorkflowType);
        ifSet(info.taskQueue(), b::setTaskQueue);
        ifSet(instant(info.startTime()), b::setStartTime);
        ifSet(instant(info.closeTime()), b::setCloseTime);
        return b.build();
    }

    static WorkflowExecutionInfo fromProto(boolean present, io.reprise.engine.proto.v1.WorkflowExecutionInfo p) {
        if (!present) {
            return null;
        }
        return new WorkflowExecutionInfo(fromProto(p.hasExecution(), p.getExecution()),
                string(p.hasWorkflowType(), p.getWorkflowType()), string(p.hasTaskQueue(), p.getTaskQueue()),
                STATUSES.fromProto(p.getStatusValue()), instant(p.hasStartTime(), p.getStartTime()),
                instant(p.hasCloseTime(), p.getCloseTime()), p.getHistoryLength(), payloadMapFromProto(p.getMemoList()),
                searchAttributesFromProto(p.getSearchAttributesList()));
    }

    static io.reprise.engine.proto.v1.PendingActivity toProto(PendingActivity a) {
        io.reprise.engine.proto.v1.PendingActivity.Builder b = io.reprise.engine.proto.v1.PendingActivity.newBuilder()
                .setScheduledEventId(a.scheduledEventId())
                .setAttempt(a.attempt())
                .setCancelRequested(a.cancelRequested());
        ifSet(a.activityId(), b::setActivityId);
        ifSet(a.activityType(), b::setActivityType);
        ifSet(a.state(), b::setState);
        ifSet(instant(a.scheduledTime()), b::setScheduledTime);
        ifSet(instant(a.lastStartedTime()), b::setLastStartedTime);
        ifSet(CommonMapper.toProto(a.lastFailure()), b::setLastFailure);
        ifSet(a.lastWorkerIdentity(), b::setLastWorkerIdentity);
        ifSet(instant(a.nextAttemptScheduleTime()), b::setNextAttemptScheduleTime);
        b.addAllHeartbeatDetails(payloadsToProto(a.heartbeatDetails()));
        ifSet(instant(a.lastHeartbeatTime()), b::setLastHeartbeatTime);
        return b.build();
    }

    static PendingActivity fromProto(io.reprise.engine.proto.v1.PendingActivity p) {
        return new PendingActivity(string(p.hasActivityId(), p.getActivityId()),
                string(p.hasActivityType(), p.getActivityType()), p.getScheduledEventId(),
                string(p.hasState(), p.getState()), p.getAttempt(), instant(p.hasScheduledTime(), p.getScheduledTime()),
                instant(p.hasLastStartedTime(), p.getLastStartedTime()),
                CommonMapper.fromProto(p.hasLastFailure(), p.getLastFailure()),
                string(p.hasLastWorkerIdentity(), p.getLastWorkerIdentity()),
                instant(p.hasNextAttemptScheduleTime(), p.getNextAttemptScheduleTime()),
                payloadsFromProto(p.getHeartbeatDetailsList()),
                instant(p.hasLastHeartbeatTime(), p.getLastHeartbeatTime()), p.getCancelRequested());
    }

    static io.reprise.engine.proto.v1.DescribeWorkflowResponse toProto(ExecutionDescription d) {
        io.reprise.engine.proto.v1.DescribeWorkflowResponse.Builder b =
                io.reprise.engine.proto.v1.DescribeWorkflowResponse.newBuilder();
        ifSet(d.namespace(), b::setNamespace);
        ifSet(toProto(d.info()), b::setInfo);
        d.pendingActivities().forEach(a -> b.addPendingActivities(toProto(a)));
        return b.build();
    }

    static ExecutionDescription fromProto(io.reprise.engine.proto.v1.DescribeWorkflowResponse p) {
        return new ExecutionDescription(string(p.hasNamespace(), p.getNamespace()),
                fromProto(p.hasInfo(), p.getInfo()),
                p.getPendingActivitiesList().stream().map(ApiMapper::fromProto).toList());
    }

    static io.reprise.engine.proto.v1.ListExecutionsRequest toProto(ListExecutionsRequest r) {
        io.reprise.engine.proto.v1.ListExecutionsRequest.Builder b =
                io.reprise.engine.proto.v1.ListExecutionsRequest.newBuilder()
                        .setStatus(STATUSES.toProto(r.status()))
                        .setPageSize(r.pageSize());
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.nextPageToken(), b::setNextPageToken);
        ifSet(r.query(), b::setQuery);
        return b.build();
    }

    static ListExecutionsRequest fromProto(io.reprise.engine.proto.v1.ListExecutionsRequest p) {
        return new ListExecutionsRequest(string(p.hasNamespace(), p.getNamespace()),
                STATUSES.fromProto(p.getStatusValue()), p.getPageSize(),
                string(p.hasNextPageToken(), p.getNextPageToken()), string(p.hasQuery(), p.getQuery()));
    }

    static io.reprise.engine.proto.v1.ListExecutionsResponse toProto(ListExecutionsResponse r) {
        io.reprise.engine.proto.v1.ListExecutionsResponse.Builder b =
                io.reprise.engine.proto.v1.ListExecutionsResponse.newBuilder();
        r.executions().forEach(info -> b.addExecutions(toProto(info)));
        ifSet(r.nextPageToken(), b::setNextPageToken);
        return b.build();
    }

    static ListExecutionsResponse fromProto(io.reprise.engine.proto.v1.ListExecutionsResponse p) {
        return new ListExecutionsResponse(
                p.getExecutionsList().stream().map(info -> fromProto(true, info)).toList(),
                string(p.hasNextPageToken(), p.getNextPageToken()));
    }

    static io.reprise.engine.proto.v1.WorkflowOutcome toProto(WorkflowOutcome o) {
        io.reprise.engine.proto.v1.WorkflowOutcome.Builder b = io.reprise.engine.proto.v1.WorkflowOutcome.newBuilder()
                .setStatus(STATUSES.toProto(o.status()));
        ifSet(toProto(o.execution()), b::setExecution);
        ifSet(o.workflowType(), b::setWorkflowType);
        if (o.closeEvent() != null) {
            b.setCloseEvent(HistoryEventMapper.toProto(o.closeEvent()));
        }
        return b.build();
    }

    static WorkflowOutcome fromProto(io.reprise.engine.proto.v1.WorkflowOutcome p) {
        return new WorkflowOutcome(fromProto(p.hasExecution(), p.getExecution()),
                string(p.hasWorkflowType(), p.getWorkflowType()), STATUSES.fromProto(p.getStatusValue()),
                p.hasCloseEvent() ? HistoryEventMapper.fromProto(p.getCloseEvent()) : null);
    }

    // ------------------------------------------------------------ tasks

    static io.reprise.engine.proto.v1.WorkflowTask toProto(WorkflowTask t) {
        io.reprise.engine.proto.v1.WorkflowTask.Builder b = io.reprise.engine.proto.v1.WorkflowTask.newBuilder()
                .setPreviousStartedEventId(t.previousStartedEventId())
                .setStartedEventId(t.startedEventId())
                .setAttempt(t.attempt());
        ifSet(t.taskToken(), token -> b.setTaskToken(com.google.protobuf.ByteString.copyFrom(token)));
        ifSet(t.namespace(), b::setNamespace);
        ifSet(toProto(t.execution()), b::setExecution);
        ifSet(t.workflowType(), b::setWorkflowType);
        t.history().forEach(event -> b.addHistory(HistoryEventMapper.toProto(event)));
        if (t.query() != null) {
            b.setQuery(toProto(t.query()));
        }
        return b.build();
    }

    /**
     * The task of a message whose history is complete ({@code next_page_token} already followed: see
     * {@link GrpcEngineService}).
     */
    static WorkflowTask fromProto(io.reprise.engine.proto.v1.WorkflowTask p,
            List<io.reprise.engine.proto.v1.HistoryEvent> history) {
        List<io.reprise.engine.api.HistoryEvent> events = new ArrayList<>(history.size());
        history.forEach(event -> events.add(HistoryEventMapper.fromProto(event)));
        return new WorkflowTask(p.getTaskToken().toByteArray(), string(p.hasNamespace(), p.getNamespace()),
                fromProto(p.hasExecution(), p.getExecution()), string(p.hasWorkflowType(), p.getWorkflowType()),
                p.getPreviousStartedEventId(), p.getStartedEventId(), p.getAttempt(), events,
                p.hasQuery() ? fromProto(p.getQuery()) : null);
    }

    static io.reprise.engine.proto.v1.WorkflowQuery toProto(WorkflowQuery q) {
        io.reprise.engine.proto.v1.WorkflowQuery.Builder b = io.reprise.engine.proto.v1.WorkflowQuery.newBuilder()
                .setKind(QUERY_KINDS.toProto(q.kind()))
                .addAllInput(payloadsToProto(q.input()));
        ifSet(q.name(), b::setName);
        return b.build();
    }

    static WorkflowQuery fromProto(io.reprise.engine.proto.v1.WorkflowQuery p) {
        return new WorkflowQuery(QUERY_KINDS.fromProto(p.getKindValue()), string(p.hasName(), p.getName()),
                payloadsFromProto(p.getInputList()));
    }

    static io.reprise.engine.proto.v1.PollActivityTaskRequest toProto(PollActivityTaskRequest r, Duration wait) {
        io.reprise.engine.proto.v1.PollActivityTaskRequest.Builder b =
                io.reprise.engine.proto.v1.PollActivityTaskRequest.newBuilder();
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.taskQueue(), b::setTaskQueue);
        ifSet(r.identity(), b::setIdentity);
        ifSet(duration(wait), b::setWait);
        ifSet(r.maxTasksPerSecond(), b::setMaxTasksPerSecond);
        return b.build();
    }

    static PollActivityTaskRequest fromProto(io.reprise.engine.proto.v1.PollActivityTaskRequest p, Duration wait) {
        return new PollActivityTaskRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasTaskQueue(), p.getTaskQueue()), string(p.hasIdentity(), p.getIdentity()), wait,
                p.hasMaxTasksPerSecond() ? p.getMaxTasksPerSecond() : null);
    }

    static io.reprise.engine.proto.v1.ActivityTask toProto(ActivityTask t) {
        io.reprise.engine.proto.v1.ActivityTask.Builder b = io.reprise.engine.proto.v1.ActivityTask.newBuilder()
                .addAllInput(payloadsToProto(t.input()))
                .setAttempt(t.attempt())
                .addAllHeartbeatDetails(payloadsToProto(t.heartbeatDetails()))
                .addAllHeader(payloadMapToProto(t.header()));
        ifSet(t.taskToken(), token -> b.setTaskToken(com.google.protobuf.ByteString.copyFrom(token)));
        ifSet(t.namespace(), b::setNamespace);
        ifSet(toProto(t.execution()), b::setExecution);
        ifSet(t.workflowType(), b::setWorkflowType);
        ifSet(t.activityId(), b::setActivityId);
        ifSet(t.activityType(), b::setActivityType);
        ifSet(t.taskQueue(), b::setTaskQueue);
        ifSet(instant(t.scheduledTime()), b::setScheduledTime);
        ifSet(instant(t.currentAttemptScheduledTime()), b::setCurrentAttemptScheduledTime);
        ifSet(instant(t.startedTime()), b::setStartedTime);
        ifSet(duration(t.scheduleToCloseTimeout()), b::setScheduleToCloseTimeout);
        ifSet(duration(t.scheduleToStartTimeout()), b::setScheduleToStartTimeout);
        ifSet(duration(t.startToCloseTimeout()), b::setStartToCloseTimeout);
        ifSet(duration(t.heartbeatTimeout()), b::setHeartbeatTimeout);
        return b.build();
    }

    static ActivityTask fromProto(io.reprise.engine.proto.v1.ActivityTask p) {
        return new ActivityTask(p.getTaskToken().toByteArray(), string(p.hasNamespace(), p.getNamespace()),
                fromProto(p.hasExecution(), p.getExecution()), string(p.hasWorkflowType(), p.getWorkflowType()),
                string(p.hasActivityId(), p.getActivityId()), string(p.hasActivityType(), p.getActivityType()),
                string(p.hasTaskQueue(), p.getTaskQueue()), payloadsFromProto(p.getInputList()),
                instant(p.hasScheduledTime(), p.getScheduledTime()),
                instant(p.hasCurrentAttemptScheduledTime(), p.getCurrentAttemptScheduledTime()),
                instant(p.hasStartedTime(), p.getStartedTime()), p.getAttempt(),
                duration(p.hasScheduleToCloseTimeout(), p.getScheduleToCloseTimeout()),
                duration(p.hasScheduleToStartTimeout(), p.getScheduleToStartTimeout()),
                duration(p.hasStartToCloseTimeout(), p.getStartToCloseTimeout()),
                duration(p.hasHeartbeatTimeout(), p.getHeartbeatTimeout()),
                payloadsFromProto(p.getHeartbeatDetailsList()), payloadMapFromProto(p.getHeaderList()));
    }

    // ------------------------------------------------------------ signals, cancellations, terminations

    static io.reprise.engine.proto.v1.SignalWorkflowRequest toProto(SignalWorkflowRequest r) {
        io.reprise.engine.proto.v1.SignalWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.SignalWorkflowRequest.newBuilder()
                        .addAllInput(payloadsToProto(r.input()))
                        .addAllHeader(payloadMapToProto(r.header()));
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.runId(), b::setRunId);
        ifSet(r.signalName(), b::setSignalName);
        ifSet(r.identity(), b::setIdentity);
        ifSet(r.requestId(), b::setRequestId);
        return b.build();
    }

    static SignalWorkflowRequest fromProto(io.reprise.engine.proto.v1.SignalWorkflowRequest p) {
        return new SignalWorkflowRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()), string(p.hasRunId(), p.getRunId()),
                string(p.hasSignalName(), p.getSignalName()), payloadsFromProto(p.getInputList()),
                string(p.hasIdentity(), p.getIdentity()), string(p.hasRequestId(), p.getRequestId()),
                payloadMapFromProto(p.getHeaderList()));
    }

    static io.reprise.engine.proto.v1.SignalWithStartWorkflowRequest toProto(SignalWithStartWorkflowRequest r) {
        io.reprise.engine.proto.v1.SignalWithStartWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.SignalWithStartWorkflowRequest.newBuilder()
                        .setStart(toProto(r.start()))
                        .addAllSignalInput(payloadsToProto(r.signalInput()))
                        .addAllSignalHeader(payloadMapToProto(r.signalHeader()));
        ifSet(r.signalName(), b::setSignalName);
        return b.build();
    }

    static SignalWithStartWorkflowRequest fromProto(io.reprise.engine.proto.v1.SignalWithStartWorkflowRequest p) {
        return new SignalWithStartWorkflowRequest(fromProto(p.getStart()),
                string(p.hasSignalName(), p.getSignalName()), payloadsFromProto(p.getSignalInputList()),
                payloadMapFromProto(p.getSignalHeaderList()));
    }

    static io.reprise.engine.proto.v1.RequestCancelWorkflowRequest toProto(RequestCancelWorkflowRequest r) {
        io.reprise.engine.proto.v1.RequestCancelWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.RequestCancelWorkflowRequest.newBuilder();
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.runId(), b::setRunId);
        ifSet(r.reason(), b::setReason);
        ifSet(r.identity(), b::setIdentity);
        ifSet(r.requestId(), b::setRequestId);
        return b.build();
    }

    static RequestCancelWorkflowRequest fromProto(io.reprise.engine.proto.v1.RequestCancelWorkflowRequest p) {
        return new RequestCancelWorkflowRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()), string(p.hasRunId(), p.getRunId()),
                string(p.hasReason(), p.getReason()), string(p.hasIdentity(), p.getIdentity()),
                string(p.hasRequestId(), p.getRequestId()));
    }

    static io.reprise.engine.proto.v1.TerminateWorkflowRequest toProto(TerminateWorkflowRequest r) {
        io.reprise.engine.proto.v1.TerminateWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.TerminateWorkflowRequest.newBuilder()
                        .addAllDetails(payloadsToProto(r.details()));
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.runId(), b::setRunId);
        ifSet(r.reason(), b::setReason);
        ifSet(r.identity(), b::setIdentity);
        ifSet(r.requestId(), b::setRequestId);
        return b.build();
    }

    static TerminateWorkflowRequest fromProto(io.reprise.engine.proto.v1.TerminateWorkflowRequest p) {
        return new TerminateWorkflowRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()), string(p.hasRunId(), p.getRunId()),
                string(p.hasReason(), p.getReason()), payloadsFromProto(p.getDetailsList()),
                string(p.hasIdentity(), p.getIdentity()), string(p.hasRequestId(), p.getRequestId()));
    }

    // ------------------------------------------------------------ queries and updates

    static io.reprise.engine.proto.v1.QueryWorkflowRequest toProto(QueryWorkflowRequest r) {
        io.reprise.engine.proto.v1.QueryWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.QueryWorkflowRequest.newBuilder()
                        .addAllInput(payloadsToProto(r.input()));
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.runId(), b::setRunId);
        ifSet(r.queryType(), b::setQueryType);
        ifSet(duration(r.timeout()), b::setTimeout);
        return b.build();
    }

    static QueryWorkflowRequest fromProto(io.reprise.engine.proto.v1.QueryWorkflowRequest p) {
        return new QueryWorkflowRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()), string(p.hasRunId(), p.getRunId()),
                string(p.hasQueryType(), p.getQueryType()), payloadsFromProto(p.getInputList()),
                duration(p.hasTimeout(), p.getTimeout()));
    }

    static io.reprise.engine.proto.v1.UpdateWorkflowRequest toProto(UpdateWorkflowRequest r) {
        io.reprise.engine.proto.v1.UpdateWorkflowRequest.Builder b =
                io.reprise.engine.proto.v1.UpdateWorkflowRequest.newBuilder()
                        .addAllInput(payloadsToProto(r.input()));
        ifSet(r.namespace(), b::setNamespace);
        ifSet(r.workflowId(), b::setWorkflowId);
        ifSet(r.runId(), b::setRunId);
        ifSet(r.updateId(), b::setUpdateId);
        ifSet(r.updateName(), b::setUpdateName);
        ifSet(r.identity(), b::setIdentity);
        ifSet(duration(r.timeout()), b::setTimeout);
        ifSet(r.requestId(), b::setRequestId);
        return b.build();
    }

    static UpdateWorkflowRequest fromProto(io.reprise.engine.proto.v1.UpdateWorkflowRequest p) {
        return new UpdateWorkflowRequest(string(p.hasNamespace(), p.getNamespace()),
                string(p.hasWorkflowId(), p.getWorkflowId()), string(p.hasRunId(), p.getRunId()),
                string(p.hasUpdateId(), p.getUpdateId()), string(p.hasUpdateName(), p.getUpdateName()),
                payloadsFromProto(p.getInputList()), string(p.hasIdentity(), p.getIdentity()),
                duration(p.hasTimeout(), p.getTimeout()), string(p.hasRequestId(), p.getRequestId()));
    }

    static io.reprise.engine.proto.v1.MessageResult toProto(MessageResult r) {
        io.reprise.engine.proto.v1.MessageResult.Builder b = io.reprise.engine.proto.v1.MessageResult.newBuilder()
                .setRejected(r.rejected());
        ifSet(CommonMapper.toProto(r.result()), b::setResult);
        ifSet(CommonMapper.toProto(r.failure()), b::setFailure);
        return b.build();
    }

    static MessageResult fromProto(io.reprise.engine.proto.v1.MessageResult p) {
        return new MessageResult(CommonMapper.fromProto(p.hasResult(), p.getResult()),
                CommonMapper.fromProto(p.hasFailure(), p.getFailure()), p.getRejected());
    }

    // ------------------------------------------------------------ the server and namespaces

    static io.reprise.engine.proto.v1.GetServerInfoResponse toProto(ServerInfo info) {
        io.reprise.engine.proto.v1.GetServerInfoResponse.Builder b =
                io.reprise.engine.proto.v1.GetServerInfoResponse.newBuilder()
                        .addAllCapabilities(info.capabilities());
        ifSet(info.version(), b::setVersion);
        ifSet(info.nodeId(), b::setNodeId);
        ifSet(info.storeKind(), b::setStoreKind);
        return b.build();
    }

    static ServerInfo fromProto(io.reprise.engine.proto.v1.GetServerInfoResponse p) {
        return new ServerInfo(string(p.hasVersion(), p.getVersion()), Set.copyOf(p.getCapabilitiesList()),
                string(p.hasNodeId(), p.getNodeId()), string(p.hasStoreKind(), p.getStoreKind()));
    }

    static io.reprise.engine.proto.v1.NamespaceConfig toProto(NamespaceConfig c) {
        io.reprise.engine.proto.v1.NamespaceConfig.Builder b = io.reprise.engine.proto.v1.NamespaceConfig.newBuilder();
        ifSet(c.name(), b::setName);
        ifSet(c.description(), b::setDescription);
        ifSet(duration(c.retention()), b::setRetention);
        return b.build();
    }

    static NamespaceConfig fromProto(io.reprise.engine.proto.v1.NamespaceConfig p) {
        return new NamespaceConfig(string(p.hasName(), p.getName()), string(p.hasDescription(), p.getDescription()),
                duration(p.hasRetention(), p.getRetention()));
    }

    static io.reprise.engine.proto.v1.NamespaceDescription toProto(NamespaceDescription d) {
        io.reprise.engine.proto.v1.NamespaceDescription.Builder b =
                io.reprise.engine.proto.v1.NamespaceDescription.newBuilder();
        ifSet(d.name(), b::setName);
        ifSet(d.description(), b::setDescription);
        ifSet(duration(d.retention()), b::setRetention);
        ifSet(instant(d.createTime()), b::setCreateTime);
        ifSet(instant(d.updateTime()), b::setUpdateTime);
        return b.build();
    }

    static NamespaceDescription fromProto(io.reprise.engine.proto.v1.NamespaceDescription p) {
        return new NamespaceDescription(string(p.hasName(), p.getName()),
                string(p.hasDescription(), p.getDescription()), duration(p.hasRetention(), p.getRetention()),
                instant(p.hasCreateTime(), p.getCreateTime()), instant(p.hasUpdateTime(), p.getUpdateTime()));
    }
}
