package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.Async;
import io.reprise.workflow.Promise;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkerAndWorkflowOptionsTest {

    static final String QUEUE = "options";

    @ActivityInterface
    public interface Work {
        String work(int i);
    }

    /** Counts how many calls overlap; the first two wait for each other, so two overlap for sure when allowed. */
    static final class WorkImpl implements Work {
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final CountDownLatch firstTwo = new CountDownLatch(2);

        @Override
        public String work(int i) {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                firstTwo.countDown();
                firstTwo.await(30, TimeUnit.SECONDS);
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return Activity.getExecutionContext().getInfo().activityId();
        }
    }

    @WorkflowInterface
    public interface FanOut {
        @WorkflowMethod
        List<String> fanOut(int n);
    }

    public static final class FanOutImpl implements FanOut {
        @Override
        public List<String> fanOut(int n) {
            List<Promise<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Work work = Workflow.newActivityStub(Work.class, ActivityOptions.newBuilder()
                        .setActivityId("work-" + i).setStartToCloseTimeout(Duration.ofSeconds(10)).build());
                int index = i;
                results.add(Async.function(() -> work.work(index)));
            }
            List<String> ids = new ArrayList<>();
            for (Promise<String> p : results) {
                ids.add(p.get());
            }
            return ids;
        }
    }

    @WorkflowInterface
    public interface Sleepy {
        @WorkflowMethod
        void sleep(Duration d);
    }

    public static final class SleepyImpl implements Sleepy {
        @Override
        public void sleep(Duration d) {
            Workflow.sleep(d);
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(FanOutImpl.class, SleepyImpl.class)
            .setTaskQueue(QUEUE)
            .setWorkerOptions(WorkerOptions.newBuilder()
                    .setMaxConcurrentActivityExecutions(2)
                    .setIdentity("worker-7")
                    .build())
            // Frozen: execution and run timeouts are asserted to the millisecond.
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder().setFrozenClock(true).build())
            .build();

    private TestWorkflowEnvironment env;
    private WorkImpl work;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        this.env = env;
        work = new WorkImpl();
        worker.registerActivitiesImplementations(work);
    }

    @Test
    void activitiesRunNoMoreAtOnceThanTheWorkerAllowsAndKeepTheirGivenIds() {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("FanOut",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("fan-out").build());
        stub.start(6);

        @SuppressWarnings("unchecked")
        List<String> ids = stub.getResult(List.class);

        assertThat(ids).containsExactly("work-0", "work-1", "work-2", "work-3", "work-4", "work-5");
        assertThat(work.maxRunning.get()).isEqualTo(2);
        List<HistoryEvent> events = EngineHistory.events(stub.fetchHistory());
        assertThat(events).filteredOn(e -> e.eventType() == EventType.ActivityTaskStarted)
                .hasSize(6)
                .allSatisfy(e -> assertThat(e.attributes(EventAttributes.ActivityTaskStarted.class).identity())
                        .isEqualTo("worker-7"));
    }

    @Test
    void theExecutionTimeoutClosesTheRunAsTimedOut() {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("Sleepy", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("too-slow")
                .setWorkflowExecutionTimeout(Duration.ofHours(1)).build());
        stub.start(Duration.ofDays(1));

        assertThatThrownBy(() -> stub.getResult(Void.class))
                .isInstanceOfSatisfying(WorkflowFailedException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(WorkflowExecutionStatus.TIMED_OUT));
        var description = stub.describe();
        assertThat(description.status()).isEqualTo(WorkflowExecutionStatus.TIMED_OUT);
        assertThat(Duration.between(description.startTime(), description.closeTime())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theRunTimeoutAlsoClosesTheRun() {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("Sleepy", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("run-too-slow")
                .setWorkflowRunTimeout(Duration.ofMinutes(30)).build());
        stub.start(Duration.ofDays(1));

        assertThatThrownBy(() -> stub.getResult(Void.class)).isInstanceOf(WorkflowFailedException.class);
        var description = stub.describe();
        assertThat(Duration.between(description.startTime(), description.closeTime()))
                .isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theWorkflowTaskTimeoutIsRecordedOnEveryWorkflowTask() {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("Sleepy", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("task-timeout")
                .setWorkflowTaskTimeout(Duration.ofSeconds(3)).build());
        stub.start(Duration.ofSeconds(1));
        stub.getResult(Void.class);

        List<HistoryEvent> events = EngineHistory.events(stub.fetchHistory());
        assertThat(events.get(0).attributes(EventAttributes.WorkflowExecutionStarted.class).workflowTaskTimeout())
                .isEqualTo(Duration.ofSeconds(3));
        assertThat(events).filteredOn(e -> e.eventType() == EventType.WorkflowTaskScheduled)
                .allSatisfy(e -> assertThat(e.attributes(EventAttributes.WorkflowTaskScheduled.class)
                        .startToCloseTimeout()).isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void workerOptionsRejectBadValuesWithTheOptionName() {
        assertThatThrownBy(() -> WorkerOptions.newBuilder().setMaxConcurrentActivityExecutions(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WorkerOptions.maxConcurrentActivityExecutions must be at least 1, got 0");
        assertThatThrownBy(() -> WorkflowOptions.newBuilder().setTaskQueue("q")
                .setWorkflowTaskTimeout(Duration.ofMinutes(5)).build().validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WorkflowOptions.workflowTaskTimeout must be at most 120 s, got PT5M");
    }
}
