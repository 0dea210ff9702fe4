package io.reprise.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import io.reprise.common.ParentClosePolicy;
import io.reprise.common.Payload;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The attributes of each event type. Ids that reference other events ({@code scheduledEventId},
 * {@code startedEventId}, {@code workflowTaskCompletedEventId}) are event ids in the same history.
 */
@JsonSubTypes({
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionStarted.class, name = "WorkflowExecutionStarted"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionCompleted.class, name = "WorkflowExecutionCompleted"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionFailed.class, name = "WorkflowExecutionFailed"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionTimedOut.class, name = "WorkflowExecutionTimedOut"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowTaskScheduled.class, name = "WorkflowTaskScheduled"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowTaskStarted.class, name = "WorkflowTaskStarted"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowTaskCompleted.class, name = "WorkflowTaskCompleted"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowTaskFailed.class, name = "WorkflowTaskFailed"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowTaskTimedOut.class, name = "WorkflowTaskTimedOut"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskScheduled.class, name = "ActivityTaskScheduled"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskStarted.class, name = "ActivityTaskStarted"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskCompleted.class, name = "ActivityTaskCompleted"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskFailed.class, name = "ActivityTaskFailed"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskTimedOut.class, name = "ActivityTaskTimedOut"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskCancelRequested.class,
            name = "ActivityTaskCancelRequested"),
    @JsonSubTypes.Type(value = EventAttributes.ActivityTaskCanceled.class, name = "ActivityTaskCanceled"),
    @JsonSubTypes.Type(value = EventAttributes.TimerStarted.class, name = "TimerStarted"),
    @JsonSubTypes.Type(value = EventAttributes.TimerFired.class, name = "TimerFired"),
    @JsonSubTypes.Type(value = EventAttributes.TimerCanceled.class, name = "TimerCanceled"),
    @JsonSubTypes.Type(value = EventAttributes.MarkerRecorded.class, name = "MarkerRecorded"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionSignaled.class, name = "WorkflowExecutionSignaled"),
    @JsonSubTypes.Type(value = EventAttributes.StartChildWorkflowExecutionInitiated.class, name = "StartChildWorkflowExecutionInitiated"),
    @JsonSubTypes.Type(value = EventAttributes.StartChildWorkflowExecutionFailed.class, name = "StartChildWorkflowExecutionFailed"),
    @JsonSubTypes.Type(value = EventAttributes.ChildWorkflowExecutionStarted.class, name = "ChildWorkflowExecutionStarted"),
    @JsonSubTypes.Type(value = EventAttributes.ChildWorkflowExecutionCompleted.class, name = "ChildWorkflowExecutionCompleted"),
    @JsonSubTypes.Type(value = EventAttributes.ChildWorkflowExecutionFailed.class, name = "ChildWorkflowExecutionFailed"),
    @JsonSubTypes.Type(value = EventAttributes.ChildWorkflowExecutionCanceled.class, name = "ChildWorkflowExecutionCanceled"),
    @JsonSubTypes.Type(value = EventAttributes.ChildWorkflowExecutionTimedOut.class, name = "ChildWorkflowExecutionTimedOut"),
    @JsonSubTypes.Type(value = EventAttributes.ChildWorkflowExecutionTerminated.class, name = "ChildWorkflowExecutionTerminated"),
    @JsonSubTypes.Type(value = EventAttributes.SignalExternalWorkflowExecutionInitiated.class, name = "SignalExternalWorkflowExecutionInitiated"),
    @JsonSubTypes.Type(value = EventAttributes.ExternalWorkflowExecutionSignaled.class, name = "ExternalWorkflowExecutionSignaled"),
    @JsonSubTypes.Type(value = EventAttributes.SignalExternalWorkflowExecutionFailed.class, name = "SignalExternalWorkflowExecutionFailed"),
    @JsonSubTypes.Type(value = EventAttributes.RequestCancelExternalWorkflowExecutionInitiated.class, name = "RequestCancelExternalWorkflowExecutionInitiated"),
    @JsonSubTypes.Type(value = EventAttributes.ExternalWorkflowExecutionCancelRequested.class, name = "ExternalWorkflowExecutionCancelRequested"),
    @JsonSubTypes.Type(value = EventAttributes.RequestCancelExternalWorkflowExecutionFailed.class, name = "RequestCancelExternalWorkflowExecutionFailed"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionContinuedAsNew.class,
            name = "WorkflowExecutionContinuedAsNew"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionCancelRequested.class,
            name = "WorkflowExecutionCancelRequested"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionCanceled.class, name = "WorkflowExecutionCanceled"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionTerminated.class,
            name = "WorkflowExecutionTerminated"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionUpdateAccepted.class,
            name = "WorkflowExecutionUpdateAccepted"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowExecutionUpdateCompleted.class,
            name = "WorkflowExecutionUpdateCompleted"),
    @JsonSubTypes.Type(value = EventAttributes.UpsertWorkflowSearchAttributes.class,
            name = "UpsertWorkflowSearchAttributes"),
    @JsonSubTypes.Type(value = EventAttributes.WorkflowPropertiesModified.class, name = "WorkflowPropertiesModified"),
})
public sealed interface EventAttributes {

