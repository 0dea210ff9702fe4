package io.reprise.engine.api;

import io.reprise.common.ParentClosePolicy;
import io.reprise.common.Payload;
import io.reprise.common.WorkflowIdReusePolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What workflow code asks the engine to do, sent when a Workflow Task completes. The engine
 * records each command as its matching event, in order, right after WorkflowTaskCompleted.
 */
public sealed interface Command {

    /** The event type the engine records for this command. */
    EventType recordedAs();

    /**
     * Timeouts are as the workflow gave them ({@code null} = not set); the engine applies the defaults.
     * {@code header} (context propagation; empty for none) is recorded in ActivityTaskScheduled and handed to
     * every attempt ({@link ActivityTask#header()}).
     */
    record ScheduleActivityTask(
            String activityId,
            String activityType,
            String taskQueue,
            List<Payload> input,
            Duration scheduleToCloseTimeout,
            Duration scheduleToStartTimeout,
            Duration startToCloseTimeout,
            Duration heartbeatTimeout,
            RetryPolicy retryPolicy,
            Map<String, Payload> header) implements Command {
        public ScheduleActivityTask {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A schedule without a header. */
        public ScheduleActivityTask(String activityId, String activityType, String taskQueue, List<Payload> input,
                Duration scheduleToCloseTimeout, Duration scheduleToStartTimeout, Duration startToCloseTimeout,
                Duration heartbeatTimeout, RetryPolicy retryPolicy) {
            this(activityId, activityType, taskQueue, input, scheduleToCloseTimeout, scheduleToStartTimeout,
                    startToCloseTimeout, heartbeatTimeout, retryPolicy, null);
        }

        @Override
        public EventType recordedAs() {
            return EventType.ActivityTaskScheduled;
        }
    }

    record StartTimer(String timerId, Duration startToFireTimeout) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.TimerStarted;
        }
    }

    record CompleteWorkflowExecution(Payload result) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionCompleted;
        }
    }

    record FailWorkflowExecution(Failure failure) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionFailed;
        }
    }

    /** Cancel the activity recorded at {@code scheduledEventId}. */
    record RequestCancelActivityTask(long scheduledEventId) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.ActivityTaskCancelRequested;
        }
    }

    record CancelTimer(String timerId) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.TimerCanceled;
        }
    }

    /** Records a marker (for example a local activity's outcome); {@code failure} may be {@code null}. */
    record RecordMarker(String markerName, Map<String, List<Payload>> details, Failure failure) implements Command {
        public RecordMarker {
            details = details == null ? Map.of() : EventAttributes.MarkerRecorded.copy(details);
        }

        @Override
        public EventType recordedAs() {
            return EventType.MarkerRecorded;
        }
    }

    /**
     * Ends the run and starts a new one of the same Workflow Id with a fresh history. {@code null}
     * type, task queue or timeouts mean "the same as this run's". {@code header} is the new run's (as in
     * Temporal, the workflow's code sets it; the engine does not copy this run's): empty for none.
     */
    record ContinueAsNewWorkflowExecution(String workflowType, String taskQueue, List<Payload> input,
            Duration workflowRunTimeout, Duration workflowTaskTimeout, Map<String, Payload> header) implements Command {
        public ContinueAsNewWorkflowExecution {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A continue-as-new without a header. */
        public ContinueAsNewWorkflowExecution(String workflowType, String taskQueue, List<Payload> input,
                Duration workflowRunTimeout, Duration workflowTaskTimeout) {
            this(workflowType, taskQueue, input, workflowRunTimeout, workflowTaskTimeout, null);
        }

        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionContinuedAsNew;
        }
    }

    /**
     * Starts a child workflow; {@code null} task queue or timeouts mean the parent's / the defaults. {@code header}
     * (empty for none) is recorded in StartChildWorkflowExecutionInitiated and in the child's WorkflowExecutionStarted.
     */
    record StartChildWorkflowExecution(String workflowId, String workflowType, String taskQueue, List<Payload> input,
            Duration workflowExecutionTimeout, Duration workflowRunTimeout, Duration workflowTaskTimeout,
            RetryPolicy retryPolicy, String cronSchedule, ParentClosePolicy parentClosePolicy,
            WorkflowIdReusePolicy workflowIdReusePolicy, Map<String, Payload> header) implements Command {
        public StartChildWorkflowExecution {
            input = input == null ? List.of() : List.copyOf(input);
            header = StartWorkflowRequest.headerCopy(header);
        }

        /** A child start without a header. */
        public StartChildWorkflowExecution(String workflowId, String workflowType, String taskQueue,
                List<Payload> input, Duration workflowExecutionTimeout, Duration workflowRunTimeout,
                Duration workflowTaskTimeout, RetryPolicy retryPolicy, String cronSchedule,
                ParentClosePolicy parentClosePolicy, WorkflowIdReusePolicy workflowIdReusePolicy) {
            this(workflowId, workflowType, taskQueue, input, workflowExecutionTimeout, workflowRunTimeout,
                    workflowTaskTimeout, retryPolicy, cronSchedule, parentClosePolicy, workflowIdReusePolicy, null);
        }

        @Override
        public EventType recordedAs() {
            return EventType.StartChildWorkflowExecutionInitiated;
        }
    }

    /** Signals another execution ({@code runId} null: the latest run of {@code workflowId}). */
    record SignalExternalWorkflowExecution(String workflowId, String runId, String signalName, List<Payload> input)
            implements Command {
        public SignalExternalWorkflowExecution {
            input = input == null ? List.of() : List.copyOf(input);
        }

        @Override
        public EventType recordedAs() {
            return EventType.SignalExternalWorkflowExecutionInitiated;
        }
    }

    /** Asks another execution (or a child) to cancel ({@code runId} null: the latest run). */
    record RequestCancelExternalWorkflowExecution(String workflowId, String runId) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.RequestCancelExternalWorkflowExecutionInitiated;
        }
    }

    /** Ends the run as canceled, after the code handled a cancellation request. */
    record CancelWorkflowExecution(List<Payload> details) implements Command {
        public CancelWorkflowExecution {
            details = details == null ? List.of() : List.copyOf(details);
        }

        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionCanceled;
        }
    }

    /** An accepted update's handler finished: {@code result}, or {@code failure} when it threw. */
    record CompleteWorkflowUpdate(String updateId, Payload result, Failure failure) implements Command {
        @Override
        public EventType recordedAs() {
            return EventType.WorkflowExecutionUpdateCompleted;
        }
    }

    /**
     * Sets ({@code searchAttributes}) and removes ({@code unset}) custom search attributes of the run; the
     * others keep their values. Recorded as UpsertWorkflowSearchAttributes.
     */
    record UpsertWorkflowSearchAttributes(Map<String, SearchAttributeValue> searchAttributes, List<String> unset)
            implements Command {
        public UpsertWorkflowSearchAttributes {
            searchAttributes = StartWorkflowRequest.sortedCopy(searchAttributes);
            unset = unset == null ? List.of() : List.copyOf(unset);
        }

        @Override
        public EventType recordedAs() {
            return EventType.UpsertWorkflowSearchAttributes;
        }
    }

    /**
     * Changes the run's memo: each entry replaces the value of its key, a null payload
     * ({@link Payload#nullValue()}) removes the key. Recorded as WorkflowPropertiesModified.
     */
    record ModifyWorkflowProperties(Map<String, Payload> upsertedMemo) implements Command {
        public ModifyWorkflowProperties {
            upsertedMemo = StartWorkflowRequest.sortedCopy(upsertedMemo);
        }

        @Override
        public EventType recordedAs() {
            return EventType.WorkflowPropertiesModified;
        }
    }
}
