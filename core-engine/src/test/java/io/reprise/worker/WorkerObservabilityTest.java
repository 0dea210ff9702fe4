package io.reprise.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.testing.TestEnvironmentOptions;
import io.reprise.testing.TestWorkflowEnvironment;
import io.reprise.worker.WorkerMetricsListener.TaskKind;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a worker tells about itself: {@link Worker#getStats()} and the {@link WorkerMetricsListener}. */
class WorkerObservabilityTest {

    static final String QUEUE = "observed";

    @ActivityInterface
    public interface Steps {
        String step(String input);
    }

    /** Fails the first attempt with IllegalStateException. */
    public static final class StepsImpl implements Steps {
        @Override
        public String step(String input) {
            if (Activity.getExecutionContext().getInfo().attempt() == 1) {
                throw new IllegalStateException("first attempt fails");
            }
            return input + "!";
        }
    }

    @WorkflowInterface
    public interface TwoTasks {
        @WorkflowMethod
        String run(String input);
    }

    /** One activity, then a timer: three workflow tasks. */
    public static final class TwoTasksImpl implements TwoTasks {
        private final Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(10)).build());

        @Override
        public String run(String input) {
            String result = steps.step(input);
            Workflow.sleep(Duration.ofMinutes(1));
            return result;
        }
    }

    /** Records each call as a line. */
    static final class Recorder implements WorkerMetricsListener {
        final List<String> lines = new CopyOnWriteArrayList<>();
        volatile WorkerFactory startedFactory;

        @Override
        public void workersStarted(WorkerFactory factory) {
            startedFactory = factory;
        }

        @Override
        public void polled(String namespace, String taskQueue, TaskKind kind, boolean gotTask) {
            if (gotTask) {
                lines.add("polled " + kind + " " + namespace + "/" + taskQueue);
            }
        }

        @Override
        public void workflowTaskExecuted(String namespace, String taskQueue, String workflowType, Duration latency) {
            lines.add("workflow task " + workflowType);
        }

        @Override
        public void workflowReplayed(String namespace, String taskQueue, String workflowType, Duration latency) {
            lines.add("replayed " + workflowType);
        }

        @Override
        public void stickyCacheHit(String namespace, String taskQueue, String workflowType) {
            lines.add("cache hit " + workflowType);
        }

        @Override
        public void stickyCacheMiss(String namespace, String taskQueue, String workflowType) {
            lines.add("cache miss " + workflowType);
        }

        @Override
        public void activityStarted(String namespace, String taskQueue, String activityType, Duration scheduleToStart) {
            lines.add("activity started " + activityType + " after " + scheduleToStart);
        }

        @Override
        public void activityExecuted(String namespace, String taskQueue, String activityType, Duration latency) {
            lines.add("activity executed " + activityType);
        }

        @Override
        public void activityFailed(String namespace, String taskQueue, String activityType, String failureType) {
            lines.add("activity failed " + activityType + " " + failureType);
        }

        long count(String line) {
            return lines.stream().filter(line::equals).count();
        }
    }

    private TestWorkflowEnvironment env;
    private WorkerFactory factory;

    @AfterEach
    void tearDown() {
        if (env != null) {
            env.close();
        }
        if (factory != null) {
            factory.shutdownNow();
        }
    }

    private Recorder runOnce(int cacheSize) {
        Recorder recorder = new Recorder();
        // Frozen: Schedule-To-Start latencies are asserted exactly (zero on a clock that stands still).
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder()
                        .setWorkflowCacheSize(cacheSize).setMetricsListener(recorder).build())
                .setFrozenClock(true).build());
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(TwoTasksImpl.class);
        worker.registerActivitiesImplementations(new StepsImpl());
        env.start();
        String result = env.getWorkflowClient().newWorkflowStub(TwoTasks.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build()).run("go");
        assertThat(result).isEqualTo("go!");
        return recorder;
    }

    @Test
    void metricsListenerHearsPollsTasksCacheHitsAndActivityOutcomes() {
        Recorder recorder = runOnce(600);

        assertThat(recorder.startedFactory).isSameAs(env.getWorkerFactory());
        assertThat(recorder.count("workflow task TwoTasks")).isEqualTo(3);
        assertThat(recorder.count("cache hit TwoTasks")).isEqualTo(2);
        assertThat(recorder.count("cache miss TwoTasks")).isZero();
        assertThat(recorder.count("replayed TwoTasks")).isZero();
        assertThat(recorder.count("polled WORKFLOW default/" + QUEUE)).isEqualTo(3);
        assertThat(recorder.count("polled ACTIVITY default/" + QUEUE)).isEqualTo(2);
        assertThat(recorder.count("activity executed Step")).isEqualTo(2);
        assertThat(recorder.count("activity failed Step java.lang.IllegalStateException")).isEqualTo(1);
        // The retry waits one second of test time after the failed attempt; the first waits none.
        assertThat(recorder.lines).filteredOn(line -> line.startsWith("activity started"))
                .containsExactly("activity started Step after PT0S", "activity started Step after PT0S");
    }

    @Test
    void withoutACacheEveryLaterTaskIsAMissAndAFullReplay() {
        Recorder recorder = runOnce(0);

        assertThat(recorder.count("workflow task TwoTasks")).isEqualTo(3);
        assertThat(recorder.count("cache hit TwoTasks")).isZero();
        assertThat(recorder.count("cache miss TwoTasks")).isEqualTo(2);
        assertThat(recorder.count("replayed TwoTasks")).isEqualTo(2);
    }

    @Test
    void statsFollowTheWorkerFromNotStartedToRunningToStopped() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE, WorkerOptions.newBuilder()
                .setWorkflowTaskPollers(3).setActivityTaskPollers(2)
                .setMaxConcurrentWorkflowTaskExecutions(7).setMaxConcurrentActivityExecutions(5).build());
        worker.registerWorkflowImplementationTypes(TwoTasksImpl.class);
        worker.registerActivitiesImplementations(new StepsImpl());

        WorkerStats before = worker.getStats();
        assertThat(before.state()).isEqualTo(WorkerStats.State.NOT_STARTED);
        assertThat(before.workflowTasks()).isEqualTo(new WorkerStats.Tasks(0, 0, 0, 7, null));
        assertThat(before.hasDeadPollers()).isFalse();

        env.start();
        WorkerStats running = awaitStats(worker, s -> s.activityTasks().lastPollTime() != null
                && s.workflowTasks().lastPollTime() != null);
        assertThat(running.state()).isEqualTo(WorkerStats.State.RUNNING);
        assertThat(running.taskQueue()).isEqualTo(QUEUE);
        // Three pollers on the task queue and three on the worker's sticky queue.
        assertThat(running.workflowTasks().pollersConfigured()).isEqualTo(6);
        assertThat(running.workflowTasks().pollersAlive()).isEqualTo(6);
        assertThat(running.workflowTasks().slotsInUse()).isZero();
        assertThat(running.workflowTasks().slotsAvailable()).isEqualTo(7);
        assertThat(running.activityTasks().pollersConfigured()).isEqualTo(2);
        assertThat(running.activityTasks().slotsAvailable()).isEqualTo(5);
        assertThat(running.hasDeadPollers()).isFalse();

        env.getWorkerFactory().shutdown();
        WorkerStats stopped = awaitStats(worker, s -> s.workflowTasks().pollersAlive() == 0
                && s.activityTasks().pollersAlive() == 0);
        assertThat(stopped.state()).isEqualTo(WorkerStats.State.STOPPED);
        assertThat(stopped.hasDeadPollers()).as("stopped on purpose").isFalse();
    }

    @Test
    void aPollerThreadThatDiesShowsAsDeadPollers() {
        Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
        // An engine whose activity polls throw an Error: it escapes the poll loop and ends the thread.
        EngineService failingPolls = (EngineService) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EngineService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pollActivityTask")) {
                        throw new AssertionError("poller killed by the test");
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        factory = WorkerFactory.newInstance(WorkflowClient.newInstance(failingPolls));
        Worker worker = factory.newWorker(QUEUE);
        worker.registerActivitiesImplementations(new StepsImpl());
        try {
            factory.start();
            WorkerStats stats = awaitStats(worker, s -> s.activityTasks().pollersAlive() == 0);
            assertThat(stats.state()).isEqualTo(WorkerStats.State.RUNNING);
            assertThat(stats.activityTasks().pollersConfigured()).isEqualTo(2);
            assertThat(stats.activityTasks().pollersDied()).isTrue();
            assertThat(stats.workflowTasks().pollersConfigured()).as("no workflow registered").isZero();
            assertThat(stats.hasDeadPollers()).isTrue();
        } finally {
            engine.close();
        }
    }

    private static WorkerStats awaitStats(Worker worker, java.util.function.Predicate<WorkerStats> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        WorkerStats stats = worker.getStats();
        while (!condition.test(stats)) {
            assertThat(System.nanoTime()).as("worker stats reach the expected state: %s", stats).isLessThan(deadline);
            Thread.onSpinWait();
            stats = worker.getStats();
        }
        return stats;
    }
}