    /** The event type these attributes belong to. */
    EventType eventType();

    /**
     * The run started. {@code header}: context for the workflow code (tracing, authentication), from the start
     * request, the parent's child start, the continue-as-new command, or (retry and cron runs) the previous run; empty
     * for none.
     */
    record WorkflowExecutionStarted(
            String workflowType,
            String taskQueue,
            List<Payload> input,
            Duration workflowExecutionTimeout,
            Duration workflowRunTimeout,
            Duration workflowTaskTimeout,
            String identity,
            String firstExecutionRunId,
            int attempt,
            RetryPolicy retryPolicy,
            String cronSchedule,
            String continuedExecutionRunId,
            ContinueAsNewInitiator initiator,
            Duration firstWorkflowTaskBackoff,
            ParentExecution parentExecution,
            Map<String, Payload> memo,
            Map<String, SearchAttributeValue> searchAttributes,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Payload> header) implements EventAttributes {
        public WorkflowExecutionStarted {
            input = input == null ? List.of() : List.copyOf(input);
            memo = StartWorkflowRequest.sortedCopy(memo);
            searchAttributes = StartWorkflowRequest.sortedCopy(searchAttributes);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A run started without a header. */
        public WorkflowExecutionStarted(String workflowType, String taskQueue, List<Payload> input,
                Duration workflowExecutionTimeout, Duration workflowRunTimeout, Duration workflowTaskTimeout,
                String identity, String firstExecutionRunId, int attempt, RetryPolicy retryPolicy, String cronSchedule,
                String continuedExecutionRunId, ContinueAsNewInitiator initiator, Duration firstWorkflowTaskBackoff,
                ParentExecution parentExecution, Map<String, Payload> memo,
                Map<String, SearchAttributeValue> searchAttributes) {
            this(workflowType, taskQueue, input, workflowExecutionTimeout, workflowRunTimeout, workflowTaskTimeout,
                    identity, firstExecutionRunId, attempt, retryPolicy, cronSchedule, continuedExecutionRunId,
                    initiator, firstWorkflowTaskBackoff, parentExecution, memo, searchAttributes, null);
        }

        /** A first run with no retry policy, cron schedule, parent, memo or search attributes. */
        public WorkflowExecutionStarted(String workflowType, String taskQueue, List<Payload> input,
                Duration workflowExecutionTimeout, Duration workflowRunTimeout, Duration workflowTaskTimeout,
                String identity, String firstExecutionRunId, int attempt) {
            this(workflowType, taskQueue, input, workflowExecutionTimeout, workflowRunTimeout, workflowTaskTimeout,
                    identity, firstExecutionRunId, attempt, null, null);
        }

        /** A first run with memo and search attributes, and no retry policy, cron schedule or parent. */
        public WorkflowExecutionStarted(String workflowType, String taskQueue, List<Payload> input,
                Duration workflowExecutionTimeout, Duration workflowRunTimeout, Duration workflowTaskTimeout,
                String identity, String firstExecutionRunId, int attempt, Map<String, Payload> memo,
                Map<String, SearchAttributeValue> searchAttributes) {
            this(workflowType, taskQueue, input, workflowExecutionTimeout, workflowRunTimeout, workflowTaskTimeout,
                    identity, firstExecutionRunId, attempt, null, null, null, null, null, null, memo, searchAttributes);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionStarted;
        }
    }

    /** {@code newExecutionRunId}: the next run of a cron schedule, or {@code null}. */
    record WorkflowExecutionCompleted(Payload result, long workflowTaskCompletedEventId, String newExecutionRunId)
            implements EventAttributes {
        public WorkflowExecutionCompleted(Payload result, long workflowTaskCompletedEventId) {
            this(result, workflowTaskCompletedEventId, null);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionCompleted;
        }
    }

    /** {@code newExecutionRunId}: the run that retries this one (or the next cron run), or {@code null}. */
    record WorkflowExecutionFailed(Failure failure, long workflowTaskCompletedEventId, RetryState retryState,
            String newExecutionRunId) implements EventAttributes {
        public WorkflowExecutionFailed(Failure failure, long workflowTaskCompletedEventId) {
            this(failure, workflowTaskCompletedEventId, null, null);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionFailed;
        }
    }

    /** The execution (or run) timeout fired. */
    record WorkflowExecutionTimedOut(RetryState retryState, String newExecutionRunId) implements EventAttributes {
        public WorkflowExecutionTimedOut(RetryState retryState) {
            this(retryState, null);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionTimedOut;
        }
    }

    record WorkflowTaskScheduled(String taskQueue, Duration startToCloseTimeout, int attempt)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowTaskScheduled;
        }
    }

    record WorkflowTaskStarted(long scheduledEventId, String identity) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowTaskStarted;
        }
    }

    record WorkflowTaskCompleted(long scheduledEventId, long startedEventId, String identity)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowTaskCompleted;
        }
    }

    record WorkflowTaskFailed(long scheduledEventId, long startedEventId, WorkflowTaskFailedCause cause,
            Failure failure, String identity) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowTaskFailed;
        }
    }

    record WorkflowTaskTimedOut(long scheduledEventId, long startedEventId, TimeoutType timeoutType)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowTaskTimedOut;
        }
    }

    /** The workflow scheduled an activity; {@code header} (empty for none) goes to every attempt's task. */
    record ActivityTaskScheduled(
            String activityId,
            String activityType,
            String taskQueue,
            List<Payload> input,
            Duration scheduleToCloseTimeout,
            Duration scheduleToStartTimeout,
            Duration startToCloseTimeout,
            Duration heartbeatTimeout,
            RetryPolicy retryPolicy,
            long workflowTaskCompletedEventId,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Payload> header) implements EventAttributes {
        public ActivityTaskScheduled {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** An activity scheduled without a header. */
        public ActivityTaskScheduled(String activityId, String activityType, String taskQueue, List<Payload> input,
                Duration scheduleToCloseTimeout, Duration scheduleToStartTimeout, Duration startToCloseTimeout,
                Duration heartbeatTimeout, RetryPolicy retryPolicy, long workflowTaskCompletedEventId) {
            this(activityId, activityType, taskQueue, input, scheduleToCloseTimeout, scheduleToStartTimeout,
                    startToCloseTimeout, heartbeatTimeout, retryPolicy, workflowTaskCompletedEventId, null);
        }

        @Override
        public EventType eventType() {
            return EventType.ActivityTaskScheduled;
        }
    }

    /** Written when the attempt closes (as Temporal does), carrying the attempt that ran. */
    record ActivityTaskStarted(long scheduledEventId, String identity, int attempt, Failure lastFailure)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ActivityTaskStarted;
        }
    }

    record ActivityTaskCompleted(long scheduledEventId, long startedEventId, Payload result, String identity)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ActivityTaskCompleted;
        }
    }

    record ActivityTaskFailed(long scheduledEventId, long startedEventId, Failure failure, RetryState retryState,
            String identity) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ActivityTaskFailed;
        }
    }

    /** {@code failure} is a {@code TIMEOUT} failure whose cause is the last attempt's failure, if any. */
    record ActivityTaskTimedOut(long scheduledEventId, long startedEventId, Failure failure, RetryState retryState)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ActivityTaskTimedOut;
        }
    }

    record TimerStarted(String timerId, Duration startToFireTimeout, long workflowTaskCompletedEventId)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.TimerStarted;
        }
    }

    record TimerFired(String timerId, long startedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.TimerFired;
        }
    }

    /** The workflow asked to cancel the activity (RequestCancelActivityTask). */
    record ActivityTaskCancelRequested(long scheduledEventId, long workflowTaskCompletedEventId)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ActivityTaskCancelRequested;
        }
    }

    /**
     * The activity was canceled: at once when its attempt had not started, otherwise when the
     * worker reported the cancellation. {@code startedEventId} is 0 when no attempt was running.
     */
    record ActivityTaskCanceled(long scheduledEventId, long startedEventId, long latestCancelRequestedEventId,
            List<Payload> details, String identity) implements EventAttributes {
        public ActivityTaskCanceled {
            details = details == null ? List.of() : List.copyOf(details);
        }

        @Override
        public EventType eventType() {
            return EventType.ActivityTaskCanceled;
        }
    }

    record TimerCanceled(String timerId, long startedEventId, long workflowTaskCompletedEventId)
            implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.TimerCanceled;
        }
    }

    /**
     * A marker the workflow recorded (RecordMarker), e.g. the outcome of a local activity
     * (marker name {@code "LocalActivity"}). {@code failure} is {@code null} unless it records a failure.
     */
    record MarkerRecorded(String markerName, Map<String, List<Payload>> details, Failure failure,
            long workflowTaskCompletedEventId) implements EventAttributes {
        public MarkerRecorded {
            details = details == null ? Map.of() : copy(details);
        }

        @Override
        public EventType eventType() {
            return EventType.MarkerRecorded;
        }

        static Map<String, List<Payload>> copy(Map<String, List<Payload>> details) {
            Map<String, List<Payload>> copy = new LinkedHashMap<>();
            details.forEach((k, v) -> copy.put(k, v == null ? List.of() : List.copyOf(v)));
            return java.util.Collections.unmodifiableMap(copy);
        }
    }

    /**
     * A signal arrived; the workflow's handler for {@code signalName} gets {@code input}. {@code header}: the
     * sender's context (empty for none).
     */
    record WorkflowExecutionSignaled(String signalName, List<Payload> input, String identity,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Payload> header) implements EventAttributes {
        public WorkflowExecutionSignaled {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A signal without a header. */
        public WorkflowExecutionSignaled(String signalName, List<Payload> input, String identity) {
            this(signalName, input, identity, null);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionSignaled;
        }
    }

    /** A client asked to cancel the run; the workflow code sees a {@code CanceledFailure} at its next blocking point. */
    record WorkflowExecutionCancelRequested(String reason, String identity) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionCancelRequested;
        }
    }

    /** The workflow code accepted a cancellation request and ended (CancelWorkflowExecution). */
    record WorkflowExecutionCanceled(List<Payload> details, long workflowTaskCompletedEventId)
            implements EventAttributes {
        public WorkflowExecutionCanceled {
            details = details == null ? List.of() : List.copyOf(details);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionCanceled;
        }
    }

    /** The run was terminated: no workflow code ran, everything pending was abandoned. */
    record WorkflowExecutionTerminated(String reason, List<Payload> details, String identity)
            implements EventAttributes {
        public WorkflowExecutionTerminated {
            details = details == null ? List.of() : List.copyOf(details);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionTerminated;
        }
    }

    /** An update passed its validator; the workflow runs its handler with {@code input}. */
    record WorkflowExecutionUpdateAccepted(String updateId, String updateName, List<Payload> input, String identity)
            implements EventAttributes {
        public WorkflowExecutionUpdateAccepted {
            input = input == null ? List.of() : List.copyOf(input);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionUpdateAccepted;
        }
    }

    /** The update's handler returned {@code result} or threw {@code failure} (exactly one is set). */
    record WorkflowExecutionUpdateCompleted(String updateId, Payload result, Failure failure,
            long workflowTaskCompletedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionUpdateCompleted;
        }
    }

    /**
     * The run ended by continuing as a new run with a fresh history ({@code newExecutionRunId}); {@code header} is
     * the new run's (empty for none).
     */
    record WorkflowExecutionContinuedAsNew(String newExecutionRunId, String workflowType, String taskQueue,
            List<Payload> input, Duration workflowRunTimeout, Duration workflowTaskTimeout,
            long workflowTaskCompletedEventId, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Payload> header) implements EventAttributes {
        public WorkflowExecutionContinuedAsNew {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A continue-as-new without a header. */
        public WorkflowExecutionContinuedAsNew(String newExecutionRunId, String workflowType, String taskQueue,
                List<Payload> input, Duration workflowRunTimeout, Duration workflowTaskTimeout,
                long workflowTaskCompletedEventId) {
            this(newExecutionRunId, workflowType, taskQueue, input, workflowRunTimeout, workflowTaskTimeout,
                    workflowTaskCompletedEventId, null);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowExecutionContinuedAsNew;
        }
    }

    /** Why a run that is not the first of its Workflow Id started. */
    enum ContinueAsNewInitiator {
        /** The workflow code continued as new. */
        WORKFLOW,
        /** The previous run failed or timed out and the workflow's retry policy retries it. */
        RETRY,
        /** The cron schedule's next fire time came. */
        CRON_SCHEDULE
    }

    /** The run that started this one as a child workflow, and the event that initiated it. */
    record ParentExecution(String namespace, String workflowId, String runId, long initiatedEventId) {
    }

    /**
     * The workflow asked to start a child workflow (StartChildWorkflowExecution); {@code header} (empty for none)
     * goes into the child's WorkflowExecutionStarted.
     */
    record StartChildWorkflowExecutionInitiated(String workflowId, String workflowType, String taskQueue,
            List<Payload> input, Duration workflowExecutionTimeout, Duration workflowRunTimeout,
            Duration workflowTaskTimeout, RetryPolicy retryPolicy, String cronSchedule,
            ParentClosePolicy parentClosePolicy, WorkflowIdReusePolicy workflowIdReusePolicy,
            long workflowTaskCompletedEventId, @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Payload> header) implements EventAttributes {
        public StartChildWorkflowExecutionInitiated {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A child start without a header. */
        public StartChildWorkflowExecutionInitiated(String workflowId, String workflowType, String taskQueue,
                List<Payload> input, Duration workflowExecutionTimeout, Duration workflowRunTimeout,
                Duration workflowTaskTimeout, RetryPolicy retryPolicy, String cronSchedule,
                ParentClosePolicy parentClosePolicy, WorkflowIdReusePolicy workflowIdReusePolicy,
                long workflowTaskCompletedEventId) {
            this(workflowId, workflowType, taskQueue, input, workflowExecutionTimeout, workflowRunTimeout,
                    workflowTaskTimeout, retryPolicy, cronSchedule, parentClosePolicy, workflowIdReusePolicy,
                    workflowTaskCompletedEventId, null);
        }

        @Override
        public EventType eventType() {
            return EventType.StartChildWorkflowExecutionInitiated;
        }
    }

    /** The child could not start; {@code cause} says why (e.g. {@code WORKFLOW_ALREADY_EXISTS}). */
    record StartChildWorkflowExecutionFailed(String workflowId, String workflowType, String cause, long initiatedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.StartChildWorkflowExecutionFailed;
        }
    }

    /** The child's first run started. */
    record ChildWorkflowExecutionStarted(String workflowId, String runId, String workflowType, long initiatedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ChildWorkflowExecutionStarted;
        }
    }

    /** The child completed (its last run, when it continued as new or retried). */
    record ChildWorkflowExecutionCompleted(String workflowId, String runId, Payload result, long initiatedEventId,
            long startedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ChildWorkflowExecutionCompleted;
        }
    }

    /** The child failed. */
    record ChildWorkflowExecutionFailed(String workflowId, String runId, Failure failure, long initiatedEventId,
            long startedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ChildWorkflowExecutionFailed;
        }
    }

    /** The child was canceled. */
    record ChildWorkflowExecutionCanceled(String workflowId, String runId, List<Payload> details,
            long initiatedEventId, long startedEventId) implements EventAttributes {
        public ChildWorkflowExecutionCanceled {
            details = details == null ? List.of() : List.copyOf(details);
        }

        @Override
        public EventType eventType() {
            return EventType.ChildWorkflowExecutionCanceled;
        }
    }

    /** The child timed out. */
    record ChildWorkflowExecutionTimedOut(String workflowId, String runId, long initiatedEventId, long startedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ChildWorkflowExecutionTimedOut;
        }
    }

    /** The child was terminated. */
    record ChildWorkflowExecutionTerminated(String workflowId, String runId, String reason, long initiatedEventId, long startedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ChildWorkflowExecutionTerminated;
        }
    }

    /** The workflow asked to signal another execution ({@code runId} null: its latest run). */
    record SignalExternalWorkflowExecutionInitiated(String workflowId, String runId, String signalName,
            List<Payload> input, long workflowTaskCompletedEventId) implements EventAttributes {
        public SignalExternalWorkflowExecutionInitiated {
            input = input == null ? List.of() : List.copyOf(input);
        }

        @Override
        public EventType eventType() {
            return EventType.SignalExternalWorkflowExecutionInitiated;
        }
    }

    /** The signal was recorded in the other execution. */
    record ExternalWorkflowExecutionSignaled(String workflowId, String runId, long initiatedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ExternalWorkflowExecutionSignaled;
        }
    }

    /** The signal could not be delivered; {@code cause} says why. */
    record SignalExternalWorkflowExecutionFailed(String workflowId, String runId, String cause, long initiatedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.SignalExternalWorkflowExecutionFailed;
        }
    }

    /** The workflow asked to cancel another execution (or its child). */
    record RequestCancelExternalWorkflowExecutionInitiated(String workflowId, String runId, long workflowTaskCompletedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.RequestCancelExternalWorkflowExecutionInitiated;
        }
    }

    /** The cancellation request was recorded in the other execution. */
    record ExternalWorkflowExecutionCancelRequested(String workflowId, String runId, long initiatedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.ExternalWorkflowExecutionCancelRequested;
        }
    }

    /** The cancellation request could not be delivered; {@code cause} says why. */
    record RequestCancelExternalWorkflowExecutionFailed(String workflowId, String runId, String cause, long initiatedEventId) implements EventAttributes {
        @Override
        public EventType eventType() {
            return EventType.RequestCancelExternalWorkflowExecutionFailed;
        }
    }

    /**
     * The workflow code set ({@code searchAttributes}) and removed ({@code unset}) custom search attributes
     * (UpsertWorkflowSearchAttributes); the others keep their values.
     */
    record UpsertWorkflowSearchAttributes(Map<String, SearchAttributeValue> searchAttributes, List<String> unset,
            long workflowTaskCompletedEventId) implements EventAttributes {
        public UpsertWorkflowSearchAttributes {
            searchAttributes = StartWorkflowRequest.sortedCopy(searchAttributes);
            unset = unset == null ? List.of() : List.copyOf(unset);
        }

        @Override
        public EventType eventType() {
            return EventType.UpsertWorkflowSearchAttributes;
        }
    }

    /**
     * The workflow code changed its memo (ModifyWorkflowProperties): each entry of {@code upsertedMemo} replaces
     * the memo value of its key; a null payload ({@link Payload#isNull()}) removes the key.
     */
    record WorkflowPropertiesModified(Map<String, Payload> upsertedMemo, long workflowTaskCompletedEventId)
            implements EventAttributes {
        public WorkflowPropertiesModified {
            upsertedMemo = StartWorkflowRequest.sortedCopy(upsertedMemo);
        }

        @Override
        public EventType eventType() {
            return EventType.WorkflowPropertiesModified;
        }
    }
}
