package io.reprise.internal.worker;

import io.reprise.activity.ActivityCanceledException;
import io.reprise.activity.ActivityInfo;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import io.reprise.internal.replay.LocalActivityOutcome;
import io.reprise.internal.replay.LocalActivityRequest;
import io.reprise.worker.WorkerOptions;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import io.reprise.client.WorkflowClient;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.Failure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.metadata.ActivityInterfaceMetadata;
import io.reprise.internal.metadata.ActivityMethodMetadata;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.worker.WorkerMetricsListener;
import io.reprise.worker.WorkerMetricsListener.TaskKind;
import io.reprise.worker.WorkerStats;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one Task Queue for Activity Tasks and runs them on virtual threads, at most
 * {@code maxConcurrent} at a time (a slot is taken before polling, so the worker never holds a
 * task it cannot run).
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
    private final FailureConverter failures;
    private final int pollers;
    private final Semaphore slots;
    private final int maxConcurrent;
    private final int maxPayloadSize;
    private final Map<String, ActivityImplementation> implementations = new TreeMap<>();
    private final Set<Thread> running = ConcurrentHashMap.newKeySet();
    private final List<Thread> pollerThreads = new CopyOnWriteArrayList<>();
    private final WorkerOptions options;
    private final Semaphore localSlots;
    /** Serializes polls when this worker has an activity rate limit, so starts are spaced exactly. */
    private final Object rateLock = new Object();
    private final long startIntervalNanos;
    private long nextStartNanos;
    private final Double taskQueueRate;
    private final ScheduledExecutorService heartbeatTimers;
    private volatile boolean stopping;
    // Observability: read by stats(), reported to the metrics listener.
    private volatile Instant lastPollTime;
    private WorkerMetricsListener metrics = WorkerMetricsListener.NOOP;

    public ActivityWorker(WorkflowClient client, String taskQueue, String identity, WorkerOptions options) {
        this.engine = client.getEngineService();
        this.namespace = client.getOptions().getNamespace();
        this.converter = client.getOptions().getDataConverter();
        this.failures = new FailureConverter(converter);
        this.maxPayloadSize = client.getOptions().getMaxPayloadSize();
        this.taskQueue = taskQueue;
        this.identity = identity;
        this.options = options;
        this.pollers = options.getActivityTaskPollers();
        this.maxConcurrent = options.getMaxConcurrentActivityExecutions();
        this.slots = new Semaphore(maxConcurrent);
        this.localSlots = new Semaphore(options.getMaxConcurrentLocalActivityExecutions());
        this.startIntervalNanos = options.getMaxActivitiesPerSecond() > 0
                ? (long) (1_000_000_000L / options.getMaxActivitiesPerSecond()) : 0;
        this.taskQueueRate = options.getMaxTaskQueueActivitiesPerSecond() > 0
                ? options.getMaxTaskQueueActivitiesPerSecond() : null;
        this.heartbeatTimers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "activity-heartbeats[" + taskQueue + "]");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Registers every activity of every {@code @ActivityInterface} {@code implementation} implements.
     *
     * @throws IllegalArgumentException when it implements none, or a type is already registered and replacing is not allowed
     */
    public synchronized void register(Object implementation, boolean allowReplace) {
        List<ActivityInterfaceMetadata> interfaces = ActivityInterfaceMetadata.implementedBy(implementation.getClass());
        if (interfaces.isEmpty()) {
            throw new IllegalArgumentException("Class " + implementation.getClass().getName()
                    + " implements no interface annotated with @ActivityInterface; annotate the activity interface "
                    + "it implements");
        }
        List<ActivityImplementation> found = new ArrayList<>();
        for (ActivityInterfaceMetadata iface : interfaces) {
            for (ActivityMethodMetadata m : iface.methods()) {
                ActivityImplementation existing = implementations.get(m.activityType());
                if (existing != null && !allowReplace && existing.target() != implementation) {
                    throw new IllegalArgumentException("Activity type \"" + m.activityType()
                            + "\" is already registered on task queue \"" + taskQueue + "\" by "
                            + existing.target().getClass().getName() + "; register each type once, or allow "
                            + "replacing with WorkerOptions.setAllowDuplicateRegistrations(true)");
                }
                m.method().setAccessible(true);
                found.add(new ActivityImplementation(m.activityType(), implementation, m));
            }
        }
        for (ActivityImplementation a : found) {
            implementations.put(a.activityType(), a);
        }
    }

    public synchronized boolean hasRegistrations() {
        return !implementations.isEmpty();
    }

    public synchronized List<String> registeredTypes() {
        return List.copyOf(implementations.keySet());
    }

    /** Set before {@link #start()}. */
    public void setMetricsListener(WorkerMetricsListener metrics) {
        this.metrics = metrics;
    }

    /** Pollers, slots and last poll time of Activity Tasks. */
    public WorkerStats.Tasks stats() {
        int alive = (int) pollerThreads.stream().filter(Thread::isAlive).count();
        int inUse = running.size();
        return new WorkerStats.Tasks(pollerThreads.size(), alive, inUse, Math.max(0, maxConcurrent - inUse),
                lastPollTime);
    }

    public void start() {
        for (int i = 0; i < pollers; i++) {
            Thread t = Thread.ofVirtual().name("activity-poller[" + taskQueue + "]-" + i).start(this::pollLoop);
            pollerThreads.add(t);
        }
    }

    /** Activities running right now. */
    public int inFlight() {
        return maxConcurrent - slots.availablePermits();
    }

    private void pollLoop() {
        while (!stopping) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                return;
            }
            Optional<ActivityTask> task;
            try {
                lastPollTime = Instant.now();
                task = poll();
                metrics.polled(namespace, taskQueue, TaskKind.ACTIVITY, task.isPresent());
            } catch (InterruptedException e) {
                slots.release();
                return;
            } catch (RuntimeException e) {
                slots.release();
                if (!stopping) {
                    log.warn("Polling activity tasks on \"{}\" failed; retrying in 1 s", taskQueue, e);
                    pause();
                }
                continue;
            }
            if (task.isEmpty()) {
                slots.release();
                continue;
            }
            ActivityTask t = task.get();
            if (t.startedTime() != null && t.currentAttemptScheduledTime() != null) {
                metrics.activityStarted(namespace, taskQueue, t.activityType(),
                        Duration.between(t.currentAttemptScheduledTime(), t.startedTime()));
            }
            Thread.ofVirtual().name("activity[" + t.activityType() + "]").start(() -> {
                running.add(Thread.currentThread());
                try {
                    execute(t);
                } finally {
                    running.remove(Thread.currentThread());
                    slots.release();
                }
            });
        }
    }

    /**
     * One poll. With a worker rate limit, polls take turns and each waits until the next start is
     * allowed, so activities start no faster than {@code maxActivitiesPerSecond} (real time).
     */
    private Optional<ActivityTask> poll() throws InterruptedException {
        PollActivityTaskRequest request = new PollActivityTaskRequest(namespace, taskQueue, identity, POLL_WAIT,
                taskQueueRate);
        if (startIntervalNanos == 0) {
            return engine.pollActivityTask(request);
        }
        synchronized (rateLock) {
            long wait = nextStartNanos - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Optional<ActivityTask> task = engine.pollActivityTask(request);
            if (task.isPresent()) {
                nextStartNanos = System.nanoTime() + startIntervalNanos;
            }
            return task;
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void execute(ActivityTask task) {
        ActivityImplementation impl;
        synchronized (this) {
            impl = implementations.get(task.activityType());
        }
        if (impl == null) {
            fail(task, ApplicationFailure.newFailure("Activity type \"" + task.activityType()
                    + "\" is not registered on task queue \"" + taskQueue + "\"; registered types: "
                    + registeredTypes(), NOT_REGISTERED_TYPE));
            return;
        }
        String name = "\"" + task.activityId() + "\" (" + task.activityType() + ") of workflow \""
                + task.execution().workflowId() + "\"";
        HeartbeatThrottle throttle = new HeartbeatThrottle(HeartbeatThrottle.interval(task.heartbeatTimeout(),
                options.getDefaultHeartbeatThrottleInterval(), options.getMaxHeartbeatThrottleInterval()),
                heartbeatTimers, details -> engine.recordActivityHeartbeat(task.taskToken(), details, identity)
                        .cancelRequested(), name);
        ExecutionContextImpl context = new ExecutionContextImpl(info(task), converter, throttle);
        ActivityContextHolder.set(context);
        Payload result;
        long executionStart = System.nanoTime();
        try {
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
            try {
                engine.reportActivityTaskCanceled(task.taskToken(), List.of(), identity);
            } catch (EngineException e) {
                report(task, e);
            }
            return;
        } catch (Throwable t) {
            metrics.activityExecuted(namespace, taskQueue, task.activityType(),
                    Duration.ofNanos(System.nanoTime() - executionStart));
            fail(task, t);
            return;
        } finally {
            ActivityContextHolder.clear();
            context.close();
        }
        if (context.isDoNotCompleteOnReturn()) {
            return;
        }
        metrics.activityExecuted(namespace, taskQueue, task.activityType(),
                Duration.ofNanos(System.nanoTime() - executionStart));
        try {
            engine.completeActivityTask(task.taskToken(), result, identity);
        } catch (EngineException e) {
            report(task, e);
        }
    }

    /**
     * Runs a local activity in this process: attempts with the retry policy, backoffs up to the
     * local retry threshold waited here, each attempt bounded by its Start-To-Close timeout (real
     * time) and all of them by the Schedule-To-Close timeout (real time from this call). At most
     * {@code maxConcurrentLocalActivityExecutions} run at once.
     */
    public LocalActivityOutcome executeLocal(LocalActivityRequest request) throws InterruptedException {
        localSlots.acquire();
        try {
            return runLocalAttempts(request);
        } finally {
            localSlots.release();
        }
    }

    private LocalActivityOutcome runLocalAttempts(LocalActivityRequest request) throws InterruptedException {
        LocalActivityOptions lo = request.options();
        RetryPolicy policy = RetryPolicy.from(lo.getRetryOptions() != null ? lo.getRetryOptions()
                : RetryOptions.DEFAULT);
        Duration startToClose = lo.getStartToCloseTimeout() != null ? lo.getStartToCloseTimeout()
                : lo.getScheduleToCloseTimeout();
        long deadline = lo.getScheduleToCloseTimeout() == null ? Long.MAX_VALUE
                : System.nanoTime() + lo.getScheduleToCloseTimeout().toNanos();
        int attempt = request.attempt();
        while (true) {
            long attemptNanos = Math.min(startToClose.toNanos(), deadline - System.nanoTime());
            Object[] outcome = runLocalAttempt(request, attempt, attemptNanos);
            if (outcome[1] == null) {
                return new LocalActivityOutcome(request.activityId(), attempt, (Payload) outcome[0], null,
                        null, null);
            }
            Failure failure = (Failure) outcome[1];
            RetryState state;
            Duration backoff = null;
            if (failure.nonRetryable() || policy.isNonRetryable(failure.retryType())) {
                state = RetryState.NON_RETRYABLE_FAILURE;
            } else if (policy.isLastAttempt(attempt)) {
                state = RetryState.MAXIMUM_ATTEMPTS_REACHED;
            } else {
                backoff = policy.backoffAfter(attempt);
                state = System.nanoTime() + backoff.toNanos() >= deadline ? RetryState.TIMEOUT
                        : RetryState.IN_PROGRESS;
            }
            if (state != RetryState.IN_PROGRESS) {
                return new LocalActivityOutcome(request.activityId(), attempt, null, failure, state, null);
            }
            if (backoff.compareTo(lo.getLocalRetryThreshold()) > 0) {
                return new LocalActivityOutcome(request.activityId(), attempt, null, failure, state, backoff);
            }
            TimeUnit.NANOSECONDS.sleep(backoff.toNanos());
            attempt++;
        }
    }

    /** One attempt on its own virtual thread; returns {result, failure}. */
    private Object[] runLocalAttempt(LocalActivityRequest request, int attempt, long timeoutNanos)
            throws InterruptedException {
        Object[] outcome = new Object[2];
        ActivityImplementation impl;
        synchronized (this) {
            impl = implementations.get(request.activityType());
        }
        if (impl == null) {
            outcome[1] = failures.toFailure(ApplicationFailure.newNonRetryableFailure("Local activity type \""
                    + request.activityType() + "\" is not registered on task queue \"" + taskQueue
                    + "\"; registered types: " + registeredTypes(), NOT_REGISTERED_TYPE));
            return outcome;
        }
        Instant now = Instant.now();
        ActivityInfo info = new ActivityInfo(request.namespace(), request.execution().workflowId(),
                request.execution().runId(), request.workflowType(), request.activityId(), request.activityType(),
                request.taskQueue(), attempt, Instant.ofEpochMilli(request.scheduledTimeMillis()), now, now,
                orZero(request.options().getScheduleToCloseTimeout()), Duration.ZERO,
                orZero(request.options().getStartToCloseTimeout()), Duration.ZERO, null, List.of(), true);
        Thread thread = Thread.ofVirtual().name("local-activity[" + request.activityType() + "]").start(() -> {
            ActivityContextHolder.set(new ExecutionContextImpl(info, converter, null));
            try {
                Method method = impl.method().method();
                Object[] args = MethodArguments.decode(method, request.input(), converter);
                try {
                    outcome[0] = converter.toPayload(method.invoke(impl.target(), args));
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            } catch (Throwable t) {
                outcome[1] = failures.toFailure(t);
            } finally {
                ActivityContextHolder.clear();
            }
        });
        if (!thread.join(Duration.ofNanos(Math.max(0, timeoutNanos)))) {
            thread.interrupt();
            return new Object[] {null, Failure.timeout(TimeoutType.START_TO_CLOSE, List.of(), null)};
        }
        return outcome;
    }

    private static Duration orZero(Duration d) {
        return d == null ? Duration.ZERO : d;
    }

    private void fail(ActivityTask task, Throwable error) {
        Failure failure = failures.toFailure(error);
        metrics.activityFailed(namespace, taskQueue, task.activityType(),
                failure.type() != null ? failure.type() : failure.kind().name());
        try {
            engine.failActivityTask(task.taskToken(), failure, identity);
        } catch (EngineException e) {
            report(task, e);
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
        stopping = true;
        pollerThreads.forEach(Thread::interrupt);
    }

    /**
     * Waits until in-flight activities finish, at most {@code timeout}; then interrupts the rest.
     * Returns whether all finished in time.
     */
    public boolean awaitInFlight(Duration timeout) throws InterruptedException {
        boolean done = slots.tryAcquire(maxConcurrent, timeout.toMillis(), TimeUnit.MILLISECONDS);
        heartbeatTimers.shutdownNow();
        if (done) {
            slots.release(maxConcurrent);
            return true;
        }
        running.forEach(Thread::interrupt);
        return false;
    }
}
