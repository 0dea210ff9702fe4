package io.reprise.internal.worker;

import io.reprise.client.WorkflowClient;
import io.reprise.common.DataConverter;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.RandomIds;
import io.reprise.engine.api.WorkflowQuery;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.ApplicationFailure;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.internal.replay.LocalActivityOutcome;
import io.reprise.internal.replay.LocalActivityRequest;
import io.reprise.internal.replay.WorkflowDefinition;
import io.reprise.internal.replay.WorkflowInstances;
import io.reprise.internal.replay.WorkflowRun;
import io.reprise.internal.replay.WorkflowTaskFailure;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.WorkerMetricsListener.TaskKind;
import io.reprise.worker.WorkerMetricsListener;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkerStats;
import io.reprise.worker.WorkflowImplementationOptions;
import io.reprise.worker.WorkflowPanicPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Task Queue (and this worker's sticky queue) for Workflow Tasks and processes them
 * against cached runs, replaying the full history when a run is not cached.
 */
public final class WorkflowWorker {

    private static final Logger log = LoggerFactory.getLogger(WorkflowWorker.class);
    private static final Duration POLL_WAIT = Duration.ofSeconds(30);

    private final EngineService engine;
    private final String namespace;
    private final String taskQueue;
    private final String stickyQueue;
    private final String identity;
    private final DataConverter converter;
    private final ContextPropagation propagation;
    private final FailureConverter failures;
    private final WorkerOptions options;
    private final WorkflowCache cache;
    private final boolean logInReplay;
    private final int maxPayloadSize;
    private final Semaphore slots;
    private final Map<String, WorkflowDefinition> definitions = new TreeMap<>();
    /** The task queue's poller and the sticky queue's, sharing {@link #slots}. */
    private final List<Poller<WorkflowTask>> pollers;
    private volatile boolean stopping;
    private WorkerMetricsListener metrics = WorkerMetricsListener.NOOP;

    private final LocalActivityExecutor localActivities;

    public WorkflowWorker(WorkflowClient client, String taskQueue, String identity, WorkerOptions options,
            WorkflowCache cache, boolean logInReplay, LocalActivityExecutor localActivities) {
        this.localActivities = localActivities;
        this.engine = client.getEngineService();
        this.namespace = client.getOptions().getNamespace();
        this.converter = client.getOptions().getDataConverter();
        this.propagation = ContextPropagation.of(client.getOptions().getContextPropagators());
        this.failures = new FailureConverter(converter);
        this.taskQueue = taskQueue;
        this.identity = identity;
        this.options = options;
        this.cache = cache;
        this.logInReplay = logInReplay;
        this.maxPayloadSize = client.getOptions().getMaxPayloadSize();
        this.stickyQueue = identity + ":sticky:" + RandomIds.next();
        this.slots = new Semaphore(options.getMaxConcurrentWorkflowTaskExecutions());
        this.pollers = List.of(poller(taskQueue), poller(stickyQueue));
    }

    /**
     * Registers a workflow implementation class; a new instance is created per execution with
     * its no-argument constructor.
     */
    public void registerType(Class<?> implementation, WorkflowImplementationOptions implOptions,
            boolean allowReplace) {
        register(implementation, WorkflowInstances.noArgumentConstructor(implementation,
                "add one, or register a factory with Worker.registerWorkflowImplementationFactory"), implOptions,
                allowReplace);
    }

    /** Registers a factory producing one new implementation instance per execution. */
    public synchronized void register(Class<?> implementation, Supplier<?> factory,
            WorkflowImplementationOptions implOptions, boolean allowReplace) {
        List<WorkflowInterfaceMetadata> interfaces = implementation.isInterface()
                ? List.of(WorkflowInterfaceMetadata.forInterface(implementation))
                : WorkflowInterfaceMetadata.implementedBy(implementation);
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("Class " + implementation.getName()
                    + " implements no interface annotated with @WorkflowInterface; annotate the workflow interface "
                    + "it implements");
        }
        for (WorkflowInterfaceMetadata iface : interfaces) {
            WorkflowDefinition existing = definitions.get(iface.workflowType());
            if (existing != null && !allowReplace) {
                throw new IllegalArgumentException("Workflow type \"" + iface.workflowType()
                        + "\" is already registered on task queue \"" + taskQueue + "\" by "
                        + existing.implementationClass().getName() + "; register each type once, or allow replacing "
                        + "with WorkerOptions.setAllowDuplicateRegistrations(true)");
            }
        }
        for (WorkflowInterfaceMetadata iface : interfaces) {
            @SuppressWarnings("unchecked")
            Supplier<Object> f = (Supplier<Object>) factory;
            definitions.put(iface.workflowType(), new WorkflowDefinition(iface.workflowType(), iface, implementation, f,
                    implOptions));
        }
    }

    public synchronized boolean hasRegistrations() {
        return !definitions.isEmpty();
    }

    public synchronized List<String> registeredTypes() {
        return List.copyOf(definitions.keySet());
    }

    public String stickyQueue() {
        return stickyQueue;
    }

    /** Set before {@link #start()}. */
    public void setMetricsListener(WorkerMetricsListener metrics) {
        this.metrics = metrics;
    }

    /** Pollers, slots and last poll time of Workflow Tasks (the task queue's and the sticky queue's together). */
    public WorkerStats.Tasks stats() {
        int started = 0;
        int alive = 0;
        int inUse = 0;
        Instant lastPollTime = null;
        for (Poller<WorkflowTask> poller : pollers) {
            started += poller.threadsStarted();
            alive += poller.threadsAlive();
            inUse += poller.processing();
            Instant last = poller.lastPollTime();
            if (last != null && (lastPollTime == null || last.isAfter(lastPollTime))) {
                lastPollTime = last;
            }
        }
        return new WorkerStats.Tasks(started, alive, inUse,
                Math.max(0, options.getMaxConcurrentWorkflowTaskExecutions() - inUse), lastPollTime);
    }

    public void start() {
        pollers.forEach(Poller::start);
    }

    private Poller<WorkflowTask> poller(String queue) {
        return new Poller<>("workflow-poller[" + queue + "]", "workflow tasks on \"" + queue + "\"",
                options.getWorkflowTaskPollers(), options.getWorkflowTaskPollers(), slots, () -> poll(queue),
                t -> "workflow-task[" + t.execution().workflowId() + "]", this::handle, WorkerClock.SYSTEM,
                () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM,
                        ThreadLocalRandom.current()::nextDouble));
    }

    private Optional<WorkflowTask> poll(String queue) {
        Optional<WorkflowTask> task = engine.pollWorkflowTask(namespace, queue, identity, POLL_WAIT);
        metrics.polled(namespace, taskQueue, TaskKind.WORKFLOW, task.isPresent());
        return task;
    }

    /** Processes one workflow task end to end: replay, run code, report. */
    void handle(WorkflowTask task) {
        if (task.isQuery()) {
            handleQuery(task);
            return;
        }
        WorkflowRun run = cache.take(task.execution().runId());
        List<HistoryEvent> events = null;
        if (run != null && run.lastStartedEventId() == task.previousStartedEventId()) {
            events = continuation(task.history(), run.lastEventId());
        }
        boolean replaying = events == null && task.previousStartedEventId() > 0;
        if (events != null) {
            metrics.stickyCacheHit(namespace, taskQueue, task.workflowType());
        } else if (replaying) {
            metrics.stickyCacheMiss(namespace, taskQueue, task.workflowType());
        }
        if (events == null) {
            if (run != null) {
                run.close();
            }
            WorkflowDefinition definition;
            synchronized (this) {
                definition = definitions.get(task.workflowType());
            }
            if (definition == null) {
                fail(task, WorkflowTaskFailedCause.WORKFLOW_TYPE_NOT_REGISTERED, ApplicationFailure.newFailure(
                        "Workflow type \"" + task.workflowType() + "\" is not registered on task queue \"" + taskQueue
                                + "\"; registered types: " + registeredTypes(), "WorkflowTypeNotRegistered"));
                return;
            }
            run = new WorkflowRun(namespace, task.execution(), definition, converter, options.getPanicPolicy(),
                    options.getDeadlockDetectionTimeout(), maxPayloadSize, logInReplay, propagation);
            try {
                events = fullHistory(task);
            } catch (RuntimeException e) {
                run.close();
                log.warn("Fetching the history of {} failed", task.execution(), e);
                return;
            }
        }
        WorkflowTask current = task;
        List<Command> commands;
        long processingStart = System.nanoTime();
        try {
            commands = new ArrayList<>(run.processWorkflowTask(events));
            Duration latency = Duration.ofNanos(System.nanoTime() - processingStart);
            metrics.workflowTaskExecuted(namespace, taskQueue, task.workflowType(), latency);
            if (replaying) {
                metrics.workflowReplayed(namespace, taskQueue, task.workflowType(), latency);
            }
            if (run.hasPendingLocalActivities()) {
                current = runLocalActivities(current, run, commands);
            }
        } catch (NonDeterministicException e) {
            run.close();
            log.error("Non-determinism in {} ({}): {}", task.execution().workflowId(), task.workflowType(),
                    e.getMessage());
            fail(current, WorkflowTaskFailedCause.NON_DETERMINISTIC_ERROR, e);
            return;
        } catch (WorkflowTaskFailure e) {
            run.close();
            logTaskFailure(task, e.getCause());
            fail(current, e.failedCause(), e.getCause());
            return;
        } catch (StaleTask e) {
            run.close();
            return;
        } catch (RuntimeException e) {
            run.close();
            logTaskFailure(task, e);
            fail(current, WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE, e);
            return;
        }
        boolean closing = run.isClosed();
        List<String> signals = signalNames(run);
        if (!closing) {
            // Cached before the completion: the moment it commits, the engine may hand the next task
            // of this run to another poller (an activity that finished at once), which must find it.
            cache.put(run);
        }
        try {
            engine.completeWorkflowTask(current.taskToken(), commands, identity, closing ? null : stickyQueue, false,
                    signals);
        } catch (EngineException e) {
            cache.remove(run);
            run.close();
            if (e.getCode() == EngineException.Code.INVALID_ARGUMENT) {
                log.warn("The engine refused the commands of {}: {}", task.execution().workflowId(), e.getMessage());
                fail(current, WorkflowTaskFailedCause.BAD_COMMAND, e);
            } else if (e.getCode() != EngineException.Code.NOT_FOUND) {
                log.warn("Completing the workflow task of {} failed", task.execution().workflowId(), e);
            }
            return;
        } catch (RuntimeException e) {
            cache.remove(run);
            run.close();
            log.warn("Completing the workflow task of {} failed", task.execution().workflowId(), e);
            return;
        }
        if (closing) {
            run.close();
        }
    }

    /** The signal names the run's workflow type handles (so the engine refuses others). */
    private static List<String> signalNames(WorkflowRun run) {
        return run.definition().metadata().signalNames();
    }

    /**
     * Answers a query (or validates an update) from the cached run, or from a run rebuilt by
     * replaying the history up to its last completed workflow task. A cached run is taken out of
     * the cache meanwhile, so no workflow task changes it during the query.
     */
    private void handleQuery(WorkflowTask task) {
        WorkflowQuery query = task.query();
        WorkflowRun run = cache.take(task.execution().runId());
        boolean cached = run != null;
        MessageResult answer;
        try {
            if (run == null) {
                WorkflowDefinition definition;
                synchronized (this) {
                    definition = definitions.get(task.workflowType());
                }
                if (definition == null) {
                    respond(task, MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                            "Workflow type \"" + task.workflowType() + "\" is not registered on task queue \""
                                    + taskQueue + "\"; registered types: " + registeredTypes(),
                            "WorkflowTypeNotRegistered"))));
                    return;
                }
                run = new WorkflowRun(namespace, task.execution(), definition, converter,
                        WorkflowPanicPolicy.FAIL_WORKFLOW_TASK, options.getDeadlockDetectionTimeout(), maxPayloadSize,
                        logInReplay, propagation);
                run.replayForQuery(engine.getHistory(namespace, task.execution().workflowId(),
                        task.execution().runId()));
            }
            answer = query.kind() == WorkflowQuery.Kind.QUERY ? run.query(query.name(), query.input())
                    : run.validateUpdate(query.name(), query.input());
        } catch (RuntimeException e) {
            log.warn("Answering {} \"{}\" of {} failed", query.kind(), query.name(), task.execution(), e);
            answer = MessageResult.failure(failures.toFailure(e));
        } finally {
            if (run != null) {
                if (cached) {
                    cache.put(run);
                } else {
                    run.close();
                }
            }
        }
        respond(task, answer);
    }

    private void respond(WorkflowTask task, MessageResult answer) {
        try {
            engine.respondQueryTask(task.taskToken(), answer.result(), answer.failure(), identity);
        } catch (EngineException e) {
            if (e.getCode() != EngineException.Code.NOT_FOUND) {
                log.warn("Answering the query of {} failed", task.execution().workflowId(), e);
            }
        }
    }

    /** The task is gone (the engine answered NOT_FOUND, or the worker is stopping): drop the run, report nothing. */
    private static final class StaleTask extends RuntimeException {
        StaleTask() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs the run's pending local activities in this process, feeding each outcome back to the
     * run (which records its marker and continues the code), until none is pending. When they
     * outlast 80 % of the workflow task timeout, the task is completed with the commands so far and
     * a forced new task, which the engine returns at once (workflow task heartbeating); that task
     * is returned so the caller goes on with it. {@code commands} collects what is to be sent.
     *
     * @return the task to complete: {@code current}, or the last one a heartbeat started
     */
    private WorkflowTask runLocalActivities(WorkflowTask current, WorkflowRun run, List<Command> commands) {
        long heartbeatAt = System.nanoTime() + run.workflowTaskTimeout().toNanos() / 5 * 4;
        BlockingQueue<LocalActivityOutcome> outcomes = new LinkedBlockingQueue<>();
        int inFlight = 0;
        while (true) {
            for (LocalActivityRequest request : run.takeLocalActivityRequests()) {
                inFlight++;
                localActivities.start(request, outcomes::add);
            }
            if (inFlight == 0) {
                return current;
            }
            LocalActivityOutcome outcome;
            try {
                outcome = outcomes.poll(Math.max(0, heartbeatAt - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StaleTask();
            }
            if (stopping) {
                throw new StaleTask();
            }
            if (outcome != null) {
                inFlight--;
                commands.addAll(run.resolveLocalActivity(outcome));
                continue;
            }
            Optional<WorkflowTask> next;
            try {
                next = engine.completeWorkflowTask(current.taskToken(), List.copyOf(commands), identity, stickyQueue,
                        true, signalNames(run));
            } catch (EngineException e) {
                if (e.getCode() == EngineException.Code.INVALID_ARGUMENT) {
                    throw e;
                }
                log.warn("Heartbeating the workflow task of {} failed; dropping the task", current.execution(), e);
                throw new StaleTask();
            }
            commands.clear();
            if (next.isEmpty()) {
                // The commands closed the run.
                throw new StaleTask();
            }
            current = next.get();
            List<HistoryEvent> events = continuation(current.history(), run.lastEventId());
            if (events == null) {
                throw new IllegalStateException("the forced workflow task of " + current.execution()
                        + " does not continue at event " + (run.lastEventId() + 1));
            }
            commands.addAll(run.processWorkflowTask(events));
            heartbeatAt = System.nanoTime() + run.workflowTaskTimeout().toNanos() / 5 * 4;
        }
    }

    /** The events after {@code lastEventId}, or {@code null} when the task's history does not continue there. */
    private static List<HistoryEvent> continuation(List<HistoryEvent> history, long lastEventId) {
        if (history.isEmpty()) {
            return null;
        }
        long first = history.get(0).eventId();
        if (first > lastEventId + 1) {
            return null;
        }
        int from = (int) (lastEventId + 1 - first);
        return from >= history.size() ? null : history.subList(from, history.size());
    }

    /**
     * A failing workflow task is retried until the code is fixed and deployed, so its failure is
     * logged once per run, on the first attempt, in one line that ends with the innermost cause
     * (what a user needs, buried under framework wrappers otherwise); the stack trace and the
     * retries are at DEBUG.
     */
    private void logTaskFailure(WorkflowTask task, Throwable failure) {
        String outer = failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        String root = WorkflowInstances.describeRootCause(failure);
        String reason = outer.contains(root) ? outer : outer + " (cause: " + root + ")";
        if (task.attempt() <= 1) {
            log.warn("Workflow task of {} ({}) failed: {}. It is retried with backoff until the code is fixed; "
                    + "later attempts are logged at DEBUG", task.execution().workflowId(), task.workflowType(),
                    reason);
        }
        log.debug("Workflow task of {} ({}), attempt {}, failed", task.execution().workflowId(), task.workflowType(),
                task.attempt(), failure);
    }

    private List<HistoryEvent> fullHistory(WorkflowTask task) {
        List<HistoryEvent> history = task.hasFullHistory() ? task.history()
                : engine.getHistory(namespace, task.execution().workflowId(), task.execution().runId());
        int end = 0;
        while (end < history.size() && history.get(end).eventId() <= task.startedEventId()) {
            end++;
        }
        return history.subList(0, end);
    }

    private void fail(WorkflowTask task, WorkflowTaskFailedCause cause, Throwable error) {
        try {
            engine.failWorkflowTask(task.taskToken(), cause, failures.toFailure(error), identity);
        } catch (EngineException e) {
            if (e.getCode() != EngineException.Code.NOT_FOUND) {
                log.warn("Failing the workflow task of {} failed", task.execution().workflowId(), e);
            }
        }
    }

    public void stopPolling() {
        stopping = true;
        pollers.forEach(Poller::stop);
    }

    /** Waits for workflow tasks in progress to finish, at most {@code timeout}. */
    public boolean awaitInFlight(Duration timeout) throws InterruptedException {
        int max = options.getMaxConcurrentWorkflowTaskExecutions();
        if (slots.tryAcquire(max, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            slots.release(max);
            return true;
        }
        return false;
    }
}
