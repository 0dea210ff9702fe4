package io.reprise.engine.proto;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.proto.v1.HistoryBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts history events ({@link HistoryEvent}) to their proto v1 message and back. Both directions switch
 * over every event type without a default, so an event type added on either side without its mapping does not
 * compile.
 */
public final class HistoryEventMapper {

    private HistoryEventMapper() {
    }

    public static io.reprise.engine.proto.v1.HistoryEvent toProto(HistoryEvent event) {
        io.reprise.engine.proto.v1.HistoryEvent.Builder b = io.reprise.engine.proto.v1.HistoryEvent.newBuilder()
                .setEventId(event.eventId())
                .setEventTime(CommonMapper.toProto(event.eventTime()))
                .setEventType(ProtoEnums.EVENT_TYPES.toProto(event.eventType()));
        switch (event.attributes()) {
            case EventAttributes.WorkflowExecutionStarted a ->
                    b.setWorkflowExecutionStartedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionCompleted a ->
                    b.setWorkflowExecutionCompletedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionFailed a ->
                    b.setWorkflowExecutionFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionTimedOut a ->
                    b.setWorkflowExecutionTimedOutEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowTaskScheduled a ->
                    b.setWorkflowTaskScheduledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowTaskStarted a ->
                    b.setWorkflowTaskStartedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowTaskCompleted a ->
                    b.setWorkflowTaskCompletedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowTaskFailed a ->
                    b.setWorkflowTaskFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowTaskTimedOut a ->
                    b.setWorkflowTaskTimedOutEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskScheduled a ->
                    b.setActivityTaskScheduledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskStarted a ->
                    b.setActivityTaskStartedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskCompleted a ->
                    b.setActivityTaskCompletedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskFailed a ->
                    b.setActivityTaskFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskTimedOut a ->
                    b.setActivityTaskTimedOutEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskCancelRequested a ->
                    b.setActivityTaskCancelRequestedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ActivityTaskCanceled a ->
                    b.setActivityTaskCanceledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.TimerStarted a -> b.setTimerStartedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.TimerFired a -> b.setTimerFiredEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.TimerCanceled a -> b.setTimerCanceledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.MarkerRecorded a ->
                    b.setMarkerRecordedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionSignaled a ->
                    b.setWorkflowExecutionSignaledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionCancelRequested a ->
                    b.setWorkflowExecutionCancelRequestedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionCanceled a ->
                    b.setWorkflowExecutionCanceledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionTerminated a ->
                    b.setWorkflowExecutionTerminatedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionUpdateAccepted a ->
                    b.setWorkflowExecutionUpdateAcceptedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionUpdateCompleted a ->
                    b.setWorkflowExecutionUpdateCompletedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowExecutionContinuedAsNew a ->
                    b.setWorkflowExecutionContinuedAsNewEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.StartChildWorkflowExecutionInitiated a ->
                    b.setStartChildWorkflowExecutionInitiatedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.StartChildWorkflowExecutionFailed a ->
                    b.setStartChildWorkflowExecutionFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ChildWorkflowExecutionStarted a ->
                    b.setChildWorkflowExecutionStartedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ChildWorkflowExecutionCompleted a ->
                    b.setChildWorkflowExecutionCompletedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ChildWorkflowExecutionFailed a ->
                    b.setChildWorkflowExecutionFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ChildWorkflowExecutionCanceled a ->
                    b.setChildWorkflowExecutionCanceledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ChildWorkflowExecutionTimedOut a ->
                    b.setChildWorkflowExecutionTimedOutEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ChildWorkflowExecutionTerminated a ->
                    b.setChildWorkflowExecutionTerminatedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.SignalExternalWorkflowExecutionInitiated a ->
                    b.setSignalExternalWorkflowExecutionInitiatedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ExternalWorkflowExecutionSignaled a ->
                    b.setExternalWorkflowExecutionSignaledEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.SignalExternalWorkflowExecutionFailed a ->
                    b.setSignalExternalWorkflowExecutionFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.RequestCancelExternalWorkflowExecutionInitiated a ->
                    b.setRequestCancelExternalWorkflowExecutionInitiatedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.ExternalWorkflowExecutionCancelRequested a ->
                    b.setExternalWorkflowExecutionCancelRequestedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.RequestCancelExternalWorkflowExecutionFailed a ->
                    b.setRequestCancelExternalWorkflowExecutionFailedEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.UpsertWorkflowSearchAttributes a ->
                    b.setUpsertWorkflowSearchAttributesEventAttributes(EventAttributesMapper.toProto(a));
            case EventAttributes.WorkflowPropertiesModified a ->
                    b.setWorkflowPropertiesModifiedEventAttributes(EventAttributesMapper.toProto(a));
        }
        return b.build();
    }

