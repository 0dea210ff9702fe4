package io.reprise.engine.history;

import static io.reprise.engine.proto.CommonMapper.fromProto;
import static io.reprise.engine.proto.CommonMapper.ifSet;
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
import java.util.List;

/**
 * Converts a run's {@link MutableState} to its proto v1 snapshot ({@link RunSnapshot}) and back: what
 * {@link StateCodec} writes, field for field. The row's columns (key, version, last event id) and the
 * visibility column are not in the snapshot, and neither are the in-memory caches (recent events, the
 * started task's unpersisted events, queue entries, activity inputs, outbound deliveries in flight).
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
        ifSet(state.workflowType, b::setWorkflowType);
        ifSet(state.taskQueue, b::setTaskQueue);
        b.setStatus(ProtoEnums.STATUSES.toProto(state.status));
        ifSet(state.requestId, b::setRequestId);
        ifSet(toProto(state.startTime), b::setStartTime);
        ifSet(toProto(state.closeTime), b::setCloseTime);
        ifSet(toProto(state.runExpirationTime), b::setRunExpirationTime);
        ifSet(toProto(state.workflowTaskTimeout), b::setWorkflowTaskTimeout);
        b.setPreviousStartedEventId(state.previousStartedEventId);
        ifSet(state.stickyTaskQueue, b::setStickyTaskQueue);
        ifSet(taskToProto(state.workflowTask), b::setWorkflowTask);
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
        b.addAllPendingUpdates(state.pendingUpdates);
        ifSet(state.firstExecutionRunId, b::setFirstExecutionRunId);
        b.setAttempt(state.attempt);
        ifSet(toProto(state.retryPolicy), b::setRetryPolicy);
        ifSet(state.cronSchedule, b::setCronSchedule);
        ifSet(toProto(state.executionTimeout), b::setExecutionTimeout);
        ifSet(toProto(state.executionExpirationTime), b::setExecutionExpirationTime);
        ifSet(toProto(state.runTimeout), b::setRunTimeout);
        b.addAllInput(payloadsToProto(state.input));
        for (PendingChild child : state.children.values()) {
            b.addChildren(childToProto(child));
        }
        for (PendingExternal external : state.externals.values()) {
            b.addExternals(externalToProto(external));
        }
        ifSet(EventAttributesMapper.toProto(state.parentExecution), b::setParentExecution);
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
        ifSet(task.taskQueue, b::setTaskQueue);
        ifSet(toProto(task.scheduledTime), b::setScheduledTime);
        ifSet(toProto(task.availableTime), b::setAvailableTime);
        ifSet(toProto(task.stickyDeadline), b::setStickyDeadline);
        ifSet(toProto(task.startedTime), b::setStartedTime);
        ifSet(task.startedIdentity, b::setStartedIdentity);
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
                .addAllLastHeartbeatDetails(payloadsToProto(a.lastHeartbeatDetails))
                .setCancelRequestedEventId(a.cancelRequestedEventId);
        ifSet(a.activityId, b::setActivityId);
        ifSet(a.activityType, b::setActivityType);
        ifSet(a.taskQueue, b::setTaskQueue);
        ifSet(toProto(a.scheduleToCloseTimeout), b::setScheduleToCloseTimeout);
        ifSet(toProto(a.scheduleToStartTimeout), b::setScheduleToStartTimeout);
        ifSet(toProto(a.startToCloseTimeout), b::setStartToCloseTimeout);
        ifSet(toProto(a.heartbeatTimeout), b::setHeartbeatTimeout);
        ifSet(toProto(a.retryPolicy), b::setRetryPolicy);
        ifSet(toProto(a.scheduledTime), b::setScheduledTime);
        ifSet(toProto(a.attemptScheduledTime), b::setAttemptScheduledTime);
        ifSet(toProto(a.startedTime), b::setStartedTime);
        ifSet(a.startedIdentity, b::setStartedIdentity);
        ifSet(toProto(a.lastStartedTime), b::setLastStartedTime);
        ifSet(toProto(a.lastFailure), b::setLastFailure);
        ifSet(a.lastWorkerIdentity, b::setLastWorkerIdentity);
        ifSet(toProto(a.lastHeartbeatTime), b::setLastHeartbeatTime);
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
        return a;
    }

    private static RunSnapshot.Timer timerToProto(TimerState timer) {
        RunSnapshot.Timer.Builder b = RunSnapshot.Timer.newBuilder().setStartedEventId(timer.startedEventId());
        ifSet(timer.timerId(), b::setTimerId);
        ifSet(toProto(timer.fireTime()), b::setFireTime);
        return b.build();
    }

    private static RunSnapshot.PendingChild childToProto(PendingChild child) {
        RunSnapshot.PendingChild.Builder b = RunSnapshot.PendingChild.newBuilder()
                .setInitiatedEventId(child.initiatedEventId())
                .setStartedEventId(child.startedEventId());
        if (child.initiated() != null) {
            b.setInitiated(EventAttributesMapper.toProto(child.initiated()));
        }
        ifSet(child.runId(), b::setRunId);
        return b.build();
    }

    private static RunSnapshot.PendingExternal externalToProto(PendingExternal external) {
        RunSnapshot.PendingExternal.Builder b = RunSnapshot.PendingExternal.newBuilder()
                .setInitiatedEventId(external.initiatedEventId())
                .addAllInput(payloadsToProto(external.input()));
        ifSet(external.workflowId(), b::setWorkflowId);
        ifSet(external.runId(), b::setRunId);
        ifSet(external.signalName(), b::setSignalName);
        return b.build();
    }
}
