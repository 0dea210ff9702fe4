package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.RetryOptions;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.TimeoutType;
import io.reprise.internal.mapping.HistoryDocument;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Under @RepriseTest a workflow started and left alone runs in real time: nobody waits for its
 * result, so nothing skips time, and the test clock still brings its timers and timeouts due.
 */
@RepriseTest(classes = RepriseTestRealTimeClockTests.NapApplication.class)
class RepriseTestRealTimeClockTests {

    @WorkflowInterface
    public interface Napper {
        @WorkflowMethod
        String nap();
    }

    @WorkflowImpl(taskQueues = "naps")
    public static class NapperImpl implements Napper {
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
    @ActivityImpl(taskQueues = "naps")
    public static class SlowWorkImpl implements SlowWork {
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

    @WorkflowImpl(taskQueues = "naps")
    public static class RunsSlowWorkImpl implements RunsSlowWork {
        private final SlowWork work = Workflow.newActivityStub(SlowWork.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(1))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
                .build());

        @Override
        public String run() {
            return work.work();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ NapperImpl.class, SlowWorkImpl.class, RunsSlowWorkImpl.class })
    static class NapApplication {
    }

    @Autowired
    WorkflowClient client;

    @Autowired
    SlowWorkImpl slowWork;

    @AfterEach
    void releaseTheBlockedAttempt() {
        slowWork.release.countDown();
    }

    private static WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue("naps").setWorkflowId(workflowId).build();
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
                        + engineEvents(client.fetchHistory(workflowId)).stream().map(HistoryEvent::eventType).toList());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aSleepingWorkflowLeftAloneWakesUpInRealTime() throws Exception {
        WorkflowClient.start(client.newWorkflowStub(Napper.class, options("napper"))::nap);

        assertThat(awaitClosed("napper")).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(client.newUntypedWorkflowStub("napper").getResult(String.class)).isEqualTo("rested");
        assertThat(engineEvents(client.fetchHistory("napper"))).map(HistoryEvent::eventType)
                .containsSubsequence(EventType.TimerStarted, EventType.TimerFired, EventType.WorkflowExecutionCompleted);
    }

    @Test
    void aSlowActivityTimesOutAndIsRetriedWhileNobodySkipsTime() throws Exception {
        WorkflowClient.start(client.newWorkflowStub(RunsSlowWork.class, options("slow"))::run);

        assertThat(awaitClosed("slow")).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(client.newUntypedWorkflowStub("slow").getResult(String.class)).isEqualTo("done on attempt 2");
        assertThat(slowWork.attempts).containsExactly(1, 2);
        EventAttributes.ActivityTaskStarted started = engineEvents(client.fetchHistory("slow")).stream()
                .filter(e -> e.eventType() == EventType.ActivityTaskStarted).findFirst().orElseThrow()
                .attributes(EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.lastFailure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
    }

    /** The engine's events of a history, to check what was recorded attribute by attribute. */
    private static List<HistoryEvent> engineEvents(WorkflowHistory history) {
        return HistoryDocument.fromJson(history.toJson()).events();
    }
}
