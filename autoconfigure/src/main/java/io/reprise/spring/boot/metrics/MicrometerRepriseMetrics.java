package io.reprise.spring.boot.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.reprise.engine.EngineMetricsListener;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.failure.TimeoutType;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerMetricsListener;
import io.reprise.worker.WorkerStats;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Records what the Reprise engine and workers report as Micrometer meters. Every meter name starts
 * with {@code reprise.}; tags are {@code namespace}, {@code task_queue}, and where they apply
 * {@code workflow_type}, {@code activity_type}, {@code kind} ({@code workflow}/{@code activity}),
 * {@code status} and {@code reason}. The list, with what each measures, is in docs/spring-boot.md.
 *
 * <p>When the workers start, the counters of each registered Workflow Type and of each worker's
 * polls and cache are registered at zero, so that rates can be computed from the first scrape.
 */
public class MicrometerRepriseMetrics implements WorkerMetricsListener, EngineMetricsListener {

    public static final String WORKFLOW_STARTED = "reprise.workflow.started";
    public static final String WORKFLOW_COMPLETED = "reprise.workflow.completed";
    public static final String WORKFLOW_FAILED = "reprise.workflow.failed";
    public static final String WORKFLOW_CANCELED = "reprise.workflow.canceled";
    public static final String WORKFLOW_TIMED_OUT = "reprise.workflow.timed.out";
    public static final String WORKFLOW_TERMINATED = "reprise.workflow.terminated";
    public static final String WORKFLOW_CONTINUED_AS_NEW = "reprise.workflow.continued.as.new";
    public static final String WORKFLOW_END_TO_END_LATENCY = "reprise.workflow.endtoend.latency";
    public static final String WORKFLOW_TASK_EXECUTION_LATENCY = "reprise.workflow.task.execution.latency";
    public static final String WORKFLOW_TASK_REPLAY_LATENCY = "reprise.workflow.task.replay.latency";
    public static final String ACTIVITY_EXECUTION_LATENCY = "reprise.activity.execution.latency";
    public static final String ACTIVITY_SCHEDULE_TO_START_LATENCY = "reprise.activity.schedule.to.start.latency";
    public static final String ACTIVITY_FAILURES = "reprise.activity.failures";
    public static final String STICKY_CACHE_HIT = "reprise.sticky.cache.hit";
    public static final String STICKY_CACHE_MISS = "reprise.sticky.cache.miss";
    public static final String STICKY_CACHE_SIZE = "reprise.sticky.cache.size";
    public static final String TASK_SLOTS_AVAILABLE = "reprise.worker.task.slots.available";
    public static final String TASK_SLOTS_USED = "reprise.worker.task.slots.used";
    public static final String POLL_SUCCEEDED = "reprise.worker.poll.succeeded";
    public static final String POLL_EMPTY = "reprise.worker.poll.empty";

    /** The closed-run counters registered at zero for every Workflow Type a worker runs. */
    private static final List<String> WORKFLOW_CLOSE_COUNTERS = List.of(WORKFLOW_COMPLETED, WORKFLOW_FAILED,
            WORKFLOW_CANCELED, WORKFLOW_TIMED_OUT, WORKFLOW_TERMINATED, WORKFLOW_CONTINUED_AS_NEW);

    private final MeterRegistry registry;

    public MicrometerRepriseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    // ---------------------------------------------------------------- engine

    @Override
    public void workflowStarted(String namespace, String taskQueue, String workflowType) {
        counter(WORKFLOW_STARTED, workflowTags(namespace, taskQueue, workflowType)).increment();
    }

    @Override
    public void workflowClosed(String namespace, String taskQueue, String workflowType,
            WorkflowExecutionStatus status, Duration endToEnd) {
        Tags tags = workflowTags(namespace, taskQueue, workflowType);
        counter(closeCounter(status), tags).increment();
        Timer.builder(WORKFLOW_END_TO_END_LATENCY)
                .description("Time from the start of a Workflow Execution run to its close")
                .tags(tags.and("status", status.name()))
                .register(registry)
                .record(endToEnd);
    }

    @Override
    public void activityTimedOut(String namespace, String taskQueue, String activityType, TimeoutType timeoutType) {
        activityFailure(namespace, taskQueue, activityType, timeoutType.name() + "_TIMEOUT");
    }

