package io.reprise.internal.replay;

import io.reprise.activity.ActivityOptions;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.failure.CanceledFailure;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.mapping.RetryPolicies;
import io.reprise.workflow.ChildWorkflowOptions;
import io.reprise.workflow.ContinueAsNewOptions;
import io.reprise.workflow.Promise;
import io.reprise.workflow.WorkflowInfo;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A run as its workflow code sees it, behind the static {@code Workflow} API
 * ({@link WorkflowInternal}): calls that act become command state machines (activities, timers,
 * child workflows, signals to and cancellations of other executions, continue-as-new) or local
 * activity requests; calls that read get the run's deterministic values (workflow time, whether it
 * replays, the seeded random, the run's info, its cancellation scopes). The code finds its context
 * with {@link #current()}.
 */
final class WorkflowContext {

    /** The context of a run processing a task or answering a query, for calls made outside its workflow threads. */
    private static final ThreadLocal<WorkflowContext> BOUND = new ThreadLocal<>();

    private final String namespace;
    private final WorkflowExecution execution;
    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final int maxPayloadSize;
    private final boolean logInReplay;
    private final NonDeterminismReporter reporter;
    private final WorkflowStateMachines machines;
    private final LocalActivityTracker localActivities;
    private final DeterministicRunner runner;
    private final ContextPropagation propagation;
    /** The contexts of the run's start header, once asked; {@code null} before. */
    private List<Object> startContexts;
    private final CancellationScopeImpl rootScope = CancellationScopeImpl.root();
    /** Side effects, mutable side effects and versions: computed live, read from markers on replay. */
    private final RecordedValues recordedValues = new RecordedValues(this);
    /** Memo and search attributes as the code sees them. */
    private final RunVisibility visibility = new RunVisibility(this);
    private EventAttributes.WorkflowExecutionStarted started;
    private String taskQueue;
    private long startTimeMillis;
    private long currentTimeMillis;
    private boolean replaying = true;
    /** Whether a client asked to cancel the run (WorkflowExecutionCancelRequested was processed). */
    private boolean cancelRequested;
    private int activitySeq;
    private int timerSeq;
    private Random random;

    WorkflowContext(String namespace, WorkflowExecution execution, WorkflowDefinition definition,
            DataConverter converter, FailureConverter failures, int maxPayloadSize, boolean logInReplay,
            Duration deadlockTimeout, NonDeterminismReporter reporter, WorkflowStateMachines machines,
            LocalActivityTracker localActivities, ContextPropagation propagation) {
        this.namespace = namespace;
        this.propagation = propagation;
        this.execution = execution;
        this.definition = definition;
        this.converter = converter;
        this.failures = failures;
        this.maxPayloadSize = maxPayloadSize;
        this.logInReplay = logInReplay;
        this.reporter = reporter;
        this.machines = machines;
        this.localActivities = localActivities;
        this.runner = new DeterministicRunner(this, execution.workflowId() + "/" + execution.runId(), deadlockTimeout);
    }

    /**
     * The context of the calling workflow thread (or of the run processing a task on this thread).
     *
     * @throws IllegalStateException outside workflow code
     */
    static WorkflowContext current() {
        WorkflowThread t = WorkflowThread.currentOrNull();
        if (t != null) {
            return t.runner().context;
        }
        WorkflowContext c = BOUND.get();
        if (c != null) {
            return c;
        }
        throw new IllegalStateException("This method may only be called from workflow code, on a workflow thread "
                + "(a workflow method or a function started with Async)");
    }

    /** Makes this the current context of the calling thread, which processes a task of the run. */
    void bind() {
        BOUND.set(this);
    }

    static void unbind() {
        BOUND.remove();
    }

    DeterministicRunner runner() {
        return runner;
    }

    ContextPropagation propagation() {
        return propagation;
    }

    /** The propagated contexts of the run's start header (empty before WorkflowExecutionStarted). */
    List<Object> startContexts() {
        if (startContexts == null) {
            if (started == null) {
                return List.of();
            }
            startContexts = propagation.contextsOf(started.header());
        }
        return startContexts;
    }

    // ---- what the run tells the code ----

    void started(HistoryEvent event, EventAttributes.WorkflowExecutionStarted attributes) {
        started = attributes;
        taskQueue = attributes.taskQueue();
        startTimeMillis = event.eventTime().toEpochMilli();
        currentTimeMillis = startTimeMillis;
        visibility.started(attributes);
        random = new Random(seedOf(execution.runId()));
    }

    private static long seedOf(String runId) {
        try {
            UUID uuid = UUID.fromString(runId);
            return uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
        } catch (IllegalArgumentException e) {
            return runId.hashCode();
        }
    }

    /**
     * The code is about to run for the workflow task started at {@code events.get(index)}: workflow
     * time is that event's time, and a replayed task's recorded values are read ahead.
     */
    void workflowTaskStarted(List<HistoryEvent> events, int index, boolean replayingTask) {
        replaying = replayingTask;
        currentTimeMillis = events.get(index).eventTime().toEpochMilli();
        recordedValues.taskStarted(events, index, replayingTask);
    }

    /**
     * A client asked to cancel the run: the root scope is canceled, so the activities and timers it
     * holds are canceled and blocked code sees a {@link CanceledFailure}; detached scopes go on.
     */
    void cancelRequested(String reason) {
        cancelRequested = true;
        rootScope.cancel(reason);
    }

    /** Whether a client asked to cancel this run. */
    boolean isCancelRequested() {
        return cancelRequested;
    }

    /**
     * Runs a query method or an update validator: on this run, refusing anything that would change it.
     *
     * @return its result, or the failure it threw
     */
    MessageResult readOnly(Supplier<Payload> call) {
        bind();
        machines.readOnly(true);
        try {
            return MessageResult.success(call.get());
        } catch (RuntimeException e) {
            return MessageResult.failure(failures.toFailure(e));
        } finally {
            machines.readOnly(false);
            unbind();
        }
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
        checkPayloads(input, "argument of activity \"" + activityType + "\"");
        String activityId = options.getActivityId() != null ? options.getActivityId() : String.valueOf(++activitySeq);
        Command.ScheduleActivityTask command = new Command.ScheduleActivityTask(activityId, activityType,
                options.getTaskQueue() != null ? options.getTaskQueue() : taskQueue, input,
                options.getScheduleToCloseTimeout(), options.getScheduleToStartTimeout(),
                options.getStartToCloseTimeout(), options.getHeartbeatTimeout(),
                RetryPolicies.toPolicy(options.getRetryOptions()), propagation.currentHeader());
        ActivityStateMachine sm = new ActivityStateMachine(machines, command, options.getCancellationType(),
                callSiteIfNeeded(), failures);
        machines.add(sm);
        currentScope().onCancel(sm::cancel);
        return sm.result();
    }

    /** Asks for a local activity; the worker runs it after this task's code blocks (or replay resolves it). */
    Promise<Payload> scheduleLocalActivity(String activityType, LocalActivityOptions options, List<Payload> input,
            int attempt, long scheduledTimeMillis) {
        machines.checkNotReadOnly("run local activity \"" + activityType + "\"");
        String workflowType = started != null && started.workflowType() != null ? started.workflowType()
                : definition.workflowType();
        return localActivities.add(new LocalActivityRequest(namespace, execution, workflowType, taskQueue,
                localActivities.nextActivityId(), activityType, input, options, attempt, scheduledTimeMillis,
                propagation.currentHeader()));
    }

    /** @throws IllegalArgumentException when a payload is over the size limit ({@code what} it is) */
    void checkPayloads(List<Payload> payloads, String what) {
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
        machines.add(sm);
        currentScope().onCancel(sm::cancel);
        return sm.fired();
    }

    /** Blocks until {@code condition} holds or {@code timeout} of workflow time passed; false on timeout. */
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

    /** Starts a child workflow (the command is sent with this task); its scope's cancellation cancels it. */
    ChildWorkflowStateMachine startChild(String workflowType, ChildWorkflowOptions options, Object[] args) {
        ChildWorkflowOptions o = options == null ? ChildWorkflowOptions.getDefaultInstance() : options;
        List<Payload> input = converter.toPayloads(args);
        checkPayloads(input, "argument of child workflow \"" + workflowType + "\"");
        String workflowId = o.getWorkflowId() != null ? o.getWorkflowId()
                : new UUID(random.nextLong(), random.nextLong()).toString();
        Command.StartChildWorkflowExecution command = new Command.StartChildWorkflowExecution(workflowId, workflowType,
                o.getTaskQueue() != null ? o.getTaskQueue() : taskQueue, input, o.getWorkflowExecutionTimeout(),
                o.getWorkflowRunTimeout(), o.getWorkflowTaskTimeout(),
                RetryPolicies.toPolicy(o.getRetryOptions()), o.getCronSchedule(),
                o.getParentClosePolicy(), o.getWorkflowIdReusePolicy(), propagation.currentHeader());
        ChildWorkflowStateMachine sm = new ChildWorkflowStateMachine(machines, this, command, callSiteIfNeeded(),
                failures);
        machines.add(sm);
        currentScope().onCancel(sm::cancel);
        return sm;
    }

    /** Signals another execution; the promise completes once the signal is recorded there. */
    Promise<Void> signalExternal(String workflowId, String runId, String signalName, Object[] args) {
        List<Payload> input = converter.toPayloads(args);
        checkPayloads(input, "argument of signal \"" + signalName + "\"");
        ExternalWorkflowStateMachine sm = new ExternalWorkflowStateMachine(
                new Command.SignalExternalWorkflowExecution(workflowId, runId, signalName, input), callSiteIfNeeded());
        machines.add(sm);
        return sm.delivered();
    }

    /** Asks another execution (or a child) to cancel; the promise completes once the request is recorded. */
    Promise<Void> requestCancelExternal(String workflowId, String runId) {
        ExternalWorkflowStateMachine sm = new ExternalWorkflowStateMachine(
                new Command.RequestCancelExternalWorkflowExecution(workflowId, runId), callSiteIfNeeded());
        machines.add(sm);
        return sm.delivered();
    }

    /** Ends the run by continuing as a new one: unwinds the calling workflow method. */
    void continueAsNew(ContinueAsNewOptions options, Object[] args) {
        machines.checkNotReadOnly("continue as new");
        List<Payload> input = converter.toPayloads(args);
        checkPayloads(input, "argument of continue-as-new");
        throw new ContinueAsNewRequest(new Command.ContinueAsNewWorkflowExecution(
                options == null ? null : options.getWorkflowType(), options == null ? null : options.getTaskQueue(),
                input, options == null ? null : options.getWorkflowRunTimeout(),
                options == null ? null : options.getWorkflowTaskTimeout(), propagation.currentHeader()));
    }

    /** Adds a command the code produced (a marker, an upsert, an update's completion). */
    void addCommand(CommandStateMachine sm) {
        machines.add(sm);
    }

    void newThread(Runnable body) {
        machines.checkNotReadOnly("start a workflow thread");
        runner.newThread(null, body);
    }

    CancellationScopeImpl rootScope() {
        return rootScope;
    }

    /** The cancellation scope of the calling workflow thread. */
    CancellationScopeImpl currentScope() {
        WorkflowThread t = WorkflowThread.currentOrNull();
        return t != null && t.scope() != null ? t.scope() : rootScope;
    }

    long currentTimeMillis() {
        return currentTimeMillis;
    }

    boolean isReplaying() {
        return replaying;
    }

    boolean logInReplay() {
        return logInReplay;
    }

    Random random() {
        return random;
    }

    DataConverter converter() {
        return converter;
    }

    int maxPayloadSize() {
        return maxPayloadSize;
    }

    RecordedValues recordedValues() {
        return recordedValues;
    }

    RunVisibility visibility() {
        return visibility;
    }

    WorkflowInfo info() {
        EventAttributes.WorkflowExecutionStarted s = started;
        EventAttributes.ParentExecution parent = s == null ? null : s.parentExecution();
        return new WorkflowInfo(namespace, execution.workflowId(), execution.runId(), definition.workflowType(),
                taskQueue, startTimeMillis, s == null ? 1 : s.attempt(),
                s == null || s.firstExecutionRunId() == null ? execution.runId() : s.firstExecutionRunId(),
                s == null ? null : s.continuedExecutionRunId(), s == null ? null : s.cronSchedule(),
                parent == null ? null : parent.workflowId(), parent == null ? null : parent.runId());
    }

    /** Where the code is producing a command, when a non-determinism message may need it. */
    String callSiteIfNeeded() {
        return reporter.callSiteIfNeeded();
    }
}
