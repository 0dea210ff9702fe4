package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import java.util.List;

/**
 * The worker completed the started workflow task with its commands: WorkflowTaskCompleted, one
 * event per command in order, then (if the run is still open) the events buffered while the task
 * ran and, when there were any or a command recorded something the code must see (an activity
 * canceled before it started), a new WorkflowTaskScheduled.
 */
public final class WorkflowTaskCompletedProcessor {

    private WorkflowTaskCompletedProcessor() {
    }

    /**
     * Checks every command before anything is written.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} naming the first bad command (0-based index) and the problem
     */
    public static void validate(MutableState state, List<Command> commands, HistorySettings settings) {
        CommandProcessors.validate(state, commands, settings);
    }

    /** Applies validated commands, declaring no signal names. */
    public static void complete(TransitionContext tx, List<Command> commands, String identity, String stickyTaskQueue) {
        complete(tx, commands, identity, stickyTaskQueue, null);
    }

    /** Applies validated commands; {@code signalNames} (if not null) become the run's declared signals. */
    public static void complete(TransitionContext tx, List<Command> commands, String identity, String stickyTaskQueue,
            List<String> signalNames) {
        MutableState state = tx.state();
        if (signalNames != null && !signalNames.equals(state.signalNames)) {
            state.signalNames = List.copyOf(signalNames);
        }
        if (!state.bufferedEvents.isEmpty() && CommandProcessors.closesRun(commands)) {
            // The code decided to close without seeing what arrived meanwhile (e.g. a result it
            // was also waiting for): as Temporal does, refuse the close and deliver the events.
            WorkflowTaskFailedProcessor.failUnhandledCommand(tx, identity);
            return;
        }
        WorkflowTaskState task = state.workflowTask;
        HistoryEvent completed = tx.append(
                new EventAttributes.WorkflowTaskCompleted(task.scheduledEventId, task.startedEventId, identity));
        state.workflowTask = null;
        state.previousStartedEventId = task.startedEventId;
        boolean sticky = stickyTaskQueue != null && !stickyTaskQueue.isBlank()
                && !stickyTaskQueue.equals(state.taskQueue);
        state.stickyTaskQueue = sticky ? stickyTaskQueue : null;
        for (Command command : commands) {
            CommandProcessors.apply(command, tx, completed.eventId());
        }
        if (state.isRunning() && (WorkflowTasks.flushBuffered(tx) > 0 || tx.workflowTaskRequested())) {
            WorkflowTasks.scheduleIfNeeded(tx);
        }
    }

    /**
     * Workflow Task heartbeating: after {@link #complete}, schedules a new task (unless one already
     * is) and starts it at once for the same worker; returns its WorkflowTaskStarted, or
     * {@code null} when the run closed.
     */
    public static HistoryEvent startNextTask(TransitionContext tx, String identity) {
        MutableState state = tx.state();
        if (!state.isRunning()) {
            return null;
        }
        WorkflowTasks.scheduleIfNeeded(tx);
        if (state.workflowTask.isStarted()) {
            return null;
        }
        state.workflowTask.retireQueuedTask();
        return WorkflowTaskStartedProcessor.start(tx, identity);
    }
}
