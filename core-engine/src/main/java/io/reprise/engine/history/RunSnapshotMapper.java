package io.reprise.engine.history;

import static io.reprise.engine.proto.CommonMapper.fromProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadMapToProto;
import static io.reprise.engine.proto.CommonMapper.payloadsFromProto;
import static io.reprise.engine.proto.CommonMapper.payloadsToProto;
import static io.reprise.engine.proto.CommonMapper.string;
import static io.reprise.engine.proto.CommonMapper.toProto;

import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.proto.EnumMapping;
import io.reprise.engine.proto.EventAttributesMapper;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.proto.ProtoEnums;
import io.reprise.engine.proto.v1.RunSnapshot;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.visibility.VisibilityAttributes;
import io.reprise.common.Payload;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts a run's {@link MutableState} to its proto v1 snapshot ({@link RunSnapshot}) and back: what
 * {@link StateCodec} writes, field for field. The row's columns (key, version, last event id) and the
 * visibility column are not in the snapshot, and neither are the in-memory caches (recent events, the
 * started task's unpersisted events, queue entries, activity inputs, outbound deliveries in flight).
 * Optional fields are set with plain {@code if}s, not {@link io.reprise.engine.proto.CommonMapper#ifSet}
 * (see there why).
 */
public final class RunSnapshotMapper {

    private static final EnumMapping<WorkflowTaskState.Status, RunSnapshot.WorkflowTask.Status> TASK_STATUSES =
            new EnumMapping<>(WorkflowTaskState.Status.class, RunSnapshot.WorkflowTask.Status.class, "STATUS_");
    private static final EnumMapping<ActivityState.Status, RunSnapshot.Activity.Status> ACTIVITY_STATUSES =
            new EnumMapping<>(ActivityState.Status.class, RunSnapshot.Activity.Status.class, "STATUS_");

    private RunSnapshotMapper() {
    }

    public static RunSnapshot toSnapshot(MutableState state) {
        RunSnapshot.Builder b = RunSnapshot.newBuilder();
        if (state.workflowType != null) {
            b.setWorkflowType(state.workflowType);
        }
        if (state.taskQueue != null) {
            b.setTaskQueue(state.taskQueue);
        }
        b.setStatus(ProtoEnums.STATUSES.toProto(state.status));
        if (state.requestId != null) {
            b.setRequestId(state.requestId);
        }
        if (state.startTime != null) {
            b.setStartTime(toProto(state.startTime));
        }
        if (state.closeTime != null) {
            b.setCloseTime(toProto(state.closeTime));
        }
        if (state.runExpirationTime != null) {
            b.setRunExpirationTime(toProto(state.runExpirationTime));
        }
        if (state.workflowTaskTimeout != null) {
            b.setWorkflowTaskTimeout(toProto(state.workflowTaskTimeout));
        }
        b.setPreviousStartedEventId(state.previousStartedEventId);
        if (state.stickyTaskQueue != null) {
            b.setStickyTaskQueue(state.stickyTaskQueue);
        }
        if (state.workflowTask != null) {
            b.setWorkflowTask(taskToProto(state.workflowTask));
        }
        for (ActivityState activity : state.activities.values()) {
            b.addActivities(activityToProto(activity));
        }
        for (TimerState timer : state.timers.values()) {
            b.addTimers(timerToProto(timer));
        }
        for (HistoryEvent event : state.bufferedEvents) {
            b.addBufferedEvents(HistoryEventMapper.toProto(event));
        }
        b.setCancelRequested(state.cancelRequested);
        if (state.signalNames != null) {
            b.setSignalNames(RunSnapshot.SignalNames.newBuilder().addAllNames(state.signalNames));
        }
        if (!state.pendingUpdates.isEmpty()) {
            b.addAllPendingUpdates(state.pendingUpdates);
        }
        if (state.firstExecutionRunId != null) {
            b.setFirstExecutionRunId(state.firstExecutionRunId);
        }
        b.setAttempt(state.attempt);
        if (state.retryPolicy != null) {
            b.setRetryPolicy(toProto(state.retryPolicy));
        }
        if (state.cronSchedule != null) {
            b.setCronSchedule(state.cronSchedule);
        }
        if (state.executionTimeout != null) {
            b.setExecutionTimeout(toProto(state.executionTimeout));
        }
        if (state.executionExpirationTime != null) {
            b.setExecutionExpirationTime(toProto(state.executionExpirationTime));
        }
        if (state.runTimeout != null) {
            b.setRunTimeout(toProto(state.runTimeout));
        }
        if (!state.input.isEmpty()) {
            b.addAllInput(payloadsToProto(state.input));
        }
        for (PendingChild child : state.children.values()) {
            b.addChildren(childToProto(child));
        }
        for (PendingExternal external : state.externals.values()) {
            b.addExternals(externalToProto(external));
        }
        if (state.parentExecution != null) {
            b.setParentExecution(EventAttributesMapper.toProto(state.parentExecution));
        }
        if (!state.header.isEmpty()) {
            b.addAllHeader(payloadMapToProto(state.header));
        }
        for (Map.Entry<String, String> request : state.recentRequests.entries().entrySet()) {
            RunSnapshot.RecentRequest.Builder r = RunSnapshot.RecentRequest.newBuilder().setRequestId(request.getKey());
            if (!request.getValue().isEmpty()) {
                r.setUpdateId(request.getValue());
            }
            b.addRecentRequests(r);
        }
        return b.build();
    }

    /**
     * The state of a snapshot and the row's columns it does not repeat. In-memory caches start empty.
     *
     * @param lastEventId the id of the run's last event in the store
     * @param version the store's version of the row
     * @param visibility the run's memo and search attributes (the row's visibility column)
     */
    public static MutableState fromSnapshot(ExecutionKey key, long lastEventId, long version,
            VisibilityAttributes visibility, RunSnapshot s) {
        MutableState state = new MutableState(key, string(s.hasWorkflowType(), s.getWorkflowType()),
                string(s.hasTaskQueue(), s.getTaskQueue()), fromProto(s.hasStartTime(), s.getStartTime()),
                string(s.hasRequestId(), s.getRequestId()),
                fromProto(s.hasWorkflowTaskTimeout(), s.getWorkflowTaskTimeout()),
                fromProto(s.hasRunExpirationTime(), s.getRunExpirationTime()));
        state.status = ProtoEnums.STATUSES.fromProto(s.getStatusValue());
        state.closeTime = fromProto(s.hasCloseTime(), s.getCloseTime());
        state.nextEventId = lastEventId + 1;
        state.version = version;
        state.visibility = visibility;
        state.previousStartedEventId = s.getPreviousStartedEventId();
        state.stickyTaskQueue = string(s.hasStickyTaskQueue(), s.getStickyTaskQueue());
        state.workflowTask = s.hasWorkflowTask() ? taskFromProto(s.getWorkflowTask()) : null;
        for (RunSnapshot.Activity activity : s.getActivitiesList()) {
            state.addActivity(activityFromProto(activity));
        }
        for (RunSnapshot.Timer t : s.getTimersList()) {
            TimerState timer = new TimerState(string(t.hasTimerId(), t.getTimerId()), t.getStartedEventId(),
                    fromProto(t.hasFireTime(), t.getFireTime()));
            state.timers.put(timer.timerId(), timer);
        }
        for (io.reprise.engine.proto.v1.HistoryEvent event : s.getBufferedEventsList()) {
            state.bufferedEvents.add(HistoryEventMapper.fromProto(event));
        }
        state.cancelRequested = s.getCancelRequested();
        state.signalNames = s.hasSignalNames() ? List.copyOf(s.getSignalNames().getNamesList()) : null;
        state.pendingUpdates.addAll(s.getPendingUpdatesList());
        state.firstExecutionRunId = string(s.hasFirstExecutionRunId(), s.getFirstExecutionRunId());
        state.attempt = s.getAttempt();
        state.retryPolicy = fromProto(s.hasRetryPolicy(), s.getRetryPolicy());
        state.cronSchedule = string(s.hasCronSchedule(), s.getCronSchedule());
        state.executionTimeout = fromProto(s.hasExecutionTimeout(), s.getExecutionTimeout());
        state.executionExpirationTime = fromProto(s.hasExecutionExpirationTime(), s.getExecutionExpirationTime());
        state.runTimeout = fromProto(s.hasRunTimeout(), s.getRunTimeout());
        state.input = List.copyOf(payloadsFromProto(s.getInputList()));
        for (RunSnapshot.PendingChild c : s.getChildrenList()) {
            PendingChild child = new PendingChild(c.getInitiatedEventId(),
                    c.hasInitiated() ? EventAttributesMapper.fromProto(c.getInitiated()) : null,
                    string(c.hasRunId(), c.getRunId()), c.getStartedEventId());
            state.children.put(child.initiatedEventId(), child);
        }
        for (RunSnapshot.PendingExternal e : s.getExternalsList()) {
            PendingExternal external = new PendingExternal(e.getInitiatedEventId(),
                    string(e.hasWorkflowId(), e.getWorkflowId()), string(e.hasRunId(), e.getRunId()),
                    string(e.hasSignalName(), e.getSignalName()), payloadsFromProto(e.getInputList()));
            state.externals.put(external.initiatedEventId(), external);
        }
        state.parentExecution = s.hasParentExecution() ? EventAttributesMapper.fromProto(s.getParentExecution())
                : null;
        state.header = sorted(payloadMapFromProto(s.getHeaderList()));
        for (RunSnapshot.RecentRequest request : s.getRecentRequestsList()) {
            state.recentRequests.add(string(request.hasRequestId(), request.getRequestId()),
                    string(request.hasUpdateId(), request.getUpdateId()));
        }
        return state;
    }

    private static RunSnapshot.WorkflowTask taskToProto(WorkflowTaskState task) {
        if (task == null) {
            return null;
        }
        RunSnapshot.WorkflowTask.Builder b = RunSnapshot.WorkflowTask.newBuilder()
                .setStatus(TASK_STATUSES.toProto(task.status))
                .setScheduledEventId(task.scheduledEventId)
                .setAttempt(task.attempt)
                .setStartedEventId(task.startedEventId);
        if (task.taskQueue != null) {
            b.setTaskQueue(task.taskQueue);
        }
        if (task.scheduledTime != null) {
            b.setScheduledTime(toProto(task.scheduledTime));
        }
        if (task.availableTime != null) {
            b.setAvailableTime(toProto(task.availableTime));
        }
        if (task.stickyDeadline != null) {
            b.setStickyDeadline(toProto(task.stickyDeadline));
        }
        if (task.startedTime != null) {
            b.setStartedTime(toProto(task.startedTime));
        }
        if (task.startedIdentity != null) {
            b.setStartedIdentity(task.startedIdentity);
        }
        return b.build();
    }

    private static WorkflowTaskState taskFromProto(RunSnapshot.WorkflowTask t) {
        WorkflowTaskState task = new WorkflowTaskState(t.getScheduledEventId(), t.getAttempt(),
                string(t.hasTaskQueue(), t.getTaskQueue()), fromProto(t.hasScheduledTime(), t.getScheduledTime()),
                fromProto(t.hasAvailableTime(), t.getAvailableTime()));
        task.status = TASK_STATUSES.fromProto(t.getStatusValue());
        task.stickyDeadline = fromProto(t.hasStickyDeadline(), t.getStickyDeadline());
        task.startedEventId = t.getStartedEventId();
        task.startedTime = fromProto(t.hasStartedTime(), t.getStartedTime());
        task.startedIdentity = string(t.hasStartedIdentity(), t.getStartedIdentity());
        return task;
    }

    private static RunSnapshot.Activity activityToProto(ActivityState a) {
        RunSnapshot.Activity.Builder b = RunSnapshot.Activity.newBuilder()
                .setScheduledEventId(a.scheduledEventId)
                .setStatus(ACTIVITY_STATUSES.toProto(a.status))
                .setAttempt(a.attempt)
                .setCancelRequestedEventId(a.cancelRequestedEventId);
        if (!a.lastHeartbeatDetails.isEmpty()) {
            b.addAllLastHeartbeatDetails(payloadsToProto(a.lastHeartbeatDetails));
        }
        if (!a.header.isEmpty()) {
            b.addAllHeader(payloadMapToProto(a.header));
        }
        if (a.activityId != null) {
            b.setActivityId(a.activityId);
        }
        if (a.activityType != null) {
            b.setActivityType(a.activityType);
        }
        if (a.taskQueue != null) {
            b.setTaskQueue(a.taskQueue);
        }
        if (a.scheduleToCloseTimeout != null) {
            b.setScheduleToCloseTimeout(toProto(a.scheduleToCloseTimeout));
        }
        if (a.scheduleToStartTimeout != null) {
            b.setScheduleToStartTimeout(toProto(a.scheduleToStartTimeout));
        }
        if (a.startToCloseTimeout != null) {
            b.setStartToCloseTimeout(toProto(a.startToCloseTimeout));
        }
        if (a.heartbeatTimeout != null) {
            b.setHeartbeatTimeout(toProto(a.heartbeatTimeout));
        }
        if (a.retryPolicy != null) {
            b.setRetryPolicy(toProto(a.retryPolicy));
        }
        if (a.scheduledTime != null) {
            b.setScheduledTime(toProto(a.scheduledTime));
        }
        if (a.attemptScheduledTime != null) {
            b.setAttemptScheduledTime(toProto(a.attemptScheduledTime));
        }
        if (a.startedTime != null) {
            b.setStartedTime(toProto(a.startedTime));
        }
        if (a.startedIdentity != null) {
            b.setStartedIdentity(a.startedIdentity);
        }
        if (a.lastStartedTime != null) {
            b.setLastStartedTime(toProto(a.lastStartedTime));
        }
        if (a.lastFailure != null) {
            b.setLastFailure(toProto(a.lastFailure));
        }
        if (a.lastWorkerIdentity != null) {
            b.setLastWorkerIdentity(a.lastWorkerIdentity);
        }
        if (a.lastHeartbeatTime != null) {
            b.setLastHeartbeatTime(toProto(a.lastHeartbeatTime));
        }
        return b.build();
    }

    private static ActivityState activityFromProto(RunSnapshot.Activity p) {
        ActivityState a = new ActivityState(p.getScheduledEventId(), string(p.hasActivityId(), p.getActivityId()),
                string(p.hasActivityType(), p.getActivityType()), string(p.hasTaskQueue(), p.getTaskQueue()),
                fromProto(p.hasScheduleToCloseTimeout(), p.getScheduleToCloseTimeout()),
                fromProto(p.hasScheduleToStartTimeout(), p.getScheduleToStartTimeout()),
                fromProto(p.hasStartToCloseTimeout(), p.getStartToCloseTimeout()),
                fromProto(p.hasHeartbeatTimeout(), p.getHeartbeatTimeout()),
                fromProto(p.hasRetryPolicy(), p.getRetryPolicy()),
                fromProto(p.hasScheduledTime(), p.getScheduledTime()));
        a.status = ACTIVITY_STATUSES.fromProto(p.getStatusValue());
        a.attempt = p.getAttempt();
        a.attemptScheduledTime = fromProto(p.hasAttemptScheduledTime(), p.getAttemptScheduledTime());
        a.startedTime = fromProto(p.hasStartedTime(), p.getStartedTime());
        a.startedIdentity = string(p.hasStartedIdentity(), p.getStartedIdentity());
        a.lastStartedTime = fromProto(p.hasLastStartedTime(), p.getLastStartedTime());
        a.lastFailure = fromProto(p.hasLastFailure(), p.getLastFailure());
        a.lastWorkerIdentity = string(p.hasLastWorkerIdentity(), p.getLastWorkerIdentity());
        a.lastHeartbeatDetails = List.copyOf(payloadsFromProto(p.getLastHeartbeatDetailsList()));
        a.lastHeartbeatTime = fromProto(p.hasLastHeartbeatTime(), p.getLastHeartbeatTime());
        a.cancelRequestedEventId = p.getCancelRequestedEventId();
        a.header = sorted(payloadMapFromProto(p.getHeaderList()));
        return a;
    }

    private static RunSnapshot.Timer timerToProto(TimerState timer) {
        RunSnapshot.Timer.Builder b = RunSnapshot.Timer.newBuilder().setStartedEventId(timer.startedEventId());
        if (timer.timerId() != null) {
            b.setTimerId(timer.timerId());
        }
        if (timer.fireTime() != null) {
            b.setFireTime(toProto(timer.fireTime()));
        }
        return b.build();
    }

    private static RunSnapshot.PendingChild childToProto(PendingChild child) {
        RunSnapshot.PendingChild.Builder b = RunSnapshot.PendingChild.newBuilder()
                .setInitiatedEventId(child.initiatedEventId())
                .setStartedEventId(child.startedEventId());
        if (child.initiated() != null) {
            b.setInitiated(EventAttributesMapper.toProto(child.initiated()));
        }
        if (child.runId() != null) {
            b.setRunId(child.runId());
        }
        return b.build();
    }

    private static RunSnapshot.PendingExternal externalToProto(PendingExternal external) {
        RunSnapshot.PendingExternal.Builder b = RunSnapshot.PendingExternal.newBuilder()
                .setInitiatedEventId(external.initiatedEventId());
        if (!external.input().isEmpty()) {
            b.addAllInput(payloadsToProto(external.input()));
        }
        if (external.workflowId() != null) {
            b.setWorkflowId(external.workflowId());
        }
        if (external.runId() != null) {
            b.setRunId(external.runId());
        }
        if (external.signalName() != null) {
            b.setSignalName(external.signalName());
        }
        return b.build();
    }

    /** A header as the engine holds it: sorted by name and unmodifiable. */
    private static Map<String, Payload> sorted(Map<String, Payload> header) {
        return header.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(header));
    }
}
