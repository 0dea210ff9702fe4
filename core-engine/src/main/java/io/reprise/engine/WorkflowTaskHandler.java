package io.reprise.engine;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.HistorySettings;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.TaskHandBackProcessor;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.history.WorkflowTaskCompletedProcessor;
import io.reprise.engine.history.WorkflowTaskFailedProcessor;
import io.reprise.engine.history.WorkflowTaskStartedProcessor;
import io.reprise.engine.history.WorkflowTaskState;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Hands Workflow Tasks to workers (with the history their replay needs) and records how they
 * ended: completed with the workflow's commands (optionally starting the next task at once, a
 * Workflow Task heartbeat) or failed. Query tasks on the same queue go to
 * {@link WorkflowMessageHandler}.
 */
final class WorkflowTaskHandler {

    private final ExecutionStore store;
    private final ExecutionRegistry registry;
    private final Transitions transitions;
    private final MatchingService matching;
    private final RunLookup lookup;
    private final WorkflowMessageHandler messages;
    private final HistorySettings settings;

    WorkflowTaskHandler(ExecutionStore store, ExecutionRegistry registry, Transitions transitions,
            MatchingService matching, RunLookup lookup, WorkflowMessageHandler messages, HistorySettings settings) {
        this.store = store;
        this.registry = registry;
        this.transitions = transitions;
        this.matching = matching;
        this.lookup = lookup;
        this.messages = messages;
        this.settings = settings;
    }

    /** Long-polls a Workflow Task (or a query task) from a normal or sticky Task Queue. */
    Optional<WorkflowTask> poll(String namespace, String taskQueue, String identity, Duration wait) {
        return matching.poll(lookup.queueId(namespace, taskQueue, TaskQueueKind.WORKFLOW), wait,
                task -> start(task, identity));
    }

    /** What the started task needs from the run, taken under its lock. */
    private record StartedWorkflowTask(MutableState state, TaskToken token, int attempt, long previousStartedEventId,
            List<HistoryEvent> cachedHistory, List<HistoryEvent> taskEvents) {
    }

    /** Starts a workflow task a poller took, or returns {@code null} if it is no longer current. */
    private WorkflowTask start(QueuedTask queued, String identity) {
        if (queued instanceof QueryTaskRef query) {
            return messages.startQueryTask(query);
        }
        WorkflowTaskRef ref = (WorkflowTaskRef) queued;
        RunEntry run = registry.open(ref.key);
        if (run == null) {
            return null;
        }
        StartedWorkflowTask started = transitions.locked(run, state -> {
            WorkflowTaskState task = state.workflowTask();
            if (!state.isRunning() || task == null || task.queuedTask() != ref) {
                return null;
            }
            TransitionContext tx = transitions.begin(state);
            HistoryEvent startedEvent = WorkflowTaskStartedProcessor.start(tx, identity);
            transitions.startWithoutCommit(tx);
            long previous = state.previousStartedEventId();
            return new StartedWorkflowTask(state, TaskToken.workflowTask(state.key(), task.scheduledEventId(),
                    startedEvent.eventId(), task.attempt()), task.attempt(), previous,
                    state.cachedEventsFrom(ref.sticky ? previous + 1 : 1), state.unpersistedTaskEvents());
        });
        if (started == null) {
            return null;
        }
        return toWorkflowTask(run, started, ref.sticky);
    }

    private WorkflowTask toWorkflowTask(RunEntry run, StartedWorkflowTask started, boolean partialHistory) {
        MutableState state = started.state;
        long startedEventId = started.token.startedEventId();
        List<HistoryEvent> history = started.cachedHistory;
        if (history == null) {
            // Read outside the run's lock: the events before this task's are committed and
            // immutable; the task's own (its start, and the scheduling of a retry) may not be
            // written yet, so they come from memory.
            long from = partialHistory ? started.previousStartedEventId + 1 : 1;
            long firstOfTask = started.taskEvents.get(0).eventId();
            List<HistoryEvent> stored = RunLookup.storeRead(run.key, () -> EventCodec.read(store, run.key, from,
                    firstOfTask - 1));
            history = new ArrayList<>(stored.size() + started.taskEvents.size());
            history.addAll(stored);
            history.addAll(started.taskEvents);
        }
        return new WorkflowTask(started.token.encode(), state.key().namespace(), state.execution(),
                state.workflowType(), started.previousStartedEventId, startedEventId, started.attempt, history);
    }

