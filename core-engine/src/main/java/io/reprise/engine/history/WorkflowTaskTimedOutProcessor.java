package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.failure.TimeoutType;

/**
 * The started workflow task outlived its Start-To-Close timeout (or its worker died with the
 * previous process): WorkflowTaskTimedOut, the buffered events, then a new attempt on the normal
 * queue with the full history. No extra backoff: the timeout already was the wait. A retry that
 * times out again records nothing ({@link WorkflowTasks#scheduleRetry}).
 */
public final class WorkflowTaskTimedOutProcessor {

    private WorkflowTaskTimedOutProcessor() {
    }

    public static void timeOut(TransitionContext tx) {
        WorkflowTaskState task = tx.state().workflowTask;
        WorkflowTasks.closeFailedAttempt(tx, new EventAttributes.WorkflowTaskTimedOut(task.scheduledEventId,
                task.startedEventId, TimeoutType.START_TO_CLOSE), tx.now());
    }
}
