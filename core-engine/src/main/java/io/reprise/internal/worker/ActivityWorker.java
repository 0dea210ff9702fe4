package io.reprise.internal.worker;

import io.reprise.activity.ActivityCanceledException;
import io.reprise.activity.ActivityInfo;
import io.reprise.client.WorkflowClient;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.failure.ApplicationFailure;
import io.reprise.internal.context.ContextPropagation;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.worker.WorkerMetricsListener;
import io.reprise.worker.WorkerMetricsListener.TaskKind;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkerStats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Task Queue for Activity Tasks and runs them on virtual threads, at most
 * {@code maxConcurrentActivityExecutions} at a time (a {@link Poller}), no faster than
 * {@code maxActivitiesPerSecond} when set (an {@link ActivityStartLimiter}).
 */
public final class ActivityWorker {

    /** Failure type reported when a polled activity type has no implementation here. */
    public static final String NOT_REGISTERED_TYPE = "ActivityTypeNotRegistered";

    private static final Logger log = LoggerFactory.getLogger(ActivityWorker.class);
    private static final Duration POLL_WAIT = Duration.ofSeconds(30);

    private final EngineService engine;
    private final String namespace;
    private final String taskQueue;
    private final String identity;
    private final DataConverter converter;
    private final ContextPropagation propagation;
    private final FailureConverter failures;
    private final int maxPayloadSize;
    private final int maxConcurrent;
    private final Semaphore slots;
    private final ActivityImplementations implementations;
    private final WorkerOptions options;
    /** {@code null} without a worker rate limit. */
    private final ActivityStartLimiter startLimiter;
    private final Double taskQueueRate;
    private final WorkerClock clock;
    private final Poller<ActivityTask> poller;
    private WorkerMetricsListener metrics = WorkerMetricsListener.NOOP;

    public ActivityWorker(WorkflowClient client, String taskQueue, String identity, WorkerOptions options) {
        this(client, taskQueue, identity, options, WorkerClock.SYSTEM);
    }

