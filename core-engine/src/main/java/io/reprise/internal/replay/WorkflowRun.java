package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.ApplicationFailure;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.WorkflowPanicPolicy;
import java.time.Duration;
import java.util.List;

/**
 * One Workflow Execution run held by a worker, and the coordinator of its parts. It takes the
 * events of each workflow task: {@link WorkflowStateMachines} routes them and matches them against
 * the commands the code produced; at each WorkflowTaskStarted the code runs
 * ({@link DeterministicRunner}) until every thread blocks, and when the workflow method has ended
 * ({@link WorkflowImplementation}) the command that closes the run is added. The code reaches the
 * run through {@link WorkflowContext}; signals, queries and updates go to their dispatchers, local
 * activities to {@link LocalActivityTracker}, and a non-determinism error is worded by
 * {@link NonDeterminismReporter}. Kept in the worker's cache between workflow tasks (sticky
 * execution); rebuilt from the full history when it is not cached.
 */
public final class WorkflowRun {

    private final String namespace;
    private final WorkflowExecution execution;
    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final WorkflowPanicPolicy panicPolicy;
    private final Duration deadlockTimeout;
    private final int maxPayloadSize;
    private final NonDeterminismReporter reporter;
    private final ContextPropagation propagation;
    private final WorkflowStateMachines machines = new WorkflowStateMachines(this);
    private final LocalActivityTracker localActivities;
    private final WorkflowImplementation implementation;
    private final WorkflowContext context;
    private final DeterministicRunner runner;
    private final SignalDispatcher signals;
    private final QueryDispatcher queries;
    private final UpdateDispatcher updates;
    private Duration workflowTaskTimeout = Duration.ofSeconds(10);
    private long lastStartedEventId;
    private boolean completionProduced;
    private boolean closed;
    /** Replaying to answer a query: a workflow task that did not complete is not run. */
    private boolean queryReplay;

    public WorkflowRun(String namespace, WorkflowExecution execution, WorkflowDefinition definition,
            DataConverter converter, WorkflowPanicPolicy panicPolicy, Duration deadlockTimeout, int maxPayloadSize,
            boolean logInReplay) {
        this(namespace, execution, definition, converter, panicPolicy, deadlockTimeout, maxPayloadSize, logInReplay,
                ContextPropagation.NONE);
    }

    /** A run whose workflow code gets (and passes on) the contexts of {@code propagation}. */
    public WorkflowRun(String namespace, WorkflowExecution execution, WorkflowDefinition definition,
            DataConverter converter, WorkflowPanicPolicy panicPolicy, Duration deadlockTimeout, int maxPayloadSize,
            boolean logInReplay, ContextPropagation propagation) {
        this(namespace, execution, definition, converter, panicPolicy, deadlockTimeout, maxPayloadSize, logInReplay,
                new NonDeterminismReporter(false), propagation);
    }

    private WorkflowRun(String namespace, WorkflowExecution execution, WorkflowDefinition definition,
            DataConverter converter, WorkflowPanicPolicy panicPolicy, Duration deadlockTimeout, int maxPayloadSize,
            boolean logInReplay, NonDeterminismReporter reporter, ContextPropagation propagation) {
        this.propagation = propagation;
        this.namespace = namespace;
        this.execution = execution;
        this.definition = definition;
        this.converter = converter;
        this.failures = new FailureConverter(converter);
        this.panicPolicy = panicPolicy;
        this.deadlockTimeout = deadlockTimeout;
        this.maxPayloadSize = maxPayloadSize;
        this.reporter = reporter;
        this.localActivities = new LocalActivityTracker(converter, failures);
        this.implementation = new WorkflowImplementation(definition, converter, failures, panicPolicy, maxPayloadSize);
        this.context = new WorkflowContext(namespace, execution, definition, converter, failures, maxPayloadSize,
                logInReplay, deadlockTimeout, reporter, machines, localActivities, propagation);
        this.runner = context.runner();
        this.signals = new SignalDispatcher(execution, definition, context, implementation);
        this.queries = new QueryDispatcher(definition, converter, failures, context, implementation, runner);
        this.updates = new UpdateDispatcher(definition, converter, failures, context, implementation);
    }

