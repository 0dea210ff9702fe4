package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.RetryOptions;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.TimeoutType;
import io.reprise.worker.Worker;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default test clock runs at real-time pace: what comes due in real time happens although
 * nobody waits for a result (so nothing skips time).
 */
class RealTimeClockTest {

    static final String QUEUE = "real-time";

    @WorkflowInterface
    public interface Napper {
        @WorkflowMethod
        String nap();
    }

    public static final class NapperImpl implements Napper {
        @Override
        public String nap() {
            Workflow.sleep(Duration.ofSeconds(1));
            return "rested";
        }
    }

    @ActivityInterface
    public interface SlowWork {
        String work();
    }

    /** The first attempt blocks in real time, past its 1 s Start-To-Close Timeout, until released; later ones return. */
    static final class SlowWorkImpl implements SlowWork {
        final CountDownLatch release = new CountDownLatch(1);
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        @Override
        public String work() {
            int attempt = Activity.getExecutionContext().getInfo().attempt();
            attempts.add(attempt);
            if (attempt == 1) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "done on attempt " + attempt;
        }
    }

    @WorkflowInterface
    public interface RunsSlowWork {
        @WorkflowMethod
        String run();
    }

    public static final class RunsSlowWorkImpl implements RunsSlowWork {
        @Override
        public String run() {
            SlowWork work = Workflow.newActivityStub(SlowWork.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(1))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
                    .build());
            return work.work();
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(NapperImpl.class, RunsSlowWorkImpl.class)
            .setTaskQueue(QUEUE)
            .build();

    private TestWorkflowEnvironment env;
    private SlowWorkImpl slowWork;
    private WorkflowClient client;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        this.env = env;
        slowWork = new SlowWorkImpl();
        worker.registerActivitiesImplementations(slowWork);
        client = env.getWorkflowClient();
    }

    /** Lets a still running activity end before the extension closes the environment. */
    @AfterEach
    void releaseTheSlowWork() {
        slowWork.release.countDown();
    }

    private WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build();
    }

    /** Polls the description (which never moves the clock) until the workflow closes. */
    private WorkflowExecutionStatus awaitClosed(String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            WorkflowExecutionStatus status = client.describe(workflowId).status();
            if (status != WorkflowExecutionStatus.RUNNING) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(workflowId + " still RUNNING after 30 s of real time; history: "
                        + EngineHistory.events(client.fetchHistory(workflowId)).stream().map(HistoryEvent::eventType).toList());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSleepingWorkflowLeftAloneWakesUpInRealTime() throws Exception {
        Instant start = env.now();
        WorkflowClient.start(client.newWorkflowStub(Napper.class, options("napper"))::nap);

        assertThat(awaitClosed("napper")).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(client.newUntypedWorkflowStub("napper").getResult(String.class)).isEqualTo("rested");
        assertThat(EngineHistory.events(client.fetchHistory("napper"))).map(HistoryEvent::eventType)
                .containsSubsequence(EventType.TimerStarted, EventType.TimerFired, EventType.WorkflowExecutionCompleted);
        assertThat(env.now()).isAfterOrEqualTo(start.plusSeconds(1));
    }

    @Test
    void aSlowActivityTimesOutAndIsRetriedWhileNobodySkipsTime() throws Exception {
        WorkflowClient.start(client.newWorkflowStub(RunsSlowWork.class, options("slow"))::run);

        assertThat(awaitClosed("slow")).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(client.newUntypedWorkflowStub("slow").getResult(String.class)).isEqualTo("done on attempt 2");
        assertThat(slowWork.attempts).containsExactly(1, 2);
        HistoryEvent started = EngineHistory.events(client.fetchHistory("slow")).stream()
                .filter(e -> e.eventType() == EventType.ActivityTaskStarted).findFirst().orElseThrow();
        EventAttributes.ActivityTaskStarted attributes = started.attributes(EventAttributes.ActivityTaskStarted.class);
        assertThat(attributes.attempt()).isEqualTo(2);
        assertThat(attributes.lastFailure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
    }
}
