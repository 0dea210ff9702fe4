package io.reprise.testing;

import io.reprise.client.WorkflowClient;
import io.reprise.engine.Engine;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.timer.ManualClock;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * A complete Reprise on an in-memory store with a clock that tests control. While a client
 * waits for a result and no task is in progress, the clock jumps straight to the next durable
 * timer, so a workflow that sleeps for a day or retries for an hour finishes in milliseconds.
 *
 * <pre>{@code
 * try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
 *     Worker worker = env.newWorker("orders");
 *     worker.registerWorkflowImplementationTypes(OrderWorkflowImpl.class);
 *     worker.registerActivitiesImplementations(new FakePayments());
 *     env.start();
 *     OrderWorkflow order = env.getWorkflowClient().newWorkflowStub(OrderWorkflow.class,
 *             WorkflowOptions.newBuilder().setTaskQueue("orders").build());
 *     assertEquals("done", order.process("o-1"));
 * }
 * }</pre>
 */
public final class TestWorkflowEnvironment implements AutoCloseable {

    private final ManualClock clock;
    private final Engine engine;
    private final TimeSkipper skipper;
    private final WorkflowClient client;
    private final WorkerFactory workerFactory;

    private TestWorkflowEnvironment(TestEnvironmentOptions options) {
        this.clock = options.isFrozenClock() ? new ManualClock(options.getStartTime())
                : ManualClock.runningFrom(options.getStartTime());
        // The client's namespace exists (registered with the default retention unless it is "default").
        this.engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).clock(clock)
                .metricsListener(options.getEngineMetricsListener())
                .namespace(NamespaceConfig.of(options.getClientOptions().getNamespace()))
                .build();
        this.skipper = new TimeSkipper(engine, clock, options.getSleepIdleWait());
        this.client = WorkflowClient.newInstance(
                TimeSkippingEngineService.wrap(engine, skipper, options.isTimeSkipping()), options.getClientOptions());
        this.workerFactory = WorkerFactory.newInstance(client, options.getWorkerFactoryOptions());
    }

    public static TestWorkflowEnvironment newInstance() {
        return new TestWorkflowEnvironment(TestEnvironmentOptions.getDefaultInstance());
    }

    public static TestWorkflowEnvironment newInstance(TestEnvironmentOptions options) {
        return new TestWorkflowEnvironment(options);
    }

    public Worker newWorker(String taskQueue) {
        return workerFactory.newWorker(taskQueue);
    }

    public Worker newWorker(String taskQueue, WorkerOptions options) {
        return workerFactory.newWorker(taskQueue, options);
    }

    /** Starts the workers created so far. */
    public void start() {
        workerFactory.start();
    }

    public WorkflowClient getWorkflowClient() {
        return client;
    }

    public WorkerFactory getWorkerFactory() {
        return workerFactory;
    }

    /** The engine under test, for direct inspection. */
    public Engine getEngine() {
        return engine;
    }

    /**
     * Registers another namespace on the test engine (a client for it:
     * {@code WorkflowClient.newInstance(env.getWorkflowClient().getEngineService(), options)}).
     * Its retention runs on the test clock: {@link #sleep} past it deletes its closed executions.
     */
    public NamespaceDescription registerNamespace(NamespaceConfig config) {
        return engine.registerNamespace(config);
    }

    /** The test clock's time. */
    public Instant now() {
        return clock.now();
    }

    public long currentTimeMillis() {
        return clock.now().toEpochMilli();
    }

    /**
     * Moves the test clock forward by {@code duration}, firing every timer due on the way in order
     * and letting the work each one triggers finish before going on. It moves the clock even while
     * work is in progress (an activity running, which is how a Heartbeat Timeout is tested): at each
     * step it waits at most {@link TestEnvironmentOptions#getSleepIdleWait()} (real time, default 1 s)
     * for the engine to be idle.
     */
    public void sleep(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("cannot sleep a negative duration: " + duration);
        }
        skipper.advance(duration);
    }

    /** Stops the workers and the engine. */
    @Override
    public void close() {
        workerFactory.shutdownNow();
        engine.close();
    }
}