    /**
     * The event of a proto v1 message.
     *
     * @throws IllegalArgumentException when its attributes or time are missing, its attributes are of an event
     *     type this build does not know (one written by a newer Reprise), or they do not match its event type
     */
    public static HistoryEvent fromProto(io.reprise.engine.proto.v1.HistoryEvent event) {
        EventAttributes attributes = switch (event.getAttributesCase()) {
            case WORKFLOW_EXECUTION_STARTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionStartedEventAttributes());
            case WORKFLOW_EXECUTION_COMPLETED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionCompletedEventAttributes());
            case WORKFLOW_EXECUTION_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionFailedEventAttributes());
            case WORKFLOW_EXECUTION_TIMED_OUT_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionTimedOutEventAttributes());
            case WORKFLOW_TASK_SCHEDULED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowTaskScheduledEventAttributes());
            case WORKFLOW_TASK_STARTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowTaskStartedEventAttributes());
            case WORKFLOW_TASK_COMPLETED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowTaskCompletedEventAttributes());
            case WORKFLOW_TASK_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowTaskFailedEventAttributes());
            case WORKFLOW_TASK_TIMED_OUT_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowTaskTimedOutEventAttributes());
            case ACTIVITY_TASK_SCHEDULED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskScheduledEventAttributes());
            case ACTIVITY_TASK_STARTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskStartedEventAttributes());
            case ACTIVITY_TASK_COMPLETED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskCompletedEventAttributes());
            case ACTIVITY_TASK_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskFailedEventAttributes());
            case ACTIVITY_TASK_TIMED_OUT_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskTimedOutEventAttributes());
            case ACTIVITY_TASK_CANCEL_REQUESTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskCancelRequestedEventAttributes());
            case ACTIVITY_TASK_CANCELED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getActivityTaskCanceledEventAttributes());
            case TIMER_STARTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getTimerStartedEventAttributes());
            case TIMER_FIRED_EVENT_ATTRIBUTES -> EventAttributesMapper.fromProto(event.getTimerFiredEventAttributes());
            case TIMER_CANCELED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getTimerCanceledEventAttributes());
            case MARKER_RECORDED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getMarkerRecordedEventAttributes());
            case WORKFLOW_EXECUTION_SIGNALED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionSignaledEventAttributes());
            case WORKFLOW_EXECUTION_CANCEL_REQUESTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionCancelRequestedEventAttributes());
            case WORKFLOW_EXECUTION_CANCELED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionCanceledEventAttributes());
            case WORKFLOW_EXECUTION_TERMINATED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionTerminatedEventAttributes());
            case WORKFLOW_EXECUTION_UPDATE_ACCEPTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionUpdateAcceptedEventAttributes());
            case WORKFLOW_EXECUTION_UPDATE_COMPLETED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionUpdateCompletedEventAttributes());
            case WORKFLOW_EXECUTION_CONTINUED_AS_NEW_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowExecutionContinuedAsNewEventAttributes());
            case START_CHILD_WORKFLOW_EXECUTION_INITIATED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getStartChildWorkflowExecutionInitiatedEventAttributes());
            case START_CHILD_WORKFLOW_EXECUTION_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getStartChildWorkflowExecutionFailedEventAttributes());
            case CHILD_WORKFLOW_EXECUTION_STARTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getChildWorkflowExecutionStartedEventAttributes());
            case CHILD_WORKFLOW_EXECUTION_COMPLETED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getChildWorkflowExecutionCompletedEventAttributes());
            case CHILD_WORKFLOW_EXECUTION_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getChildWorkflowExecutionFailedEventAttributes());
            case CHILD_WORKFLOW_EXECUTION_CANCELED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getChildWorkflowExecutionCanceledEventAttributes());
            case CHILD_WORKFLOW_EXECUTION_TIMED_OUT_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getChildWorkflowExecutionTimedOutEventAttributes());
            case CHILD_WORKFLOW_EXECUTION_TERMINATED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getChildWorkflowExecutionTerminatedEventAttributes());
            case SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getSignalExternalWorkflowExecutionInitiatedEventAttributes());
            case EXTERNAL_WORKFLOW_EXECUTION_SIGNALED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getExternalWorkflowExecutionSignaledEventAttributes());
            case SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getSignalExternalWorkflowExecutionFailedEventAttributes());
            case REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getRequestCancelExternalWorkflowExecutionInitiatedEventAttributes());
            case EXTERNAL_WORKFLOW_EXECUTION_CANCEL_REQUESTED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getExternalWorkflowExecutionCancelRequestedEventAttributes());
            case REQUEST_CANCEL_EXTERNAL_WORKFLOW_EXECUTION_FAILED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getRequestCancelExternalWorkflowExecutionFailedEventAttributes());
            case UPSERT_WORKFLOW_SEARCH_ATTRIBUTES_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getUpsertWorkflowSearchAttributesEventAttributes());
            case WORKFLOW_PROPERTIES_MODIFIED_EVENT_ATTRIBUTES ->
                    EventAttributesMapper.fromProto(event.getWorkflowPropertiesModifiedEventAttributes());
            case ATTRIBUTES_NOT_SET -> throw missingAttributes(event);
        };
        EventType type = ProtoEnums.EVENT_TYPES.fromProto(event.getEventTypeValue());
        if (type != null && type != attributes.eventType()) {
            throw new IllegalArgumentException("History event " + event.getEventId() + " has event type " + type
                    + " but the attributes of " + attributes.eventType());
        }
        if (!event.hasEventTime()) {
            throw new IllegalArgumentException("History event " + event.getEventId() + " has no event time");
        }
        return new HistoryEvent(event.getEventId(), CommonMapper.fromProto(true, event.getEventTime()), attributes);
    }

    /** A batch of {@code events}, in order. */
    public static HistoryBatch toBatch(List<HistoryEvent> events) {
        HistoryBatch.Builder batch = HistoryBatch.newBuilder();
        for (HistoryEvent event : events) {
            batch.addEvents(toProto(event));
        }
        return batch.build();
    }

    /** The events of a batch, in order. */
    public static List<HistoryEvent> fromBatch(HistoryBatch batch) {
        List<HistoryEvent> events = new ArrayList<>(batch.getEventsCount());
        for (io.reprise.engine.proto.v1.HistoryEvent event : batch.getEventsList()) {
            events.add(fromProto(event));
        }
        return events;
    }

    private static IllegalArgumentException missingAttributes(io.reprise.engine.proto.v1.HistoryEvent event) {
        int type = event.getEventTypeValue();
        if (type != 0 && event.getEventType() == io.reprise.engine.proto.v1.EventType.UNRECOGNIZED) {
            return new IllegalArgumentException("History event " + event.getEventId() + " is of event type " + type
                    + ", which this build of Reprise does not know: it was written by a newer one; upgrade to read"
                    + " this history");
        }
        if (!event.getUnknownFields().asMap().isEmpty()) {
            return new IllegalArgumentException("History event " + event.getEventId() + " has attributes this build"
                    + " of Reprise does not know (field " + event.getUnknownFields().asMap().keySet() + "): it was"
                    + " written by a newer one; upgrade to read this history");
        }
        return new IllegalArgumentException("History event " + event.getEventId() + " has no attributes");
    }
}
