package io.reprise.client;

/**
 * The type of an event of an Event History ({@link HistoryEvent#eventType()}), named as in the Temporal documents
 * and as in an exported history's {@code "eventType"} (docs/concepts.md lists what each records).
 */
public enum EventType {
    WorkflowExecutionStarted,
    WorkflowExecutionCompleted,
    WorkflowExecutionFailed,
    WorkflowExecutionTimedOut,
    WorkflowTaskScheduled,
    WorkflowTaskStarted,
    WorkflowTaskCompleted,
    WorkflowTaskFailed,
    WorkflowTaskTimedOut,
    ActivityTaskScheduled,
    ActivityTaskStarted,
    ActivityTaskCompleted,
    ActivityTaskFailed,
    ActivityTaskTimedOut,
    ActivityTaskCancelRequested,
    ActivityTaskCanceled,
    TimerStarted,
    TimerFired,
    TimerCanceled,
    MarkerRecorded,
    WorkflowExecutionSignaled,
    WorkflowExecutionCancelRequested,
    WorkflowExecutionCanceled,
    WorkflowExecutionTerminated,
    WorkflowExecutionUpdateAccepted,
    WorkflowExecutionUpdateCompleted,
    WorkflowExecutionContinuedAsNew,
    StartChildWorkflowExecutionInitiated,
    StartChildWorkflowExecutionFailed,
    ChildWorkflowExecutionStarted,
    ChildWorkflowExecutionCompleted,
    ChildWorkflowExecutionFailed,
    ChildWorkflowExecutionCanceled,
    ChildWorkflowExecutionTimedOut,
    ChildWorkflowExecutionTerminated,
    SignalExternalWorkflowExecutionInitiated,
    ExternalWorkflowExecutionSignaled,
    SignalExternalWorkflowExecutionFailed,
    RequestCancelExternalWorkflowExecutionInitiated,
    ExternalWorkflowExecutionCancelRequested,
    RequestCancelExternalWorkflowExecutionFailed,
    UpsertWorkflowSearchAttributes,
    WorkflowPropertiesModified;

    /** Whether the event closes the run. */
    public boolean isClose() {
        return this == WorkflowExecutionCompleted || this == WorkflowExecutionFailed
                || this == WorkflowExecutionTimedOut || this == WorkflowExecutionCanceled
                || this == WorkflowExecutionTerminated || this == WorkflowExecutionContinuedAsNew;
    }
}
