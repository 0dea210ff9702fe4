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

    private static final ThreadLocal<WorkflowRun> RUNNER_CONTEXT = new ThreadLocal<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkflowRun.class);

    private final String namespace;
    private final WorkflowExecution execution;
    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final WorkflowPanicPolicy panicPolicy;
    private final int maxPayloadSize;
    private final boolean logInReplay;
    private final Duration deadlockTimeout;
    private final NonDeterminismReporter reporter;
    private final DeterministicRunner runner;

    private final WorkflowStateMachines machines = new WorkflowStateMachines(this);
    private final LocalActivityTracker localActivities;
    private final WorkflowImplementation implementation;
    private final CancellationScopeImpl rootScope = CancellationScopeImpl.root();
    /** Side effects, mutable side effects and versions: computed live, read from markers on replay. */
    private final RecordedValues recordedValues = new RecordedValues(this);
    /** Memo and search attributes as the code sees them. */
    private final RunVisibility visibility = new RunVisibility(this);
    private Duration workflowTaskTimeout = Duration.ofSeconds(10);
    private String workflowTypeName;

    private String taskQueue;
    private long startTimeMillis;
    private EventAttributes.WorkflowExecutionStarted startedAttributes;
    private long currentTimeMillis;
    private boolean replaying = true;
    private long lastStartedEventId;
    private int activitySeq;
    private int timerSeq;
    private Random random;
    private boolean completionProduced;
    private boolean closed;
    /** Whether a client asked to cancel the run (WorkflowExecutionCancelRequested was processed). */
    private boolean cancelRequested;
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
        this.runner = new DeterministicRunner(this, execution.workflowId() + "/" + execution.runId(), deadlockTimeout);
    }

    /** The same run replayed again with call sites recorded, to name the line of code in a non-determinism error. */
    private WorkflowRun twinWithCallSites() {
        return new WorkflowRun(namespace, execution, definition, converter, WorkflowPanicPolicy.FAIL_WORKFLOW_TASK,
                deadlockTimeout, maxPayloadSize, false, new NonDeterminismReporter(true));
    }

    /** The run of the calling workflow thread. */
    static WorkflowRun current() {
        WorkflowThread t = WorkflowThread.currentOrNull();
        if (t != null) {
            return t.runner().owner;
        }
        WorkflowRun r = RUNNER_CONTEXT.get();
        if (r != null) {
            return r;
        }
        throw new IllegalStateException("This method may only be called from workflow code, on a workflow thread "
                + "(a workflow method or a function started with Async)");
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
        RUNNER_CONTEXT.set(this);
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
            RUNNER_CONTEXT.remove();
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
            RUNNER_CONTEXT.set(this);
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
        RUNNER_CONTEXT.set(this);
        try {
            MarkerStateMachine marker = localActivities.resolve(outcome);
            if (marker == null) {
                return List.of();
            }
            addCommand(marker);
            runCode();
            return machines.takeUnsent();
        } catch (PotentialDeadlockException e) {
            return panic(WorkflowTaskFailedCause.POTENTIAL_DEADLOCK, e);
        } catch (DeterministicRunner.WorkflowThreadFailure e) {
            return panic(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE, e.getCause());
        } finally {
            RUNNER_CONTEXT.remove();
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
            replaying = !current;
            lastStartedEventId = event.eventId();
            recordedValues.taskStarted(events, index, replaying);
            runWorkflowCode(event);
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
        startedAttributes = started;
        taskQueue = started.taskQueue();
        workflowTypeName = started.workflowType();
        if (started.workflowTaskTimeout() != null && started.workflowTaskTimeout().isPositive()) {
            workflowTaskTimeout = started.workflowTaskTimeout();
        }
        startTimeMillis = event.eventTime().toEpochMilli();
        currentTimeMillis = startTimeMillis;
        visibility.started(started);
        random = new Random(seedOf(execution.runId()));
        implementation.create();
        List<Payload> input = started.input();
        runner.newThread("workflow-method[" + execution.workflowId() + "]",
                () -> implementation.runWorkflowMethod(input));
    }

    private static long seedOf(String runId) {
        try {
            UUID uuid = UUID.fromString(runId);
            return uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
        } catch (IllegalArgumentException e) {
            return runId.hashCode();
        }
    }

    private void runWorkflowCode(HistoryEvent workflowTaskStarted) {
        machines.checkEarlierCommandsRecorded(workflowTaskStarted);
        currentTimeMillis = workflowTaskStarted.eventTime().toEpochMilli();
        runCode();
    }

    /** Runs the code until every thread blocks; adds the completion command when the method returned. */
    private void runCode() {
        runner.runUntilAllBlocked();
        if (implementation.isDone() && !completionProduced) {
            completionProduced = true;
            addCommand(new CompletionStateMachine(implementation.completionCommand(cancelRequested)));
        }
        machines.codeRan();
    }

    // ---- children and other executions ----

    /** Starts a child workflow (the command is sent with this task); its scope's cancellation cancels it. */
    ChildWorkflowStateMachine startChild(String workflowType, io.reprise.workflow.ChildWorkflowOptions options,
            Object[] args) {
        io.reprise.workflow.ChildWorkflowOptions o = options == null
                ? io.reprise.workflow.ChildWorkflowOptions.getDefaultInstance() : options;
        List<Payload> input = converter.toPayloads(args);
        checkPayloadSizes(input, "argument of child workflow \"" + workflowType + "\"");
        String workflowId = o.getWorkflowId() != null ? o.getWorkflowId()
                : new UUID(random.nextLong(), random.nextLong()).toString();
        Command.StartChildWorkflowExecution command = new Command.StartChildWorkflowExecution(workflowId, workflowType,
                o.getTaskQueue() != null ? o.getTaskQueue() : taskQueue, input, o.getWorkflowExecutionTimeout(),
                o.getWorkflowRunTimeout(), o.getWorkflowTaskTimeout(),
                o.getRetryOptions() == null ? null : RetryPolicy.from(o.getRetryOptions()), o.getCronSchedule(),
                o.getParentClosePolicy(), o.getWorkflowIdReusePolicy());
        ChildWorkflowStateMachine sm = new ChildWorkflowStateMachine(machines, this, command, callSiteIfNeeded(), failures);
        addCommand(sm);
        currentScope().onCancel(sm::cancel);
        return sm;
    }

    /** Signals another execution; the promise completes once the signal is recorded there. */
    Promise<Void> signalExternal(String workflowId, String runId, String signalName, Object[] args) {
        List<Payload> input = converter.toPayloads(args);
        checkPayloadSizes(input, "argument of signal \"" + signalName + "\"");
        ExternalWorkflowStateMachine sm = new ExternalWorkflowStateMachine(
                new Command.SignalExternalWorkflowExecution(workflowId, runId, signalName, input), callSiteIfNeeded());
        addCommand(sm);
        return sm.delivered();
    }

    /** Asks another execution (or a child) to cancel; the promise completes once the request is recorded. */
    Promise<Void> requestCancelExternal(String workflowId, String runId) {
        ExternalWorkflowStateMachine sm = new ExternalWorkflowStateMachine(
                new Command.RequestCancelExternalWorkflowExecution(workflowId, runId), callSiteIfNeeded());
        addCommand(sm);
        return sm.delivered();
    }

    // ---- signals, cancellation, updates, queries ----

    /** A signal: its handler runs in a new workflow thread, after the threads already there. */
    void onSignal(EventAttributes.WorkflowExecutionSignaled signal) {
        Method handler = definition.metadata().signalMethods().get(signal.signalName());
        if (handler == null) {
            if (!replaying) {
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
        cancelRequested = true;
        rootScope.cancel(request.reason());
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
            addCommand(new UpdateCompletionStateMachine(completion, callSiteIfNeeded()));
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
        return readOnly(() -> converter.toPayload(implementation.invokeHandler(handler, input)));
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
        MessageResult outcome = readOnly(() -> {
            implementation.invokeHandler(validator, input);
            return null;
        });
        return outcome;
    }

    private MessageResult readOnly(java.util.function.Supplier<Payload> call) {
        RUNNER_CONTEXT.set(this);
        machines.readOnly(true);
        try {
            return MessageResult.success(call.get());
        } catch (RuntimeException e) {
            return MessageResult.failure(failures.toFailure(e));
        } finally {
            machines.readOnly(false);
            RUNNER_CONTEXT.remove();
        }
    }

    void addCommand(CommandStateMachine sm) {
        machines.add(sm);
    }

    CancellationScopeImpl rootScope() {
        return rootScope;
    }

    /** The cancellation scope of the calling workflow thread. */
    CancellationScopeImpl currentScope() {
        WorkflowThread t = WorkflowThread.currentOrNull();
        return t != null && t.scope() != null ? t.scope() : rootScope;
    }

    // ---- the API behind io.reprise.workflow.Workflow ----

    /** The options an activity of {@code activityType} runs with, given the stub's explicit options (may be null). */
    ActivityOptions activityOptions(String activityType, ActivityOptions explicit) {
        return definition.options().resolve(activityType, explicit);
    }

    Promise<Payload> scheduleActivity(String activityType, ActivityOptions explicit, Object[] args) {
        ActivityOptions options = activityOptions(activityType, explicit);
        options.validate(activityType);
        List<Payload> input = converter.toPayloads(args);
        checkPayloadSizes(input, "argument of activity \"" + activityType + "\"");
        String activityId = options.getActivityId() != null ? options.getActivityId() : String.valueOf(++activitySeq);
        Command.ScheduleActivityTask command = new Command.ScheduleActivityTask(activityId, activityType,
                options.getTaskQueue() != null ? options.getTaskQueue() : taskQueue, input,
                options.getScheduleToCloseTimeout(), options.getScheduleToStartTimeout(),
                options.getStartToCloseTimeout(), options.getHeartbeatTimeout(),
                options.getRetryOptions() == null ? null : RetryPolicy.from(options.getRetryOptions()));
        ActivityStateMachine sm = new ActivityStateMachine(machines, command, options.getCancellationType(),
                callSiteIfNeeded(), failures);
        addCommand(sm);
        currentScope().onCancel(sm::cancel);
        return sm.result();
    }

    /** Asks for a local activity; the worker runs it after this task's code blocks (or replay resolves it). */
    Promise<Payload> scheduleLocalActivity(String activityType, io.reprise.activity.LocalActivityOptions options,
            List<Payload> input, int attempt, long scheduledTimeMillis) {
        machines.checkNotReadOnly("run local activity \"" + activityType + "\"");
        return localActivities.add(new LocalActivityRequest(namespace, execution,
                workflowTypeName != null ? workflowTypeName : definition.workflowType(), taskQueue,
                localActivities.nextActivityId(), activityType, input, options, attempt, scheduledTimeMillis));
    }

    void checkPayloads(List<Payload> payloads, String what) {
        checkPayloadSizes(payloads, what);
    }

    private void checkPayloadSizes(List<Payload> payloads, String what) {
        for (Payload p : payloads) {
            if (p.size() > maxPayloadSize) {
                throw new IllegalArgumentException("Payload of " + p.size() + " bytes (" + what
                        + ") exceeds the limit of " + maxPayloadSize + " bytes; pass a reference (an id, a URL) "
                        + "instead of the data");
            }
        }
    }

    Promise<Void> newTimer(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Timer duration must not be negative, got " + duration);
        }
        if (duration.isZero()) {
            PromiseImpl<Void> done = new PromiseImpl<>();
            done.complete(null);
            return done;
        }
        String timerId = String.valueOf(++timerSeq);
        TimerStateMachine sm = new TimerStateMachine(machines, new Command.StartTimer(timerId, duration),
                callSiteIfNeeded());
        machines.addTimer(timerId, sm);
        currentScope().onCancel(sm::cancel);
        return sm.fired();
    }

    boolean await(Duration timeout, String reason, BooleanSupplier condition) {
        if (condition.getAsBoolean()) {
            return true;
        }
        CancellationScopeImpl scope = currentScope();
        Promise<Void> timer = newTimer(timeout);
        WorkflowThread.current().yieldUntil(reason, () -> condition.getAsBoolean() || timer.isCompleted());
        if (!condition.getAsBoolean() && scope.isCancelRequested()) {
            throw new CanceledFailure(reason + " canceled" + (scope.reason() == null ? "" : ": " + scope.reason()));
        }
        return condition.getAsBoolean();
    }

    /** Blocks until {@code condition} holds; a canceled scope ends the wait with a {@link CanceledFailure}. */
    void await(String reason, BooleanSupplier condition) {
        CancellationScopeImpl scope = currentScope();
        WorkflowThread.current().yieldUntil(reason, () -> condition.getAsBoolean() || scope.isCancelRequested());
        if (!condition.getAsBoolean()) {
            throw new CanceledFailure(reason + " canceled" + (scope.reason() == null ? "" : ": " + scope.reason()));
        }
    }

    /** Whether a client asked to cancel this run. */
    boolean isCancelRequested() {
        return cancelRequested;
    }

    void newThread(Runnable body) {
        machines.checkNotReadOnly("start a workflow thread");
        runner.newThread(null, body);
    }

    long currentTimeMillis() {
        return currentTimeMillis;
    }

    boolean logInReplay() {
        return logInReplay;
    }

    boolean isReplaying() {
        return replaying;
    }

    Random random() {
        return random;
    }

    DataConverter converter() {
        return converter;
    }

    RecordedValues recordedValues() {
        return recordedValues;
    }

    /** Ends the run by continuing as a new one: unwinds the calling workflow method. */
    void continueAsNew(io.reprise.workflow.ContinueAsNewOptions options, Object[] args) {
        machines.checkNotReadOnly("continue as new");
        List<Payload> input = converter.toPayloads(args);
        checkPayloadSizes(input, "argument of continue-as-new");
        throw new ContinueAsNewRequest(new Command.ContinueAsNewWorkflowExecution(
                options == null ? null : options.getWorkflowType(), options == null ? null : options.getTaskQueue(),
                input, options == null ? null : options.getWorkflowRunTimeout(),
                options == null ? null : options.getWorkflowTaskTimeout()));
    }

    RunVisibility visibility() {
        return visibility;
    }

    int maxPayloadSize() {
        return maxPayloadSize;
    }

    WorkflowInfo info() {
        EventAttributes.WorkflowExecutionStarted s = startedAttributes;
        EventAttributes.ParentExecution parent = s == null ? null : s.parentExecution();
        return new WorkflowInfo(namespace, execution.workflowId(), execution.runId(), definition.workflowType(),
                taskQueue, startTimeMillis, s == null ? 1 : s.attempt(),
                s == null || s.firstExecutionRunId() == null ? execution.runId() : s.firstExecutionRunId(),
                s == null ? null : s.continuedExecutionRunId(), s == null ? null : s.cronSchedule(),
                parent == null ? null : parent.workflowId(), parent == null ? null : parent.runId());
    }

    String callSiteIfNeeded() {
        return reporter.callSiteIfNeeded(replaying);
    }

    /** Releases the run's threads. */
    public void close() {
        if (!closed) {
            closed = true;
            runner.close();
        }
    }
}