    ActivityWorker(WorkflowClient client, String taskQueue, String identity, WorkerOptions options,
            WorkerClock clock) {
        this.engine = client.getEngineService();
        this.namespace = client.getOptions().getNamespace();
        this.converter = client.getOptions().getDataConverter();
        this.propagation = ContextPropagation.of(client.getOptions().getContextPropagators());
        this.failures = new FailureConverter(converter);
        this.maxPayloadSize = client.getOptions().getMaxPayloadSize();
        this.taskQueue = taskQueue;
        this.identity = identity;
        this.options = options;
        this.clock = clock;
        this.implementations = new ActivityImplementations(taskQueue);
        this.maxConcurrent = options.getMaxConcurrentActivityExecutions();
        this.slots = new Semaphore(maxConcurrent);
        this.startLimiter = options.getMaxActivitiesPerSecond() > 0
                ? new ActivityStartLimiter(options.getMaxActivitiesPerSecond(), clock) : null;
        this.taskQueueRate = options.getMaxTaskQueueActivitiesPerSecond() > 0
                ? options.getMaxTaskQueueActivitiesPerSecond() : null;
        int pollers = options.getActivityTaskPollers();
        // While polls bring tasks, up to one poll per slot (see Poller): a poll that takes a queued
        // task waits for the commit of the attempt's start, and with a fixed 8 pollers on 2 cores
        // that wait, not the engine, bounded throughput (docs/benchmarks.md, session 4). Under a rate
        // limit, tasks wait for their turn, not for a poller: more pollers gain nothing.
        int maxPollers = startLimiter != null || taskQueueRate != null ? pollers : Math.max(pollers, maxConcurrent);
        this.poller = new Poller<>("activity-poller[" + taskQueue + "]", "activity tasks on \"" + taskQueue + "\"",
                pollers, maxPollers, slots, this::poll, t -> "activity[" + t.activityType() + "]",
                this::execute, clock, () -> new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM,
                        ThreadLocalRandom.current()::nextDouble));
    }

    /** The implementations registered here; local activities use them too. */
    public ActivityImplementations implementations() {
        return implementations;
    }

    /**
     * Registers every activity of every {@code @ActivityInterface} {@code implementation} implements.
     *
     * @throws IllegalArgumentException when it implements none, or a type is already registered and replacing is not allowed
     */
    public void register(Object implementation, boolean allowReplace) {
        implementations.register(implementation, allowReplace);
    }

    public boolean hasRegistrations() {
        return !implementations.isEmpty();
    }

    public List<String> registeredTypes() {
        return implementations.types();
    }

    /** Set before {@link #start()}. */
    public void setMetricsListener(WorkerMetricsListener metrics) {
        this.metrics = metrics;
    }

    /** Pollers, slots and last poll time of Activity Tasks. */
    public WorkerStats.Tasks stats() {
        int inUse = poller.processing();
        return new WorkerStats.Tasks(poller.threadsStarted(), poller.threadsAlive(), inUse,
                Math.max(0, maxConcurrent - inUse), poller.lastPollTime());
    }

    public void start() {
        poller.start();
    }

    /** One poll, taking turns with the other pollers when the worker has a rate limit. */
    private Optional<ActivityTask> poll() throws InterruptedException {
        PollActivityTaskRequest request = new PollActivityTaskRequest(namespace, taskQueue, identity, POLL_WAIT,
                taskQueueRate);
        Optional<ActivityTask> task = startLimiter == null ? engine.pollActivityTask(request)
                : startLimiter.poll(() -> engine.pollActivityTask(request));
        metrics.polled(namespace, taskQueue, TaskKind.ACTIVITY, task.isPresent());
        return task;
    }

    private void execute(ActivityTask task) {
        if (task.startedTime() != null && task.currentAttemptScheduledTime() != null) {
            metrics.activityStarted(namespace, taskQueue, task.activityType(),
                    Duration.between(task.currentAttemptScheduledTime(), task.startedTime()));
        }
        ActivityImplementation impl = implementations.get(task.activityType());
        if (impl == null) {
            fail(task, ApplicationFailure.newFailure(implementations.notRegistered("Activity", task.activityType()),
                    NOT_REGISTERED_TYPE));
            return;
        }
        String name = "\"" + task.activityId() + "\" (" + task.activityType() + ") of workflow \""
                + task.execution().workflowId() + "\"";
        HeartbeatThrottle throttle = new HeartbeatThrottle(HeartbeatThrottle.interval(task.heartbeatTimeout(),
                options.getDefaultHeartbeatThrottleInterval(), options.getMaxHeartbeatThrottleInterval()),
                clock, details -> engine.recordActivityHeartbeat(task.taskToken(), details, identity)
                        .cancelRequested(), name);
        ExecutionContextImpl context = new ExecutionContextImpl(info(task), converter, throttle);
        ActivityContextHolder.set(context);
        Payload result;
        long executionStart = System.nanoTime();
        try {
            propagation.makeCurrent(propagation.contextsOf(task.header()));
            Method method = impl.method().method();
            Object[] args = MethodArguments.decode(method, task.input(), converter);
            Object value;
            try {
                value = method.invoke(impl.target(), args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            result = converter.toPayload(value);
            if (result.size() > maxPayloadSize) {
                throw ApplicationFailure.newNonRetryableFailure("Result of activity \"" + task.activityType() + "\" is "
                        + result.size() + " bytes, over the payload limit of " + maxPayloadSize
                        + " bytes; return a reference (an id, a URL) instead of the data", "PayloadTooLarge");
            }
        } catch (ActivityCanceledException canceled) {
            deliver(task, () -> engine.reportActivityTaskCanceled(task.taskToken(), List.of(), identity));
            return;
        } catch (Throwable t) {
            metrics.activityExecuted(namespace, taskQueue, task.activityType(),
                    Duration.ofNanos(System.nanoTime() - executionStart));
            fail(task, t);
            return;
        } finally {
            clearContexts();
            ActivityContextHolder.clear();
            context.close();
        }
        if (context.isDoNotCompleteOnReturn()) {
            return;
        }
        metrics.activityExecuted(namespace, taskQueue, task.activityType(),
                Duration.ofNanos(System.nanoTime() - executionStart));
        deliver(task, () -> engine.completeActivityTask(task.taskToken(), result, identity));
    }

    /** The activity thread may run another activity next: it keeps no propagated context. */
    private void clearContexts() {
        try {
            propagation.clear();
        } catch (RuntimeException e) {
            log.warn("Clearing the propagated contexts after an activity failed", e);
        }
    }

    private void fail(ActivityTask task, Throwable error) {
        Failure failure = failures.toFailure(error);
        metrics.activityFailed(namespace, taskQueue, task.activityType(),
                failure.type() != null ? failure.type() : failure.kind().name());
        deliver(task, () -> engine.failActivityTask(task.taskToken(), failure, identity));
    }

    /** The longest wait between two tries of an outcome the engine could not take. */
    static final long MAX_DELIVERY_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    /**
     * Sends an attempt's outcome. When the engine answers UNAVAILABLE (its store lost a connection,
     * a database restarted) the outcome is sent again, with a growing wait, rather than dropped: a
     * dropped outcome would run the activity again once its Start-To-Close timeout passed. Sending it
     * twice is safe: an outcome the engine did record makes the next try NOT_FOUND. It gives up when
     * the worker stops polling or the attempt's Start-To-Close timeout has passed (the engine has
     * then moved on to the next attempt).
     */
    private void deliver(ActivityTask task, Runnable send) {
        long start = clock.nanoTime();
        Duration limit = task.startToCloseTimeout() != null ? task.startToCloseTimeout() : task.scheduleToCloseTimeout();
        long backoff = TimeUnit.MILLISECONDS.toNanos(100);
        while (true) {
            try {
                send.run();
                return;
            } catch (EngineException e) {
                boolean retry = e.getCode() == EngineException.Code.UNAVAILABLE && !poller.isStopped()
                        && (limit == null || clock.nanoTime() - start + backoff < limit.toNanos());
                if (!retry) {
                    report(task, e);
                    return;
                }
                log.debug("The engine could not take the outcome of activity {} of {} ({}); sending it again",
                        task.activityId(), task.execution().workflowId(), e.getMessage());
            }
            try {
                clock.sleep(backoff);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                log.warn("Reporting activity {} of {} was interrupted; the engine will time the attempt out",
                        task.activityId(), task.execution().workflowId());
                return;
            }
            backoff = Math.min(backoff * 2, MAX_DELIVERY_BACKOFF_NANOS);
        }
    }

    private void report(ActivityTask task, EngineException e) {
        if (e.getCode() == EngineException.Code.NOT_FOUND) {
            log.debug("Activity {} attempt {} of {} is no longer current: {}", task.activityId(), task.attempt(),
                    task.execution().workflowId(), e.getMessage());
        } else {
            log.warn("Reporting activity {} of {} failed", task.activityId(), task.execution().workflowId(), e);
        }
    }

    private ActivityInfo info(ActivityTask t) {
        return new ActivityInfo(t.namespace(), t.execution().workflowId(), t.execution().runId(), t.workflowType(),
                t.activityId(), t.activityType(), t.taskQueue(), t.attempt(), t.scheduledTime(),
                t.currentAttemptScheduledTime(), t.startedTime(), t.scheduleToCloseTimeout(),
                t.scheduleToStartTimeout(), t.startToCloseTimeout(), t.heartbeatTimeout(), t.taskToken(),
                t.heartbeatDetails(), false);
    }

    /** Stops polling at once. */
    public void stopPolling() {
        poller.stop();
    }

    /**
     * Waits until in-flight activities finish, at most {@code timeout}; then interrupts the rest.
     * Returns whether all finished in time.
     */
    public boolean awaitInFlight(Duration timeout) throws InterruptedException {
        if (slots.tryAcquire(maxConcurrent, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            slots.release(maxConcurrent);
            return true;
        }
        poller.interruptRunning();
        return false;
    }
}
