package io.reprise.testing;

import io.reprise.client.NamespaceClient;
import io.reprise.client.NamespaceConfig;
import io.reprise.client.NamespaceDescription;
import io.reprise.client.WorkflowClient;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.timer.ManualClock;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;

/**
 * A complete Reprise on an in-memory store with a clock that tests control.
 *
 * <p>The test clock runs at real-time pace: its time is the start time
 * ({@link TestEnvironmentOptions#getStartTime()}) + the real time elapsed since the environment was
 * built + every jump made so far. So a workflow started and left alone behaves as in production: a
 * 1 s {@code Workflow.sleep} ends after about 1 s, and an activity that runs past its Start-To-Close,
 * Schedule-To-Close or Heartbeat Timeout times out. On top of that the clock jumps:
 * <ul>
 *   <li>to the next durable timer (a sleep, a retry backoff, a timeout) while a client waits for a
 *       workflow's result ({@code getResult}, a call on a typed stub) and the engine is idle: no
 *       workflow task or activity attempt in progress, nothing due, only timers to wait for. A
 *       workflow that sleeps for a day or retries for an hour finishes in milliseconds. A running
 *       activity keeps the engine busy, so its timeouts come in real time (or by {@link #sleep});</li>
 *   <li>by {@link #sleep(Duration)}, whatever runs.</li>
 * </ul>
 * {@link TestEnvironmentOptions.Builder#setTimeSkipping(boolean) setTimeSkipping(false)} turns the
 * first kind of jump off; {@link TestEnvironmentOptions.Builder#setFrozenClock(boolean)
 * setFrozenClock(true)} stops the real-time pace (the clock then moves only by jumps), for tests
 * that assert exact instants.
 *
 * <p>The client and the workers call the engine directly, or, with the system property
 * {@code reprise.test.transport=grpc}, through a gRPC server on a loopback port and a remote client
 * ({@code io.reprise.transport.grpc}), so that a suite can run a second time over the remote transport.
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
    private final EngineService engine;
    private final TestTransport.Connection connection;
    private final TimeSkipper skipper;
    private final WorkflowClient client;
    private final WorkerFactory workerFactory;

    private TestWorkflowEnvironment(TestEnvironmentOptions options) {
        TestTransport transport = TestTransport.fromSystemProperty();
        this.clock = options.isFrozenClock() ? new ManualClock(options.getStartTime())
                : ManualClock.runningFrom(options.getStartTime());
        // The client's namespace exists (registered with the default retention unless it is "default").
        // Built here, then used only through EngineService and TimeSkippingProbe.
        Engine embedded = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).clock(clock)
                .metricsListener(options.getEngineMetricsListener())
                .namespace(io.reprise.engine.api.NamespaceConfig.of(options.getClientOptions().getNamespace()))
                .build();
        this.engine = embedded;
        this.connection = transport.connect(embedded);
        this.skipper = new TimeSkipper(embedded, clock, options.getSleepIdleWait());
        this.client = WorkflowClient.newInstance(
                TimeSkippingEngineService.wrap(connection.service(), skipper, options.isTimeSkipping()),
                options.getClientOptions());
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

    /**
     * The engine under test, for direct inspection. This is the engine itself: unlike the client's
     * ({@code getWorkflowClient().getEngineService()}), its {@code awaitOutcome} does not skip time.
     */
    public EngineService getEngineService() {
        return engine;
    }

    /**
     * Registers another namespace on the test engine (a client for it:
     * {@code WorkflowClient.newInstance(env.getWorkflowClient().getEngineService(), options)}).
     * Its retention runs on the test clock: {@link #sleep} past it deletes its closed executions.
     */
    public NamespaceDescription registerNamespace(NamespaceConfig config) {
        return NamespaceClient.newInstance(engine).register(config);
    }

    /** The test clock's time: the start time + the real time elapsed (unless frozen) + every jump. */
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
     * for the engine to be idle. Real time keeps running meanwhile (unless the clock is frozen), so
     * the clock ends at least {@code duration} later than it was.
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
        connection.close().run();
        engine.close();
    }
}
