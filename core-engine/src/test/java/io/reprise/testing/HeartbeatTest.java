package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityExecutionContext;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.ActivityCompletionClient;
import io.reprise.client.PendingActivityInfo;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.DataConverter;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventAttributes;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutFailure;
import io.reprise.failure.TimeoutType;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    static final String QUEUE = "heartbeats";

    @ActivityInterface
    public interface Items {
        String process(int items);
    }

    public record Plan(int items, Duration heartbeatTimeout, int maximumAttempts) {
    }

    @WorkflowInterface
    public interface ProcessItems {
        @WorkflowMethod
        String run(Plan plan);
    }

    public static final class ProcessItemsImpl implements ProcessItems {
        @Override
        public String run(Plan plan) {
            Items items = Workflow.newActivityStub(Items.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(10))
                    .setHeartbeatTimeout(plan.heartbeatTimeout())
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(plan.maximumAttempts()).build())
                    .build());
            try {
                return items.process(plan.items());
            } catch (ActivityFailure e) {
                TimeoutFailure timeout = (TimeoutFailure) e.getCause();
                return e.getRetryState() + " " + timeout.getTimeoutType() + " last="
                        + timeout.getLastHeartbeatDetails(Integer.class);
            }
        }
    }

    /**
     * Processes items 1..n, heartbeating each one; resumes after the last heartbeated item of an
     * earlier attempt. Attempt 1 hangs after item {@code hangAfter} (a worker that stopped responding).
     */
    static final class ResumingItems implements Items {
        final int hangAfter;
        final CountDownLatch hung = new CountDownLatch(1);
        final List<Integer> resumedFrom = new CopyOnWriteArrayList<>();

        ResumingItems(int hangAfter) {
            this.hangAfter = hangAfter;
        }

        @Override
        public String process(int items) {
            ActivityExecutionContext context = Activity.getExecutionContext();
            int from = context.getHeartbeatDetails(Integer.class).orElse(0) + 1;
            resumedFrom.add(from);
            for (int i = from; i <= items; i++) {
                context.heartbeat(i);
                if (context.getInfo().attempt() == 1 && i == hangAfter) {
                    hung.countDown();
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("stopped");
                    }
                }
            }
            return "attempt " + context.getInfo().attempt() + " processed " + from + ".." + items;
        }
    }

    private TestWorkflowEnvironment env;
    private WorkerFactory extraFactory;

    @AfterEach
    void tearDown() {
        if (extraFactory != null) {
            extraFactory.shutdownNow();
        }
        if (env != null) {
            env.close();
        }
    }

    private void startEnv(Object activities, WorkerOptions options) {
        // Frozen: the tests move the clock to 1 ms before a Heartbeat Timeout, which real time would pass.
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setSleepIdleWait(Duration.ofMillis(50)).setFrozenClock(true).build());
        Worker worker = env.newWorker(QUEUE, options);
        worker.registerWorkflowImplementationTypes(ProcessItemsImpl.class, HeartbeatingWorkflowImpl.class);
        if (activities != null) {
            worker.registerActivitiesImplementations(activities);
        }
        env.start();
    }

    private WorkflowStub start(String workflowId, Plan plan) {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("ProcessItems",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        stub.start(plan);
        return stub;
    }

    /** Waits (real time: heartbeats are sent by the worker) until the engine holds these details. */
    private PendingActivityInfo awaitHeartbeat(String workflowId, int details) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<PendingActivityInfo> pending = env.getWorkflowClient().describe(workflowId).pendingActivities();
            if (!pending.isEmpty() && !pending.get(0).heartbeatDetails().isEmpty()
                    && DataConverter.getDefaultInstance().fromPayload(pending.get(0).heartbeatDetails().get(0),
                            Integer.class, Integer.class) == details) {
                return pending.get(0);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the engine never received heartbeat details " + details);
    }

    private static WorkerOptions fastHeartbeats() {
        return WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(Duration.ofMillis(1)).build();
    }

    @Test
    void heartbeatsAreThrottledToEightTenthsOfTheHeartbeatTimeout() throws Exception {
        startEnv(null, WorkerOptions.getDefaultInstance());
        // The activity worker runs on a client that counts the heartbeats reaching the engine.
        EngineService engine = env.getWorkflowClient().getEngineService();
        List<Long> received = new CopyOnWriteArrayList<>();
        List<Object> lastDetails = new CopyOnWriteArrayList<>();
        EngineService counting = (EngineService) Proxy.newProxyInstance(EngineService.class.getClassLoader(),
                new Class<?>[] {EngineService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recordActivityHeartbeat")) {
                        received.add(System.nanoTime());
                        lastDetails.add(((List<?>) args[1]).get(0));
                    }
                    try {
                        return method.invoke(engine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        extraFactory = WorkerFactory.newInstance(WorkflowClient.newInstance(counting));
        extraFactory.newWorker("heartbeat-activities").registerActivitiesImplementations(new EveryHundredMillis());
        extraFactory.start();

        String result = env.getWorkflowClient().newWorkflowStub(HeartbeatingWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("throttle").build()).run(25);

        assertThat(result).isEqualTo("done");
        // 25 heartbeats, one per 100 ms, with a 1 s Heartbeat Timeout: the first is sent at once, later ones at
        // least 800 ms apart, each with the latest details. (Real time, so bounded only from below; the exact
        // sends are HeartbeatThrottleTest's, on a manual clock.)
        List<Integer> sent = lastDetails.stream().map(p -> DataConverter.getDefaultInstance().fromPayload(
                (io.reprise.common.Payload) p, Integer.class, Integer.class)).toList();
        assertThat(sent).first().isEqualTo(1);
        assertThat(sent).isSorted().doesNotHaveDuplicates().allSatisfy(d -> assertThat(d).isBetween(1, 25));
        for (int i = 1; i < received.size(); i++) {
            assertThat(received.get(i) - received.get(i - 1)).isGreaterThanOrEqualTo(
                    TimeUnit.MILLISECONDS.toNanos(795));
        }
    }

    /** Heartbeats once per item, one item every 100 ms of real time. */
    static final class EveryHundredMillis implements Items {
        @Override
        public String process(int items) {
            for (int i = 1; i <= items; i++) {
                Activity.getExecutionContext().heartbeat(i);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return "done";
        }
    }

    @WorkflowInterface
    public interface HeartbeatingWorkflow {
        @WorkflowMethod
        String run(int items);
    }

    public static final class HeartbeatingWorkflowImpl implements HeartbeatingWorkflow {
        @Override
        public String run(int items) {
            return Workflow.newActivityStub(Items.class, ActivityOptions.newBuilder()
                    .setTaskQueue("heartbeat-activities")
                    .setStartToCloseTimeout(Duration.ofMinutes(1))
                    .setHeartbeatTimeout(Duration.ofSeconds(1))
                    .build()).process(items);
        }
    }

    @Test
    void throttleIntervalWithoutHeartbeatTimeoutIsTheWorkerDefault() {
        assertThat(io.reprise.internal.worker.HeartbeatThrottleAccess.interval(null, WorkerOptions.getDefaultInstance()))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(io.reprise.internal.worker.HeartbeatThrottleAccess.interval(Duration.ofMinutes(10),
                WorkerOptions.getDefaultInstance())).isEqualTo(Duration.ofSeconds(60));
        assertThat(io.reprise.internal.worker.HeartbeatThrottleAccess.interval(Duration.ofSeconds(10),
                WorkerOptions.getDefaultInstance())).isEqualTo(Duration.ofSeconds(8));
        assertThat(io.reprise.internal.worker.HeartbeatThrottleAccess.interval(null, WorkerOptions.newBuilder()
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(5)).build())).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void heartbeatTimeoutRetriesAndTheNextAttemptResumesFromTheLastDetails() throws Exception {
        ResumingItems items = new ResumingItems(3);
        startEnv(items, fastHeartbeats());
        WorkflowStub stub = start("resume", new Plan(5, Duration.ofSeconds(5), 0));
        assertThat(items.hung.await(5, TimeUnit.SECONDS)).isTrue();
        awaitHeartbeat("resume", 3);

        env.sleep(Duration.ofSeconds(5));

        assertThat(stub.getResult(String.class)).isEqualTo("attempt 2 processed 4..5");
        assertThat(items.resumedFrom).containsExactly(1, 4);
        EventAttributes.ActivityTaskStarted started = EngineHistory.events(env.getWorkflowClient().fetchHistory("resume")).stream()
                .filter(e -> e.attributes() instanceof EventAttributes.ActivityTaskStarted)
                .map(e -> (EventAttributes.ActivityTaskStarted) e.attributes()).findFirst().orElseThrow();
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.lastFailure().timeoutType()).isEqualTo(TimeoutType.HEARTBEAT);
        assertThat(DataConverter.getDefaultInstance().fromPayload(started.lastFailure().details().get(0),
                Integer.class, Integer.class)).isEqualTo(3);
    }

    @Test
    void heartbeatTimeoutOfTheLastAttemptReachesTheWorkflowWithTheLastDetails() throws Exception {
        ResumingItems items = new ResumingItems(3);
        startEnv(items, fastHeartbeats());
        WorkflowStub stub = start("exhausted", new Plan(5, Duration.ofSeconds(5), 1));
        assertThat(items.hung.await(5, TimeUnit.SECONDS)).isTrue();
        awaitHeartbeat("exhausted", 3);

        env.sleep(Duration.ofSeconds(5));

        assertThat(stub.getResult(String.class)).isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED + " HEARTBEAT last=3");
        assertThat(items.resumedFrom).containsExactly(1);
    }

    @Test
    void noHeartbeatTimeoutBeforeTheTimeoutPassesSinceTheLastHeartbeat() throws Exception {
        ResumingItems items = new ResumingItems(3);
        startEnv(items, fastHeartbeats());
        start("not-yet", new Plan(5, Duration.ofSeconds(5), 1));
        assertThat(items.hung.await(5, TimeUnit.SECONDS)).isTrue();
        awaitHeartbeat("not-yet", 3);

        env.sleep(Duration.ofMillis(4999));

        PendingActivityInfo pending = env.getWorkflowClient().describe("not-yet").pendingActivities().get(0);
        assertThat(pending.state()).isEqualTo(PendingActivityInfo.State.STARTED);
        assertThat(pending.attempt()).isEqualTo(1);
    }

    /** An activity that hands its task token out and leaves completion to someone else. */
    static final class HandsOff implements Items {
        final BlockingQueue<byte[]> tokens = new LinkedBlockingQueue<>();

        @Override
        public String process(int items) {
            ActivityExecutionContext context = Activity.getExecutionContext();
            tokens.add(context.getTaskToken());
            context.doNotCompleteOnReturn();
            return null;
        }
    }

    @Test
    void heartbeatsFromOutsideByTokenAndByIdKeepTheActivityAlive() throws Exception {
        HandsOff handsOff = new HandsOff();
        startEnv(handsOff, WorkerOptions.getDefaultInstance());
        WorkflowStub stub = start("external", new Plan(1, Duration.ofSeconds(5), 1));
        byte[] token = handsOff.tokens.poll(5, TimeUnit.SECONDS);
        ActivityCompletionClient completions = env.getWorkflowClient().newActivityCompletionClient();

        env.sleep(Duration.ofSeconds(4));
        completions.heartbeat(token, 7);
        env.sleep(Duration.ofSeconds(4));
        completions.heartbeat("external", null, "1", 8);
        env.sleep(Duration.ofSeconds(4));

        PendingActivityInfo pending = env.getWorkflowClient().describe("external").pendingActivities().get(0);
        assertThat(pending.attempt()).isEqualTo(1);
        assertThat(DataConverter.getDefaultInstance().fromPayload(pending.heartbeatDetails().get(0), Integer.class,
                Integer.class)).isEqualTo(8);
        completions.complete(token, "finished outside");
        assertThat(stub.getResult(String.class)).isEqualTo("finished outside");
    }
}
