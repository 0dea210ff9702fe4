package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.WorkflowTaskFailedCause;

/**
 * The worker failed the started workflow task: WorkflowTaskFailed, the buffered events, then a
 * new attempt on the normal queue (the worker's cached state is suspect, so stickiness is dropped
 * and the next worker gets the full history) after {@link WorkflowTasks#retryBackoff}. A retry
 * that fails again records nothing ({@link WorkflowTasks#scheduleRetry}).
 */
public final class WorkflowTaskFailedProcessor {

    private WorkflowTaskFailedProcessor() {
    }

    public static void fail(TransitionContext tx, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        WorkflowTaskState task = tx.state().workflowTask;
        WorkflowTasks.closeFailedAttempt(tx, new EventAttributes.WorkflowTaskFailed(task.scheduledEventId,
                task.startedEventId, cause, failure, identity),
                tx.now().plus(WorkflowTasks.retryBackoff(task.attempt + 1)));
    }

    /**
     * The engine refuses a completion because events arrived that the task's code did not see and
     * its commands would close the run (Temporal's UNHANDLED_COMMAND). Not the code's fault: the
     * new task is attempt 1 and has no backoff.
     */
    static void failUnhandledCommand(TransitionContext tx, String identity) {
        int buffered = tx.state().bufferedEvents.size();
        close(tx, WorkflowTaskFailedCause.UNHANDLED_COMMAND, Failure.server("The workflow task tried to close the run"
                + " but " + buffered + " new event(s) arrived while it ran; the next task delivers them", false),
                identity);
        WorkflowTasks.schedule(tx, 1, tx.now());
    }

    private static void close(TransitionContext tx, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        MutableState state = tx.state();
        WorkflowTaskState task = state.workflowTask;
        tx.append(new EventAttributes.WorkflowTaskFailed(task.scheduledEventId, task.startedEventId, cause,
                failure, identity));
        state.workflowTask = null;
        state.stickyTaskQueue = null;
        WorkflowTasks.flushBuffered(tx);
    }
}
