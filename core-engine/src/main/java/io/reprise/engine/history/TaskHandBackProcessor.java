package io.reprise.engine.history;

/**
 * A task a poll took but never delivered (the poll's call was cancelled before its answer was sent, see
 * {@code io.reprise.engine.api.TaskHandBack}) goes back to its queue unstarted, as if nobody had polled it. No event
 * is appended and none is removed from the store: only a start that exists nowhere but in this process, or that is
 * state without an event, can be taken back. Anything else is left to the task's timeout.
 */
public final class TaskHandBackProcessor {

    private TaskHandBackProcessor() {
    }

    /**
     * Unstarts the run's started workflow task if its start is still only in memory (nothing committed since,
     * nothing appended after it): its WorkflowTaskStarted (and a retry's WorkflowTaskScheduled) are forgotten and
     * their ids given back. The task goes to the normal queue: the poller that took it from a sticky queue is gone.
     *
     * @return whether the task was taken back; the caller then dispatches it
     */
    public static boolean handBackWorkflowTask(MutableState state) {
        WorkflowTaskState task = state.workflowTask;
        if (task == null || !task.isStarted() || !state.bufferedEvents.isEmpty()) {
            return false;
        }
        boolean retry = state.unpersistedTaskEvents.size() == 2;
        if (!state.discardUnpersistedTaskEvents()) {
            return false;
        }
        task.status = WorkflowTaskState.Status.SCHEDULED;
        if (retry) {
            task.scheduledEventId = 0;
        }
        task.startedEventId = 0;
        task.startedTime = null;
        task.startedIdentity = null;
        state.clearStickiness();
        return true;
    }

    /**
     * Unstarts the activity's started attempt if it has not heartbeated: the attempt keeps its number (it never ran)
     * and waits in its queue again. Its Schedule-To-Start and Schedule-To-Close timeouts still count from when it
     * was scheduled.
     *
     * @return whether the attempt was taken back; the caller commits {@code tx}
     */
    public static boolean handBackActivityTask(TransitionContext tx, ActivityState activity) {
        if (activity.status != ActivityState.Status.STARTED || activity.lastHeartbeatTime != null) {
            return false;
        }
        activity.status = ActivityState.Status.SCHEDULED;
        activity.startedTime = null;
        activity.startedIdentity = null;
        tx.stateChanged();
        return true;
    }
}