    /** The same run, replaying with call sites recorded, to name the line of code in a non-determinism error. */
    private WorkflowRun twinWithCallSites() {
        return new WorkflowRun(namespace, execution, definition, converter, WorkflowPanicPolicy.FAIL_WORKFLOW_TASK,
                deadlockTimeout, maxPayloadSize, false, new NonDeterminismReporter(true), propagation);
    }

    public WorkflowExecution execution() {
        return execution;
    }

    public WorkflowDefinition definition() {
        return definition;
    }

    /** Id of the last event this run has processed. */
    public long lastEventId() {
        return machines.lastEventId();
    }

    /** Id of the WorkflowTaskStarted event of the last task this run processed. */
    public long lastStartedEventId() {
        return lastStartedEventId;
    }

    public boolean isClosed() {
        return completionProduced;
    }

    /**
     * Processes the events of one workflow task, which must continue exactly where the run
     * stopped, and returns the new commands to send.
     *
     * @throws NonDeterministicException when history and code disagree (with FAIL_WORKFLOW_TASK)
     * @throws WorkflowTaskFailure when the task must be failed
     */
    public List<Command> processWorkflowTask(List<HistoryEvent> events) {
        if (closed) {
            throw new IllegalStateException("run " + execution + " was closed");
        }
        context.bind();
        boolean fromFirstEvent = machines.lastEventId() == 0;
        try {
            machines.handleEvents(events);
            return machines.takeUnsent();
        } catch (NonDeterministicException e) {
            NonDeterministicException described = fromFirstEvent && !reporter.callSitesInReplay()
                    ? withCallSites(events, e) : e;
            return panic(WorkflowTaskFailedCause.NON_DETERMINISTIC_ERROR, described);
        } catch (PotentialDeadlockException e) {
            return panic(WorkflowTaskFailedCause.POTENTIAL_DEADLOCK, e);
        } catch (DeterministicRunner.WorkflowThreadFailure e) {
            return panic(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE, e.getCause());
        } finally {
            WorkflowContext.unbind();
        }
    }

    /** Replays {@code events} again, recording call sites, to name the line of code in the error. */
    private NonDeterministicException withCallSites(List<HistoryEvent> events, NonDeterministicException original) {
        WorkflowRun twin = twinWithCallSites();
        try {
            twin.processWorkflowTask(events);
            return original;
        } catch (NonDeterministicException e) {
            return e;
        } catch (RuntimeException e) {
            return original;
        } finally {
            twin.close();
            context.bind();
        }
    }

    /**
     * The local activities the code asked for that have no outcome yet and are not running: the
     * worker runs them now. Each is handed out once.
     */
    public List<LocalActivityRequest> takeLocalActivityRequests() {
        return localActivities.takeRequests();
    }

    /** Whether local activities are still waiting for an outcome. */
    public boolean hasPendingLocalActivities() {
        return localActivities.hasPending();
    }

    /** The workflow task timeout of the run (local activities keep the task alive at 80 % of it). */
    public Duration workflowTaskTimeout() {
        return workflowTaskTimeout;
    }

    /**
     * A local activity the worker ran finished: its marker command is added, its promise resolved,
     * and the code continues until it blocks again. Returns the new commands to send.
     *
     * @throws NonDeterministicException / WorkflowTaskFailure as {@link #processWorkflowTask}
     */
    public List<Command> resolveLocalActivity(LocalActivityOutcome outcome) {
        context.bind();
        try {
            MarkerStateMachine marker = localActivities.resolve(outcome);
            if (marker == null) {
                return List.of();
            }
            machines.add(marker);
            runCode();
            return machines.takeUnsent();
        } catch (PotentialDeadlockException e) {
            return panic(WorkflowTaskFailedCause.POTENTIAL_DEADLOCK, e);
        } catch (DeterministicRunner.WorkflowThreadFailure e) {
            return panic(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE, e.getCause());
        } finally {
            WorkflowContext.unbind();
        }
    }

    /**
     * Checks, after a whole closed history was replayed, that every command the code produced
     * was recorded.
     */
    public void checkFullyMatched(List<HistoryEvent> events) {
        if (machines.allRecorded()) {
            return;
        }
        if (!reporter.callSitesInReplay()) {
            WorkflowRun twin = twinWithCallSites();
            try {
                twin.processWorkflowTask(events);
                twin.checkFullyMatched(events);
            } finally {
                twin.close();
            }
        }
        machines.checkAllRecorded();
    }

