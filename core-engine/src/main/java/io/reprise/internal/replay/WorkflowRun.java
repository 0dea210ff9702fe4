package io.reprise.internal.replay;

import io.reprise.activity.ActivityOptions;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.RepriseFailure;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.WorkflowPanicPolicy;
import io.reprise.workflow.Promise;
import io.reprise.workflow.WorkflowInfo;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One Workflow Execution run held by a worker: the workflow object, its threads, and the
 * state machines of the commands its code produced. It consumes history events in order:
 * command events are matched against the commands the code produced (the determinism check),
 * result events resolve the matching promises, and at each WorkflowTaskStarted the code runs
 * until every thread blocks. Kept in the worker's cache between workflow tasks (sticky
 * execution); rebuilt from the full history when it is not cached.
 */
public final class WorkflowRun {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkflowRun.class);

    private final String namespace;
    private final WorkflowExecution execution;
    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final WorkflowPanicPolicy panicPolicy;
    private final int maxPayloadSize;
    private final boolean logInReplay;
    private final WorkflowContext context;
    private final Duration deadlockTimeout;
    private final NonDeterminismReporter reporter;
    private final DeterministicRunner runner;
    private final WorkflowStateMachines machines = new WorkflowStateMachines(this);
    private final LocalActivityTracker localActivities;
    private final WorkflowImplementation implementation;
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
                new NonDeterminismReporter(false));
    }

    private WorkflowRun(String namespace, WorkflowExecution execution, WorkflowDefinition definition,
            DataConverter converter, WorkflowPanicPolicy panicPolicy, Duration deadlockTimeout, int maxPayloadSize,
            boolean logInReplay, NonDeterminismReporter reporter) {
        this.logInReplay = logInReplay;
        this.deadlockTimeout = deadlockTimeout;
        this.namespace = namespace;
        this.execution = execution;
        this.definition = definition;
        this.converter = converter;
        this.failures = new FailureConverter(converter);
        this.panicPolicy = panicPolicy;
        this.maxPayloadSize = maxPayloadSize;
        this.reporter = reporter;
        this.localActivities = new LocalActivityTracker(converter, failures);
        this.implementation = new WorkflowImplementation(definition, converter, failures, panicPolicy, maxPayloadSize);
        this.context = new WorkflowContext(namespace, execution, definition, converter, failures, maxPayloadSize,
                logInReplay, deadlockTimeout, reporter, machines, localActivities);
        this.runner = context.runner();
    }

    /** The same run replayed again with call sites recorded, to name the line of code in a non-determinism error. */
    private WorkflowRun twinWithCallSites() {
        return new WorkflowRun(namespace, execution, definition, converter, WorkflowPanicPolicy.FAIL_WORKFLOW_TASK,
                deadlockTimeout, maxPayloadSize, false, new NonDeterminismReporter(true));
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
            NonDeterministicException described = fromFirstEvent && !reporter.callSitesInReplay() ? withCallSites(events, e) : e;
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

    void onWorkflowTaskStarted(List<HistoryEvent> events, int index, HistoryEvent event) {
        boolean current = index == events.size() - 1 && !queryReplay;
        if (current || outcomeOfTask(events, index) == EventType.WorkflowTaskCompleted) {
            lastStartedEventId = event.eventId();
            context.workflowTaskStarted(events, index, !current);
            machines.checkEarlierCommandsRecorded(event);
            context.advanceTime(event);
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

    /** A signal: its handler runs in a new workflow thread, after the threads already there. */
    void onSignal(EventAttributes.WorkflowExecutionSignaled signal) {
        Method handler = definition.metadata().signalMethods().get(signal.signalName());
        if (handler == null) {
            if (!context.isReplaying()) {
                log.warn("Workflow {} ({}) got signal \"{}\", which it has no handler for (its signals: {}); "
                        + "the signal is dropped", execution.workflowId(), definition.workflowType(),
                        signal.signalName(), definition.metadata().signalMethods().keySet());
            }
            return;
        }
        runner.newThread("signal[" + signal.signalName() + "]", () -> {
            try {
                implementation.invokeHandler(handler, signal.input());
            } catch (RepriseFailure failure) {
                implementation.failFromHandler(failure);
            }
        });
    }

    /**
     * A cancellation request: the root scope is canceled, so the activities and timers it holds
     * are canceled and blocked code sees a {@link CanceledFailure}; detached scopes go on.
     */
    void onCancelRequested(EventAttributes.WorkflowExecutionCancelRequested request) {
        context.cancelRequested(request.reason());
    }

    /** An accepted update: its handler runs in a new workflow thread; its return is recorded as CompleteWorkflowUpdate. */
    void onUpdateAccepted(EventAttributes.WorkflowExecutionUpdateAccepted update) {
        Method handler = definition.metadata().updateMethods().get(update.updateName());
        runner.newThread("update[" + update.updateName() + "]", () -> {
            Command.CompleteWorkflowUpdate completion;
            try {
                if (handler == null) {
                    throw ApplicationFailure.newNonRetryableFailure("Workflow type \"" + definition.workflowType()
                            + "\" has no update handler named \"" + update.updateName() + "\"; its updates: "
                            + definition.metadata().updateMethods().keySet(), "UpdateNotFound");
                }
                Payload result = converter.toPayload(implementation.invokeHandler(handler, update.input()));
                completion = new Command.CompleteWorkflowUpdate(update.updateId(), result, null);
            } catch (DestroyWorkflowThreadError e) {
                throw e;
            } catch (RuntimeException e) {
                completion = new Command.CompleteWorkflowUpdate(update.updateId(), null, failures.toFailure(e));
            }
            context.addCommand(new UpdateCompletionStateMachine(completion, context.callSiteIfNeeded()));
        });
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
        Method handler = definition.metadata().queryMethods().get(queryType);
        if (handler == null) {
            return MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                    "Workflow type \"" + definition.workflowType() + "\" has no query handler named \"" + queryType
                            + "\"; its queries: " + definition.metadata().queryMethods().keySet(), "QueryNotFound")));
        }
        return context.readOnly(() -> converter.toPayload(implementation.invokeHandler(handler, input)));
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
        if (!definition.metadata().updateMethods().containsKey(updateName)) {
            return MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                    "Workflow type \"" + definition.workflowType() + "\" has no update handler named \""
                            + updateName + "\"; its updates: " + definition.metadata().updateMethods().keySet(),
                    "UpdateNotFound")));
        }
        Method validator = definition.metadata().updateValidators().get(updateName);
        if (validator == null) {
            return MessageResult.success(null);
        }
        MessageResult outcome = context.readOnly(() -> {
            implementation.invokeHandler(validator, input);
            return null;
        });
        return outcome;
    }

    /** Releases the run's threads. */
    public void close() {
        if (!closed) {
            closed = true;
            runner.close();
        }
    }
}
