package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/** A worker polled the scheduled workflow task: WorkflowTaskStarted. */
public final class WorkflowTaskStartedProcessor {

    private WorkflowTaskStartedProcessor() {
    }

    /** Starts the run's scheduled workflow task; returns the WorkflowTaskStarted event. */
    public static HistoryEvent start(TransitionContext tx, String identity) {
        WorkflowTaskState task = tx.state().workflowTask;
        if (task.scheduledEventId == 0) {
            // A retry: its WorkflowTaskScheduled is made now, so that it sits right before its start.
            task.scheduledEventId = tx.append(new EventAttributes.WorkflowTaskScheduled(task.taskQueue,
                    tx.state().workflowTaskTimeout, task.attempt)).eventId();
        }
        HistoryEvent started = tx.append(new EventAttributes.WorkflowTaskStarted(task.scheduledEventId, identity));
        task.status = WorkflowTaskState.Status.STARTED;
        task.startedEventId = started.eventId();
        task.startedTime = tx.now();
        task.startedIdentity = identity;
        task.stickyDeadline = null;
        task.queuedTask = null;
        return started;
    }
}
