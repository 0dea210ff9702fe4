package io.reprise.internal.worker;

import io.reprise.activity.ActivityInfo;
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
    private volatile boolean stopping;
    // Observability: read by stats(), reported to the metrics listener.
    private volatile Instant lastPollTime;
    private WorkerMetricsListener metrics = WorkerMetricsListener.NOOP;

    public ActivityWorker(WorkflowClient client, String taskQueue, String identity, int pollers, int maxConcurrent) {
        this.engine = client.getEngineService();
        this.namespace = client.getOptions().getNamespace();
        this.converter = client.getOptions().getDataConverter();
        this.failures = new FailureConverter(converter);
        this.maxPayloadSize = client.getOptions().getMaxPayloadSize();
        this.taskQueue = taskQueue;
        this.identity = identity;
        this.pollers = pollers;
        this.maxConcurrent = maxConcurrent;
        this.slots = new Semaphore(maxConcurrent);
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
                task = engine.pollActivityTask(namespace, taskQueue, identity, POLL_WAIT);
                metrics.polled(namespace, taskQueue, TaskKind.ACTIVITY, task.isPresent());
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
        ActivityContextHolder.set(new ExecutionContextImpl(info(task)));
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
        } catch (Throwable t) {
            metrics.activityExecuted(namespace, taskQueue, task.activityType(),
                    Duration.ofNanos(System.nanoTime() - executionStart));
            fail(task, t);
            return;
        } finally {
            ActivityContextHolder.clear();
        }
        metrics.activityExecuted(namespace, taskQueue, task.activityType(),
                Duration.ofNanos(System.nanoTime() - executionStart));
        try {
            engine.completeActivityTask(task.taskToken(), result, identity);
        } catch (EngineException e) {
            report(task, e);
        }
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
                t.scheduleToStartTimeout(), t.startToCloseTimeout(), t.heartbeatTimeout(), t.taskToken());
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
        if (done) {
            slots.release(maxConcurrent);
            return true;
        }
        running.forEach(Thread::interrupt);
        return false;
    }
}