    private List<Command> panic(WorkflowTaskFailedCause cause, Throwable error) {
        if (panicPolicy == WorkflowPanicPolicy.FAIL_WORKFLOW) {
            machines.clear();
            completionProduced = true;
            return List.of(new Command.FailWorkflowExecution(failures.toFailure(error)));
        }
        if (error instanceof NonDeterministicException nde) {
            throw nde;
        }
        throw new WorkflowTaskFailure(cause, error);
    }

    // ---- events about the run itself, routed here by WorkflowStateMachines ----

    void onStarted(HistoryEvent event, EventAttributes.WorkflowExecutionStarted started) {
        context.started(event, started);
        if (started.workflowTaskTimeout() != null && started.workflowTaskTimeout().isPositive()) {
            workflowTaskTimeout = started.workflowTaskTimeout();
        }
        implementation.create();
        List<Payload> input = started.input();
        runner.newThread("workflow-method[" + execution.workflowId() + "]",
                () -> implementation.runWorkflowMethod(input));
    }

    void onWorkflowTaskStarted(List<HistoryEvent> events, int index, HistoryEvent event) {
        boolean current = index == events.size() - 1 && !queryReplay;
        if (current || outcomeOfTask(events, index) == EventType.WorkflowTaskCompleted) {
            lastStartedEventId = event.eventId();
            context.workflowTaskStarted(events, index, !current);
            machines.checkEarlierCommandsRecorded(event);
            runCode();
        }
    }

    /**
     * On replay, the recorded outcome of a local activity the code asked for: it resolves it
     * without running it, and the code continues right there, as it did when the outcome first arrived.
     */
    void onLocalActivityMarker(HistoryEvent event, EventAttributes.MarkerRecorded marker) {
        localActivities.resolveFromMarker(event, marker);
        runCode();
    }

    /** How the workflow task started at {@code index} ended, looking ahead in the same batch. */
    private static EventType outcomeOfTask(List<HistoryEvent> events, int index) {
        for (int j = index + 1; j < events.size(); j++) {
            EventType type = events.get(j).eventType();
            if (type == EventType.WorkflowTaskCompleted || type == EventType.WorkflowTaskFailed
                    || type == EventType.WorkflowTaskTimedOut) {
                return type;
            }
        }
        return null;
    }

    /** Runs the code until every thread blocks; adds the completion command when the method returned. */
    private void runCode() {
        runner.runUntilAllBlocked();
        if (implementation.isDone() && !completionProduced) {
            completionProduced = true;
            machines.add(new CompletionStateMachine(implementation.completionCommand(context.isCancelRequested())));
        }
        machines.codeRan();
    }

    // ---- signals, cancellation, updates, queries ----

    void onSignal(EventAttributes.WorkflowExecutionSignaled signal) {
        signals.dispatch(signal);
    }

    /** A client asked to cancel the run: see {@link WorkflowContext#cancelRequested}. */
    void onCancelRequested(EventAttributes.WorkflowExecutionCancelRequested request) {
        context.cancelRequested(request.reason());
    }

    void onUpdateAccepted(EventAttributes.WorkflowExecutionUpdateAccepted update) {
        updates.dispatch(update);
    }

    /**
     * Replays a history to answer queries: like {@link #processWorkflowTask}, but a workflow task
     * that did not complete (one in progress) is not run, so answers show the state its last
     * completed task left.
     */
    public void replayForQuery(List<HistoryEvent> events) {
        queryReplay = true;
        processWorkflowTask(events);
    }

    /**
     * Runs the {@code @QueryMethod} {@code queryType} on the current state. Must not be called
     * while the run processes a task.
     *
     * @return the result, or the failure when there is no such query or the method threw
     */
    public MessageResult query(String queryType, List<Payload> input) {
        return queries.answer(queryType, input);
    }

    /**
     * Checks an update before it is accepted: it must have a handler, and its validator (if any)
     * must return normally. Nothing is recorded and no workflow thread runs.
     *
     * @return success (with no result) to accept, or the failure that rejects it
     */
    public MessageResult validateUpdate(String updateName, List<Payload> input) {
        if (isClosed()) {
            return MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                    "Workflow execution " + execution.workflowId() + " has completed; it takes no updates",
                    "WorkflowClosed")));
        }
        return updates.validate(updateName, input);
    }

    /** Releases the run's threads. */
    public void close() {
        if (!closed) {
            closed = true;
            runner.close();
        }
    }
}
