package io.reprise.engine;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityHeartbeatResponse;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowQuery;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.engine.history.AcceptUpdateProcessor;
import io.reprise.engine.history.ActivityAttemptFailedProcessor;
import io.reprise.engine.history.ActivityHeartbeatProcessor;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.ActivityTaskCanceledProcessor;
import io.reprise.engine.history.ActivityTaskCompletedProcessor;
import io.reprise.engine.history.ActivityTaskStartedProcessor;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.HistorySettings;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.RequestCancelWorkflowProcessor;
import io.reprise.engine.history.SignalWorkflowProcessor;
import io.reprise.engine.history.TerminateWorkflowProcessor;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.history.WorkflowTaskCompletedProcessor;
import io.reprise.engine.history.WorkflowTaskFailedProcessor;
import io.reprise.engine.history.WorkflowTaskStartedProcessor;
import io.reprise.engine.history.WorkflowTaskState;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.timer.EngineClock;
import io.reprise.engine.timer.TimerService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process engine: event-sourced runs ({@code history}), task queues with long polls
 * ({@code matching}) and durable timers ({@code timer}) on an {@link ExecutionStore}.
 *
 * <p>Every change of a run is one transition: validated, appended as events, committed to the
 * store in one transaction, and only then acted on (tasks dispatched, timers armed, waiters
 * woken). A call returns after its commit, so no acknowledged change is lost.
 *
 * <p>Building an engine recovers the store's open runs: their scheduled tasks are dispatched
 * again (on the normal queues: sticky queues died with the previous process), their timers are
 * armed, and with {@link EngineOptions#isExpireInFlightTasksOnStart()} the tasks started by the
 * previous process's workers time out at once.
 *
 * <pre>{@code
 * Engine engine = Engine.builder().store(store).build();
 * }</pre>
 */
public final class Engine implements EngineService {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);

    private final ExecutionStore store;
    private final EngineClock clock;
    private final EngineOptions options;
    private final HistorySettings settings;
    private final MatchingService matching = new MatchingService();
    private final TimerService<ExecutionKey> timers;
    private final ExecutionRegistry registry;
    private final Transitions transitions;
    private final WorkflowStarter starter;
    private final OutboundDriver outbound;
    private final NamespaceRegistry namespaces;
    private final RetentionSweeper retention;
    /** The namespaces the builder declared: registered, or updated, at start. */
    private final List<NamespaceConfig> declaredNamespaces;
    /** Query tasks whose callers wait for an answer, by id. */
    private final Map<Long, QueryTaskRef> queries = new ConcurrentHashMap<>();
    private final AtomicLong queryIds = new AtomicLong();
    private volatile boolean closed;

    private Engine(Builder builder) {
        this.store = builder.store;
        this.clock = builder.clock;
        this.options = builder.options;
        this.settings = new HistorySettings(options.getMaxPayloadSize(), options.getStickyScheduleToStartTimeout(),
                options.getIdentity());
        this.registry = new ExecutionRegistry(store, options.getClosedExecutionCacheSize());
        this.timers = new TimerService<>(clock, this::onTimerDue, "reprise-engine-timers");
        this.transitions = new Transitions(store, clock, settings, matching, timers, registry);
        this.starter = new WorkflowStarter(store, registry, transitions, settings);
        this.transitions.metrics(builder.metrics);
        this.outbound = new OutboundDriver(this, transitions, registry);
        this.transitions.outbound(outbound);
        this.namespaces = new NamespaceRegistry(store, clock);
        this.retention = new RetentionSweeper(store, namespaces, registry, clock);
        this.transitions.closeListener(retention::runClosed);
        this.declaredNamespaces = List.copyOf(builder.namespaces);
    }

    public static Builder builder() {
        return new Builder();
    }

    public EngineOptions options() {
        return options;
    }

    public EngineClock clock() {
        return clock;
    }

    /** For tests of this package: the task queues. */
    MatchingService matching() {
        return matching;
    }

    // ---------------------------------------------------------------- executions

    @Override
    public WorkflowExecution startWorkflow(StartWorkflowRequest request) {
        ensureOpen();
        Duration taskTimeout = RequestValidation.validateStart(request, options);
        namespaces.require(request.namespace());
        return starter.start(request, taskTimeout);
    }

    @Override
    public ExecutionDescription describeWorkflow(String namespace, String workflowId, String runId) {
        ensureOpen();
        RunEntry run = findRun(namespace, workflowId, runId);
        return transitions.locked(run, state -> {
            List<PendingActivity> pending = new ArrayList<>(state.activities().size());
            Instant now = transitions.now();
            for (ActivityState a : state.activities()) {
                boolean started = a.status() == ActivityState.Status.STARTED;
                Instant nextAttempt = !started && a.attemptScheduledTime().isAfter(now) ? a.attemptScheduledTime() : null;
                pending.add(new PendingActivity(a.activityId(), a.activityType(), a.scheduledEventId(),
                        a.status().name(), a.attempt(), a.scheduledTime(), a.lastStartedTime(), a.lastFailure(),
                        a.lastWorkerIdentity(), nextAttempt, a.lastHeartbeatDetails(), a.lastHeartbeatTime(),
                        a.isCancelRequested()));
            }
            return new ExecutionDescription(namespace, state.execution(), state.workflowType(), state.taskQueue(),
                    state.status(), state.startTime(), state.closeTime(), state.lastEventId(), pending,
                    state.visibility().memo(), state.visibility().searchAttributes());
        });
    }

    @Override
    public List<HistoryEvent> getHistory(String namespace, String workflowId, String runId) {
        ensureOpen();
        RunEntry run = findRun(namespace, workflowId, runId);
        // The started workflow task's events may still wait for the run's next commit: take them
        // first, then read the store, and add those the read did not find.
        List<HistoryEvent> unpersisted = transitions.locked(run, MutableState::unpersistedTaskEvents);
        List<HistoryEvent> stored = storeCall(run.key, () -> EventCodec.read(store, run.key, 1, Long.MAX_VALUE));
        long lastStored = stored.isEmpty() ? 0 : stored.get(stored.size() - 1).eventId();
        List<HistoryEvent> missing = unpersisted.stream().filter(event -> event.eventId() > lastStored).toList();
        if (missing.isEmpty()) {
            return stored;
        }
        List<HistoryEvent> all = new ArrayList<>(stored.size() + missing.size());
        all.addAll(stored);
        all.addAll(missing);
        return all;
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        ensureOpen();
        if (request != null) {
            requireNamespace(request.namespace(), "pass the namespace to list");
        }
        return ExecutionListing.list(store, request);
    }

    @Override
    public long countExecutions(String namespace, String query) {
        ensureOpen();
        return ExecutionListing.count(store, namespace, query);
    }

    @Override
    public Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait) {
        ensureOpen();
        RunEntry run = findRun(namespace, workflowId, runId);
        WorkflowOutcome outcome = run.outcome();
        if (outcome == null) {
            // A run loaded from the store already closed has no outcome recorded yet.
            outcome = transitions.locked(run, state -> state.isRunning() ? null : transitions.outcome(state));
        }
        if (outcome != null) {
            return Optional.of(outcome);
        }
        try {
            return Optional.ofNullable(run.awaitOutcome(System.nanoTime() + nanos(wait)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- workflow tasks

    @Override
    public Optional<WorkflowTask> pollWorkflowTask(String namespace, String taskQueue, String identity,
            Duration wait) {
        ensureOpen();
        TaskQueueId queue = queueId(namespace, taskQueue, TaskQueueKind.WORKFLOW);
        return matching.poll(queue, wait, task -> startWorkflowTask(task, identity));
    }

    /** What the started task needs from the run, taken under its lock. */
    private record StartedWorkflowTask(MutableState state, TaskToken token, int attempt, long previousStartedEventId,
            List<HistoryEvent> cachedHistory, List<HistoryEvent> taskEvents) {
    }

    /** Starts a workflow task a poller took, or returns {@code null} if it is no longer current. */
    private WorkflowTask startWorkflowTask(QueuedTask queued, String identity) {
        if (queued instanceof QueryTaskRef query) {
            return startQueryTask(query);
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
            List<HistoryEvent> stored = storeCall(run.key, () -> EventCodec.read(store, run.key, from,
                    firstOfTask - 1));
            history = new ArrayList<>(stored.size() + started.taskEvents.size());
            history.addAll(stored);
            history.addAll(started.taskEvents);
        }
        return new WorkflowTask(started.token.encode(), state.key().namespace(), state.execution(),
                state.workflowType(), started.previousStartedEventId, startedEventId, started.attempt, history);
    }

    @Override
    public Optional<WorkflowTask> completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask, List<String> signalNames) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.WORKFLOW_TASK);
        RequestValidation.check(Checks.optionalName(stickyTaskQueue, "Sticky task queue"));
        if (signalNames != null) {
            for (String name : signalNames) {
                RequestValidation.requireName(name, "Signal name", "declare the names of the workflow's signal methods");
            }
        }
        RunEntry run = findForToken(token);
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
    @Override
    public void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.WORKFLOW_TASK);
        if (cause == null) {
            throw EngineException.invalidArgument("The cause of a workflow task failure is required");
        }
        RequestValidation.check(Checks.failure(failure, "failure", options.getMaxPayloadSize()));
        RunEntry run = findForToken(token);
        transitions.locked(run, state -> {
            requireCurrentWorkflowTask(state, token);
            TransitionContext tx = transitions.begin(state);
            WorkflowTaskFailedProcessor.fail(tx, cause, failure, identity);
            transitions.commit(run, tx);
            return null;
        });
    }

    // ---------------------------------------------------------------- activity tasks

    @Override
    public Optional<ActivityTask> pollActivityTask(PollActivityTaskRequest request) {
        ensureOpen();
        TaskQueueId queue = queueId(request.namespace(), request.taskQueue(), TaskQueueKind.ACTIVITY);
        Double rate = request.maxTasksPerSecond();
        if (rate != null && (rate.isNaN() || rate < 0)) {
            throw EngineException.invalidArgument("maxTasksPerSecond must be positive (or null for no limit), got "
                    + rate);
        }
        return matching.poll(queue, request.pollWait(), rate, task -> startActivityTask(task, request.identity()));
    }

    /**
     * Starts the activity attempt a poller took, or returns {@code null} if it is no longer
     * current. The start is committed (as state; ActivityTaskStarted is written when the attempt
     * closes) before the worker gets the task, so a restarted engine knows the attempt ran and
     * counts it. Concurrent starts share one store transaction (group commit).
     */
    private ActivityTask startActivityTask(QueuedTask queued, String identity) {
        ActivityTaskRef ref = (ActivityTaskRef) queued;
        RunEntry run = registry.open(ref.key);
        if (run == null) {
            return null;
        }
        return transitions.locked(run, state -> {
            ActivityState activity = state.activity(ref.scheduledEventId);
            if (!state.isRunning() || activity == null || activity.queuedTask() != ref) {
                return null;
            }
            if (activity.input() == null) {
                activity.cacheInput(readActivityInput(state, activity));
            }
            TransitionContext tx = transitions.begin(state);
            ActivityTaskStartedProcessor.start(tx, activity, identity);
            transitions.commit(run, tx);
            return new ActivityTask(
                    TaskToken.activityTask(state.key(), activity.scheduledEventId(), activity.attempt()).encode(),
                    state.key().namespace(), state.execution(), state.workflowType(), activity.activityId(),
                    activity.activityType(), activity.taskQueue(), activity.input(), activity.scheduledTime(),
                    activity.attemptScheduledTime(), activity.startedTime(), activity.attempt(),
                    orZero(activity.scheduleToCloseTimeout()), orZero(activity.scheduleToStartTimeout()),
                    orZero(activity.startToCloseTimeout()), orZero(activity.heartbeatTimeout()),
                    activity.lastHeartbeatDetails());
        });
    }

    /** After a reload the input is no longer in memory: it is in the ActivityTaskScheduled event. */
    private List<Payload> readActivityInput(MutableState state, ActivityState activity) {
        long id = activity.scheduledEventId();
        List<HistoryEvent> events = storeCall(state.key(), () -> EventCodec.read(store, state.key(), id, id));
        if (events.isEmpty() || !(events.get(0).attributes()
                instanceof EventAttributes.ActivityTaskScheduled scheduled)) {
            throw new EngineException(EngineException.Code.INTERNAL, "Event " + id + " of execution " + state.key()
                    + " should be the ActivityTaskScheduled of activity \"" + activity.activityId() + "\"");
        }
        return scheduled.input();
    }

    @Override
    public void completeActivityTask(byte[] taskToken, Payload result, String identity) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RequestValidation.check(Checks.payload(result, "result", options.getMaxPayloadSize()));
        onActivity(findForToken(token), state -> requireCurrentAttempt(state, token, "result"),
                (tx, activity) -> ActivityTaskCompletedProcessor.complete(tx, activity, result, identity));
    }

    @Override
    public void failActivityTask(byte[] taskToken, Failure failure, String identity) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        checkFailure(failure);
        onActivity(findForToken(token), state -> requireCurrentAttempt(state, token, "failure"),
                (tx, activity) -> ActivityAttemptFailedProcessor.fail(tx, activity, failure, identity));
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeat(byte[] taskToken, List<Payload> details,
            String identity) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RequestValidation.check(Checks.payloads(details, "heartbeat details", options.getMaxPayloadSize()));
        return onActivityReturning(findForToken(token),
                state -> requireCurrentAttempt(state, token, "heartbeat"),
                (tx, activity) -> new ActivityHeartbeatResponse(ActivityHeartbeatProcessor.record(tx, activity, details)));
    }

    @Override
    public ActivityHeartbeatResponse recordActivityHeartbeatById(String namespace, String workflowId, String runId,
            String activityId, List<Payload> details, String identity) {
        ensureOpen();
        RequestValidation.check(Checks.payloads(details, "heartbeat details", options.getMaxPayloadSize()));
        return onActivityReturning(findRun(namespace, workflowId, runId),
                state -> requireOpenActivity(state, workflowId, activityId),
                (tx, activity) -> new ActivityHeartbeatResponse(ActivityHeartbeatProcessor.record(tx, activity, details)));
    }

    @Override
    public void completeActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Payload result, String identity) {
        ensureOpen();
        RequestValidation.check(Checks.payload(result, "result", options.getMaxPayloadSize()));
        onActivity(findRun(namespace, workflowId, runId), state -> requireOpenActivity(state, workflowId, activityId),
                (tx, activity) -> ActivityTaskCompletedProcessor.complete(tx, activity, result, identity));
    }

    @Override
    public void failActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Failure failure, String identity) {
        ensureOpen();
        checkFailure(failure);
        onActivity(findRun(namespace, workflowId, runId), state -> requireOpenActivity(state, workflowId, activityId),
                (tx, activity) -> ActivityAttemptFailedProcessor.fail(tx, activity, failure, identity));
    }

    @Override
    public void reportActivityTaskCanceled(byte[] taskToken, List<Payload> details, String identity) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.ACTIVITY_TASK);
        RequestValidation.check(Checks.payloads(details, "canceled details", options.getMaxPayloadSize()));
        onActivity(findForToken(token), state -> requireCurrentAttempt(state, token, "cancellation"),
                (tx, activity) -> ActivityTaskCanceledProcessor.cancel(tx, activity, details, identity));
    }

    @Override
    public void reportActivityTaskCanceledById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details, String identity) {
        ensureOpen();
        RequestValidation.check(Checks.payloads(details, "canceled details", options.getMaxPayloadSize()));
        onActivity(findRun(namespace, workflowId, runId), state -> requireOpenActivity(state, workflowId, activityId),
                (tx, activity) -> ActivityTaskCanceledProcessor.cancel(tx, activity, details, identity));
    }

    /** One transition of one activity: find the activity the request names, apply the processor, commit. */
    private void onActivity(RunEntry run, Function<MutableState, ActivityState> target,
            BiConsumer<TransitionContext, ActivityState> processor) {
        onActivityReturning(run, target, (tx, activity) -> {
            processor.accept(tx, activity);
            return null;
        });
    }

    private <R> R onActivityReturning(RunEntry run, Function<MutableState, ActivityState> target,
            BiFunction<TransitionContext, ActivityState, R> processor) {
        return transitions.locked(run, state -> {
            ActivityState activity = target.apply(state);
            TransitionContext tx = transitions.begin(state);
            R result = processor.apply(tx, activity);
            transitions.commit(run, tx);
            return result;
        });
    }

    private void checkFailure(Failure failure) {
        if (failure == null) {
            throw EngineException.invalidArgument("The failure of an activity task is required");
        }
        RequestValidation.check(Checks.failure(failure, "failure", options.getMaxPayloadSize()));
    }

    // ---------------------------------------------------------------- messages and lifecycle

    @Override
    public void signalWorkflow(String namespace, String workflowId, String runId, String signalName,
            List<Payload> input, String identity) {
        ensureOpen();
        RequestValidation.requireName(signalName, "Signal name", "pass the name of a @SignalMethod of the workflow");
        RequestValidation.check(Checks.payloads(input, "signal input", options.getMaxPayloadSize()));
        RunEntry run = findRun(namespace, workflowId, runId);
        transitions.locked(run, state -> {
            requireRunning(state, "signal it");
            String problem = SignalWorkflowProcessor.check(state, signalName);
            if (problem != null) {
                throw EngineException.invalidArgument(problem);
            }
            TransitionContext tx = transitions.begin(state);
            SignalWorkflowProcessor.signal(tx, signalName, input, identity);
            transitions.commit(run, tx);
            return null;
        });
    }

    /** Starts a child workflow for {@link OutboundDriver} (validated like a client's start). */
    WorkflowExecution startChild(StartWorkflowRequest request, EventAttributes.ParentExecution parent) {
        ensureOpen();
        Duration taskTimeout = RequestValidation.validateStart(request, options);
        return starter.start(request, taskTimeout, null, parent);
    }

    @Override
    public WorkflowExecution signalWithStartWorkflow(StartWorkflowRequest start, String signalName,
            List<Payload> signalInput) {
        ensureOpen();
        Duration taskTimeout = RequestValidation.validateStart(start, options);
        namespaces.require(start.namespace());
        RequestValidation.requireName(signalName, "Signal name", "pass the name of a @SignalMethod of the workflow");
        RequestValidation.check(Checks.payloads(signalInput, "signal input", options.getMaxPayloadSize()));
        return starter.start(start, taskTimeout,
                new EventAttributes.WorkflowExecutionSignaled(signalName, signalInput, start.identity()));
    }

    @Override
    public void requestCancelWorkflow(String namespace, String workflowId, String runId, String reason,
            String identity) {
        ensureOpen();
        RunEntry run = findRun(namespace, workflowId, runId);
        transitions.locked(run, state -> {
            requireRunning(state, "cancel it");
            TransitionContext tx = transitions.begin(state);
            RequestCancelWorkflowProcessor.request(tx, reason, identity);
            transitions.commit(run, tx);
            return null;
        });
    }

    @Override
    public void terminateWorkflow(String namespace, String workflowId, String runId, String reason,
            List<Payload> details, String identity) {
        ensureOpen();
        RequestValidation.check(Checks.payloads(details, "termination details", options.getMaxPayloadSize()));
        RunEntry run = findRun(namespace, workflowId, runId);
        transitions.locked(run, state -> {
            requireRunning(state, "terminate it");
            TransitionContext tx = transitions.begin(state);
            TerminateWorkflowProcessor.terminate(tx, reason, details, identity);
            transitions.commit(run, tx);
            return null;
        });
    }

    @Override
    public MessageResult queryWorkflow(QueryWorkflowRequest request) {
        ensureOpen();
        if (request == null) {
            throw EngineException.invalidArgument("A query request is required");
        }
        RequestValidation.requireName(request.queryType(), "Query type", "pass the name of a @QueryMethod of the "
                + "workflow");
        RequestValidation.check(Checks.payloads(request.input(), "query input", options.getMaxPayloadSize()));
        Duration timeout = request.timeout() == null ? QueryWorkflowRequest.DEFAULT_TIMEOUT : request.timeout();
        RunEntry run = findRun(request.namespace(), request.workflowId(), request.runId());
        return askWorker(run, new WorkflowQuery(WorkflowQuery.Kind.QUERY, request.queryType(), request.input()),
                System.nanoTime() + nanos(timeout), "query \"" + request.queryType() + "\"");
    }

    /**
     * Puts a query task on the run's task queue and waits for a worker's answer until
     * {@code deadlineNanos}. Closed runs are asked too: a worker replays their history.
     */
    private MessageResult askWorker(RunEntry run, WorkflowQuery query, long deadlineNanos, String what) {
        record Target(String taskQueue, String workflowType) {
        }
        Target target = transitions.locked(run, state -> new Target(state.taskQueue(), state.workflowType()));
        QueryTaskRef ref = new QueryTaskRef(queryIds.incrementAndGet(), run.key, target.workflowType(), query);
        queries.put(ref.id, ref);
        try {
            matching.dispatch(new TaskQueueId(run.key.namespace(), target.taskQueue(), TaskQueueKind.WORKFLOW), ref);
            return await(ref.answer, deadlineNanos, what + " of " + run.key, () -> "No worker answered the " + what
                    + " of " + run.key + " in time; is a worker polling task queue \"" + target.taskQueue()
                    + "\" with workflow type \"" + target.workflowType() + "\" registered?");
        } finally {
            ref.markStale();
            queries.remove(ref.id);
        }
    }

    /** Hands a query to the poller that took it, unless its caller stopped waiting. */
    private WorkflowTask startQueryTask(QueryTaskRef query) {
        if (query.answer.isDone() || !queries.containsKey(query.id)) {
            return null;
        }
        return new WorkflowTask(TaskToken.queryTask(query.key, query.id).encode(), query.key.namespace(),
                new WorkflowExecution(query.key.workflowId(), query.key.runId()), query.workflowType, 0, 0, 1,
                List.of(), query.query);
    }

    @Override
    public void respondQueryTask(byte[] taskToken, Payload result, Failure failure, String identity) {
        ensureOpen();
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.QUERY_TASK);
        if (failure != null) {
            RequestValidation.check(Checks.failure(failure, "failure", options.getMaxPayloadSize()));
        } else {
            RequestValidation.check(Checks.payload(result, "result", options.getMaxPayloadSize()));
        }
        QueryTaskRef query = queries.get(token.scheduledEventId());
        if (query == null || !query.key.equals(token.key())) {
            throw EngineException.notFound("Query task not found or no longer current: workflowId \""
                    + token.key().workflowId() + "\", runId \"" + token.key().runId() + "\" (its caller stopped "
                    + "waiting)");
        }
        query.answer.complete(failure != null ? MessageResult.failure(failure)
                : MessageResult.success(result));
    }

    @Override
    public MessageResult updateWorkflow(UpdateWorkflowRequest request) {
        ensureOpen();
        if (request == null) {
            throw EngineException.invalidArgument("An update request is required");
        }
        RequestValidation.requireName(request.updateName(), "Update name", "pass the name of an @UpdateMethod of "
                + "the workflow");
        RequestValidation.requireName(request.updateId(), "Update id", "pass a unique id for the update");
        RequestValidation.check(Checks.payloads(request.input(), "update input", options.getMaxPayloadSize()));
        Duration timeout = request.timeout() == null ? UpdateWorkflowRequest.DEFAULT_TIMEOUT : request.timeout();
        long deadline = System.nanoTime() + nanos(timeout);
        RunEntry run = findRun(request.namespace(), request.workflowId(), request.runId());
        String what = "update \"" + request.updateName() + "\" (id \"" + request.updateId() + "\")";
        CompletableFuture<MessageResult> result = run.existingUpdate(request.updateId());
        if (result == null) {
            transitions.locked(run, state -> requireRunning(state, "update it"));
            MessageResult validation = askWorker(run, new WorkflowQuery(WorkflowQuery.Kind.VALIDATE_UPDATE,
                    request.updateName(), request.input()), deadline, "validation of " + what);
            if (!validation.isSuccess()) {
                return MessageResult.rejection(validation.failure());
            }
            CompletableFuture<MessageResult> future = run.update(request.updateId());
            result = future;
            try {
                transitions.locked(run, state -> {
                    requireRunning(state, "update it");
                    if (state.isUpdatePending(request.updateId())) {
                        return null; // accepted by a concurrent request with the same id
                    }
                    TransitionContext tx = transitions.begin(state);
                    AcceptUpdateProcessor.accept(tx, request.updateId(), request.updateName(), request.input(),
                            request.identity());
                    transitions.commit(run, tx);
                    return null;
                });
            } catch (RuntimeException e) {
                run.forgetUpdate(request.updateId(), future);
                throw e;
            }
        }
        return await(result, deadline, what, () -> "The " + what + " of " + run.key + " did not complete within "
                + timeout + "; it was accepted and keeps running");
    }

    /**
     * Waits for a worker's answer (a query's, or an update's result) until {@code deadlineNanos}.
     *
     * @throws EngineException {@code DEADLINE_EXCEEDED} with {@code timeoutMessage} at the deadline; the
     *     failure the answer completed with, if an {@link EngineException}
     */
    private static MessageResult await(CompletableFuture<MessageResult> answer, long deadlineNanos, String what,
            Supplier<String> timeoutMessage) {
        try {
            return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new EngineException(EngineException.Code.DEADLINE_EXCEEDED, timeoutMessage.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Code.UNAVAILABLE, "Interrupted while waiting for the " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EngineException engineException) {
                throw new EngineException(engineException.getCode(), engineException.getMessage(), engineException);
            }
            throw new EngineException(EngineException.Code.INTERNAL, "The " + what + " failed: " + e.getCause(),
                    e.getCause());
        }
    }

    private static Void requireRunning(MutableState state, String action) {
        if (!state.isRunning()) {
            throw EngineException.notFound("Workflow execution " + state.key() + " is " + state.status()
                    + "; only a running execution accepts this (cannot " + action + ")");
        }
        return null;
    }

    // ---------------------------------------------------------------- namespaces

    @Override
    public NamespaceDescription registerNamespace(NamespaceConfig config) {
        ensureOpen();
        NamespaceDescription registered = namespaces.register(config);
        retention.retentionChanged(registered.name());
        return registered;
    }

    @Override
    public NamespaceDescription describeNamespace(String name) {
        ensureOpen();
        return namespaces.require(name);
    }

    @Override
    public List<NamespaceDescription> listNamespaces() {
        ensureOpen();
        return namespaces.list();
    }

    @Override
    public NamespaceDescription updateNamespace(NamespaceConfig config) {
        ensureOpen();
        NamespaceDescription updated = namespaces.update(config);
        retention.retentionChanged(updated.name());
        return updated;
    }

    // ---------------------------------------------------------------- time skipping

    /** The earliest time at which some timer of some run is due (what a time-skipping test kit skips to). */
    public Optional<Instant> nextTimerDueTime() {
        return timers.nextDueTime();
    }

    /**
     * Whether work is in progress that moving the clock forward could disturb. True while any of:
     * <ul>
     *   <li>a timer is due (at or before the clock's time) or being handled;</li>
     *   <li>a task waits on a queue that has a worker: a poller is waiting on that queue, or one
     *       polled it within the last second;</li>
     *   <li>a task is being handed to a poller (taken from its queue, not yet started);</li>
     *   <li>a workflow task or an activity attempt is started (a worker polled it and has not yet
     *       completed or failed it, and it has not timed out).</li>
     * </ul>
     * Tasks waiting on queues nobody polls do not count (no worker will take them; a test may
     * skip time to their Schedule-To-Start timeout).
     *
     * <p>Work moves between these stages on other threads while they are checked one by one; if
     * anything moved during the check, the answer is {@code true}, so a {@code false} is a
     * consistent view.
     */
    public boolean isBusy() {
        long before = changeCount();
        boolean busy = timers.nextDueTime().filter(due -> !due.isAfter(clock.now())).isPresent()
                || timers.isFiring()
                || matching.hasTaskForActiveWorker()
                || transitions.startedTasks() > 0
                || outbound.inFlight() > 0
                || retention.isBusy();
        return busy || changeCount() != before;
    }

    private long changeCount() {
        return timers.changeCount() + matching.changeCount() + transitions.startedTaskChanges()
                + outbound.changeCount()
                + retention.changeCount();
    }

    // ---------------------------------------------------------------- observability

    /** The tasks waiting in a Task Queue for a worker (a health check's backlog). */
    public TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue) {
        return new TaskQueueBacklog(
                matching.queuedTasks(new TaskQueueId(namespace, taskQueue, TaskQueueKind.WORKFLOW)),
                matching.queuedTasks(new TaskQueueId(namespace, taskQueue, TaskQueueKind.ACTIVITY)));
    }

    /**
     * Checks that the engine is open and its store answers (a health check): returns normally, or
     * throws {@link EngineException} {@code UNAVAILABLE} saying why.
     */
    public void pingStore() {
        ensureOpen();
        storeCall(null, () -> {
            store.ping();
            return null;
        });
    }

    // ---------------------------------------------------------------- lifecycle

    /** Stops the timer service and the pollers (pending polls return empty), then closes the store. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        matching.close();
        timers.close();
        retention.close();
        store.close();
    }

    private Engine recover() {
        namespaces.load(declaredNamespaces);
        new Recovery(store, registry, transitions, options.isExpireInFlightTasksOnStart()).run();
        timers.start();
        retention.start();
        return this;
    }

    private void onTimerDue(ExecutionKey key) {
        if (!closed) {
            transitions.fireDue(key);
        }
    }

    // ---------------------------------------------------------------- helpers

    private TaskQueueId queueId(String namespace, String taskQueue, TaskQueueKind kind) {
        requireNamespace(namespace, "pass the namespace to poll");
        RequestValidation.requireName(taskQueue, "Task queue", "pass the task queue to poll");
        return new TaskQueueId(namespace, taskQueue, kind);
    }

    private RunEntry findRun(String namespace, String workflowId, String runId) {
        requireNamespace(namespace, "pass the namespace of the workflow execution");
        RequestValidation.requireName(workflowId, "Workflow id", "pass the workflow id of the execution");
        RunEntry run = storeCall(null, () -> runId == null || runId.isBlank()
                ? registry.findLatest(namespace, workflowId)
                : registry.find(new ExecutionKey(namespace, workflowId, runId)));
        if (run == null) {
            throw EngineException.notFound("Workflow execution not found: namespace \"" + namespace
                    + "\", workflowId \"" + workflowId + "\""
                    + (runId == null || runId.isBlank() ? "" : ", runId \"" + runId + "\""));
        }
        return run;
    }

    /** A non-blank, registered namespace, or {@code INVALID_ARGUMENT} / {@code NOT_FOUND}. */
    private void requireNamespace(String namespace, String fix) {
        RequestValidation.requireName(namespace, "Namespace", fix);
        namespaces.require(namespace);
    }

    private RunEntry findForToken(TaskToken token) {
        RunEntry run = storeCall(token.key(), () -> registry.find(token.key()));
        if (run == null) {
            throw token.notFound("the workflow execution does not exist");
        }
        return run;
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

    /**
     * The attempt {@code token} names, if it is still current. Otherwise what the worker sent (its
     * {@code what}: result, failure, heartbeat, cancellation) comes too late: it is dropped, with a
     * DEBUG line saying why, and the caller gets {@code NOT_FOUND}.
     */
    private static ActivityState requireCurrentAttempt(MutableState state, TaskToken token, String what) {
        String stale = null;
        ActivityState activity = state.isRunning() ? state.activity(token.scheduledEventId()) : null;
        if (!state.isRunning()) {
            stale = "the workflow execution is " + state.status();
        } else if (activity == null) {
            stale = "the activity is closed (it completed, failed, timed out or was canceled)";
        } else if (activity.attempt() != token.attempt()) {
            stale = "attempt " + token.attempt() + " " + attemptOutcome(activity, token.attempt())
                    + "; the activity is at attempt " + activity.attempt() + " (activityId \""
                    + activity.activityId() + "\")";
        }
        if (stale != null) {
            log.debug("Dropped the late {} of activity attempt {} (scheduledEventId {}, workflowId \"{}\", runId"
                    + " \"{}\"{}): {}", what, token.attempt(), token.scheduledEventId(), token.key().workflowId(),
                    token.key().runId(), activity == null ? "" : ", activityId \"" + activity.activityId() + "\"",
                    stale);
            throw token.notFound(stale);
        }
        return activity;
    }

    /** How a past attempt ended, as far as the state still knows (only the previous attempt's failure is kept). */
    private static String attemptOutcome(ActivityState activity, int attempt) {
        Failure last = activity.lastFailure();
        if (attempt != activity.attempt() - 1 || last == null) {
            return "timed out or failed";
        }
        return last.kind() == FailureKind.TIMEOUT
                ? "timed out (" + last.timeoutType() + ": " + last.message() + ")" : "failed";
    }

    /** The open activity {@code activityId} of a running run, or {@code NOT_FOUND} naming both. */
    private static ActivityState requireOpenActivity(MutableState state, String workflowId, String activityId) {
        RequestValidation.requireName(activityId, "Activity id", "pass the id of the activity");
        String where = "activity \"" + activityId + "\" of workflowId \"" + workflowId + "\", runId \""
                + state.key().runId() + "\"";
        if (!state.isRunning()) {
            throw EngineException.notFound("Activity not found: " + where + " (the workflow execution is "
                    + state.status() + ")");
        }
        ActivityState activity = state.activityById(activityId);
        if (activity == null) {
            throw EngineException.notFound("Activity not found: " + where + " (no open activity has this id; it"
                    + " completed, failed, timed out or was canceled, or never existed)");
        }
        return activity;
    }

    /** Runs a store read, turning store failures into {@code UNAVAILABLE}. */
    private static <T> T storeCall(ExecutionKey key, Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to read"
                    + (key == null ? "" : " execution " + key) + ": " + e.getMessage() + "; retry the request", e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The engine is closed; build a new one");
        }
    }

    private static Duration orZero(Duration duration) {
        return duration == null ? Duration.ZERO : duration;
    }

    private static long nanos(Duration wait) {
        if (wait == null || wait.isNegative()) {
            return 0;
        }
        try {
            return wait.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }

    /** Builds an engine and recovers the store's open runs. */
    public static final class Builder {
        private ExecutionStore store;
        private EngineClock clock = EngineClock.system();
        private EngineOptions options = EngineOptions.getDefaultInstance();
        private EngineMetricsListener metrics = EngineMetricsListener.NOOP;
        private final List<NamespaceConfig> namespaces = new ArrayList<>();

        private Builder() {
        }

        /**
         * A namespace the engine has once built: registered if the store does not have it, otherwise
         * updated with the config's non-null fields (so the retention given here applies before the
         * first sweep). Default: only {@value NamespaceConfig#DEFAULT_NAMESPACE}, which always exists.
         */
        public Builder namespace(NamespaceConfig namespace) {
            this.namespaces.add(Objects.requireNonNull(namespace, "namespace"));
            return this;
        }

        /** Default {@link EngineMetricsListener#NOOP}: nothing recorded. */
        public Builder metricsListener(EngineMetricsListener metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /** Required: where runs and their histories are kept. */
        public Builder store(ExecutionStore store) {
            this.store = store;
            return this;
        }

        /** Default: the system clock. Tests pass a {@code ManualClock}. */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default: {@link EngineOptions#getDefaultInstance()}. */
        public Builder options(EngineOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /**
         * Builds the engine and recovers the store's open runs before returning.
         *
         * @throws IllegalStateException when no store was given
         * @throws EngineException {@code UNAVAILABLE} when the store cannot be read
         */
        public Engine build() {
            if (store == null) {
                throw new IllegalStateException("Engine.builder().store(...) is required: pass an ExecutionStore,"
                        + " e.g. a JdbcExecutionStore");
            }
            Engine engine = new Engine(this);
            try {
                return engine.recover();
            } catch (RuntimeException e) {
                engine.matching.close();
                engine.timers.close();
                engine.retention.close();
                throw e;
            }
        }
    }
}