    /** {@code reprise.workflow.<status>}: {@code TIMED_OUT} is {@code reprise.workflow.timed.out}. */
    static String closeCounter(WorkflowExecutionStatus status) {
        return "reprise.workflow." + status.name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    // ---------------------------------------------------------------- workers

    @Override
    public void workersStarted(WorkerFactory factory) {
        String namespace = factory.getWorkflowClient().getOptions().getNamespace();
        Gauge.builder(STICKY_CACHE_SIZE, factory, WorkerFactory::getCachedRunCount)
                .description("Workflow runs kept in the workflow cache (sticky execution)")
                .tags(Tags.of("namespace", namespace))
                .register(registry);
        for (Worker worker : factory.getWorkers()) {
            String queue = worker.getTaskQueue();
            for (WorkerMetricsListener.TaskKind kind : WorkerMetricsListener.TaskKind.values()) {
                Tags tags = Tags.of("namespace", namespace, "task_queue", queue, "kind", kindTag(kind));
                ToDoubleFunction<Worker> used = w -> tasks(w.getStats(), kind).slotsInUse();
                ToDoubleFunction<Worker> available = w -> tasks(w.getStats(), kind).slotsAvailable();
                Gauge.builder(TASK_SLOTS_USED, worker, used)
                        .description("Tasks a worker is processing").tags(tags).register(registry);
                Gauge.builder(TASK_SLOTS_AVAILABLE, worker, available)
                        .description("Further tasks a worker may process at once").tags(tags).register(registry);
                counter(POLL_SUCCEEDED, tags);
                counter(POLL_EMPTY, tags);
            }
            for (String workflowType : worker.getRegisteredWorkflowTypes()) {
                Tags tags = workflowTags(namespace, queue, workflowType);
                counter(WORKFLOW_STARTED, tags);
                WORKFLOW_CLOSE_COUNTERS.forEach(name -> counter(name, tags));
                counter(STICKY_CACHE_HIT, tags);
                counter(STICKY_CACHE_MISS, tags);
            }
        }
    }

    @Override
    public void polled(String namespace, String taskQueue, TaskKind kind, boolean gotTask) {
        counter(gotTask ? POLL_SUCCEEDED : POLL_EMPTY,
                Tags.of("namespace", namespace, "task_queue", taskQueue, "kind", kindTag(kind))).increment();
    }

    @Override
    public void workflowTaskExecuted(String namespace, String taskQueue, String workflowType, Duration latency) {
        timer(WORKFLOW_TASK_EXECUTION_LATENCY, "Time to process a Workflow Task: apply its events, run the code",
                workflowTags(namespace, taskQueue, workflowType)).record(latency);
    }

    @Override
    public void workflowReplayed(String namespace, String taskQueue, String workflowType, Duration latency) {
        timer(WORKFLOW_TASK_REPLAY_LATENCY, "Time to process a Workflow Task by replaying the run's full history",
                workflowTags(namespace, taskQueue, workflowType)).record(latency);
    }

    @Override
    public void stickyCacheHit(String namespace, String taskQueue, String workflowType) {
        counter(STICKY_CACHE_HIT, workflowTags(namespace, taskQueue, workflowType)).increment();
    }

    @Override
    public void stickyCacheMiss(String namespace, String taskQueue, String workflowType) {
        counter(STICKY_CACHE_MISS, workflowTags(namespace, taskQueue, workflowType)).increment();
    }

    @Override
    public void activityStarted(String namespace, String taskQueue, String activityType, Duration scheduleToStart) {
        timer(ACTIVITY_SCHEDULE_TO_START_LATENCY, "Time an activity attempt waited in its Task Queue",
                activityTags(namespace, taskQueue, activityType)).record(scheduleToStart);
    }

    @Override
    public void activityExecuted(String namespace, String taskQueue, String activityType, Duration latency) {
        timer(ACTIVITY_EXECUTION_LATENCY, "Time an activity attempt's code ran",
                activityTags(namespace, taskQueue, activityType)).record(latency);
    }

    @Override
    public void activityFailed(String namespace, String taskQueue, String activityType, String failureType) {
        activityFailure(namespace, taskQueue, activityType, failureType);
    }

    // ---------------------------------------------------------------- helpers

    private void activityFailure(String namespace, String taskQueue, String activityType, String reason) {
        Counter.builder(ACTIVITY_FAILURES)
                .description("Failed activity attempts, by failure type or timeout type")
                .tags(activityTags(namespace, taskQueue, activityType).and("reason", reason))
                .register(registry)
                .increment();
    }

    private Counter counter(String name, Tags tags) {
        return Counter.builder(name).tags(tags).register(registry);
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags).register(registry);
    }

    private static Tags workflowTags(String namespace, String taskQueue, String workflowType) {
        return Tags.of("namespace", namespace, "task_queue", taskQueue, "workflow_type", workflowType);
    }

    private static Tags activityTags(String namespace, String taskQueue, String activityType) {
        return Tags.of("namespace", namespace, "task_queue", taskQueue, "activity_type", activityType);
    }

    private static String kindTag(WorkerMetricsListener.TaskKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    private static WorkerStats.Tasks tasks(WorkerStats stats, WorkerMetricsListener.TaskKind kind) {
        return kind == WorkerMetricsListener.TaskKind.WORKFLOW ? stats.workflowTasks() : stats.activityTasks();
    }
}