    /**
     * Records the started task's completion with its commands; with {@code forceNewWorkflowTask},
     * starts the next task of the run at once and returns it.
     */
    Optional<WorkflowTask> complete(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask, List<String> signalNames) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.WORKFLOW_TASK);
        RequestValidation.check(Checks.optionalName(stickyTaskQueue, "Sticky task queue"));
        if (signalNames != null) {
            for (String name : signalNames) {
                RequestValidation.requireName(name, "Signal name", "declare the names of the workflow's signal methods");
            }
        }
        RunEntry run = lookup.findForToken(token);
        StartedWorkflowTask next = transitions.locked(run, state -> {
            requireCurrentWorkflowTask(state, token);
            WorkflowTaskCompletedProcessor.validate(state, commands, settings);
            TransitionContext tx = transitions.begin(state);
            WorkflowTaskCompletedProcessor.complete(tx, commands, identity, stickyTaskQueue, signalNames);
            HistoryEvent started = forceNewWorkflowTask
                    ? WorkflowTaskCompletedProcessor.startNextTask(tx, identity) : null;
            transitions.commit(run, tx);
            if (started == null) {
                return null;
            }
            WorkflowTaskState task = state.workflowTask();
            long previous = state.previousStartedEventId();
            return new StartedWorkflowTask(state,
                    TaskToken.workflowTask(state.key(), task.scheduledEventId(), started.eventId(), task.attempt()),
                    task.attempt(), previous, state.cachedEventsFrom(previous + 1), List.of(started));
        });
        return next == null ? Optional.empty() : Optional.of(toWorkflowTask(run, next, true));
    }

    /**
     * Fails the started workflow task. The next attempt is scheduled on the normal queue (the
     * worker's cached state is not trusted), immediately for attempt 2 and then after
     * 1 s, 2 s, 4 s … (at most 60 s), so a workflow with a bug does not spin.
     */
    void fail(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.WORKFLOW_TASK);
        if (cause == null) {
            throw EngineException.invalidArgument("The cause of a workflow task failure is required");
        }
        RequestValidation.check(Checks.failure(failure, "failure", settings.maxPayloadSize()));
        RunEntry run = lookup.findForToken(token);
        transitions.locked(run, state -> {
            requireCurrentWorkflowTask(state, token);
            TransitionContext tx = transitions.begin(state);
            WorkflowTaskFailedProcessor.fail(tx, cause, failure, identity);
            transitions.commit(run, tx);
            return null;
        });
    }

    /**
     * Takes back the task a poll started but could not deliver (see {@link io.reprise.engine.api.TaskHandBack}):
     * unstarted and queued again (on the normal queue) while its start is only in memory; otherwise left to its
     * Start-To-Close timeout. A query task is queued again while its caller waits.
     */
    void handBack(byte[] taskToken) {
        if (TaskToken.isKind(taskToken, TaskToken.Kind.QUERY_TASK)) {
            // A query task comes from the same polls; it is only in memory, so it is queued again as it is.
            messages.handBackQueryTask(taskToken);
            return;
        }
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.WORKFLOW_TASK);
        RunEntry run = lookup.findForToken(token);
        transitions.locked(run, state -> {
            WorkflowTaskState task = state.workflowTask();
            if (state.isRunning() && task != null && task.isStarted()
                    && task.scheduledEventId() == token.scheduledEventId()
                    && task.startedEventId() == token.startedEventId()
                    && (token.workflowTaskAttempt() == 0 || token.workflowTaskAttempt() == task.attempt())
                    && TaskHandBackProcessor.handBackWorkflowTask(state)) {
                transitions.handedBack(state);
            }
            return null;
        });
    }

    private static void requireCurrentWorkflowTask(MutableState state, TaskToken token) {
        if (!state.isRunning()) {
            throw token.notFound("the workflow execution is " + state.status());
        }
        WorkflowTaskState task = state.workflowTask();
        // A retry takes the ids a failed transient attempt gave back, so the attempt tells them apart.
        if (task == null || !task.isStarted() || task.scheduledEventId() != token.scheduledEventId()
                || task.startedEventId() != token.startedEventId()
                || (token.workflowTaskAttempt() != 0 && token.workflowTaskAttempt() != task.attempt())) {
            throw token.notFound("it timed out or was failed; a newer task replaces it");
        }
    }
}
