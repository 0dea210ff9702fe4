package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowOptions;
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
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rate limits are real time, so these tests measure real time, and only from below: a loaded
 * machine makes starts later, never earlier. The exact spacing is {@code ActivityStartLimiterTest}'s,
 * on a manual clock.
 */
class RateLimitTest {

    static final String QUEUE = "rate-limited";

    @ActivityInterface
    public interface Tick {
        void tick();
    }

    static final class RecordingTick implements Tick {
        final List<Long> starts = new CopyOnWriteArrayList<>();

        @Override
        public void tick() {
            starts.add(System.nanoTime());
        }
    }

    @WorkflowInterface
    public interface FanOut {
        @WorkflowMethod
        void run(int count);
    }

    public static final class FanOutImpl implements FanOut {
        @Override
        public void run(int count) {
            Tick tick = Workflow.newActivityStub(Tick.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1)).build());
            List<Promise<Void>> all = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(Async.procedure(tick::tick));
            }
            Promise.allOf(all).get();
        }
    }

    private TestWorkflowEnvironment env;

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** When the workflow was started ({@link System#nanoTime}). */
    private long startedAt;

    private RecordingTick run(WorkerOptions options, int count, String workflowId) {
        env = TestWorkflowEnvironment.newInstance();
        RecordingTick tick = new RecordingTick();
        Worker worker = env.newWorker(QUEUE, options);
        worker.registerWorkflowImplementationTypes(FanOutImpl.class);
        worker.registerActivitiesImplementations(tick);
        env.start();
        startedAt = System.nanoTime();
        env.getWorkflowClient().newWorkflowStub(FanOut.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId(workflowId).build()).run(count);
        return tick;
    }

    /**
     * The k-th start (in time order) comes at least k intervals after the workflow started: each
     * start's task was handed out at least one interval after the previous one.
     */
    private void assertStartsSpacedBy(List<Long> starts, Duration interval) {
        List<Long> sorted = starts.stream().sorted().toList();
        for (int k = 0; k < sorted.size(); k++) {
            assertThat(Duration.ofNanos(sorted.get(k) - startedAt)).as("start %d", k)
                    .isGreaterThanOrEqualTo(interval.multipliedBy(k));
        }
    }

    @Test
    void workerRateLimitHoldsActivityStartsToTwentyPerSecond() {
        RecordingTick tick = run(WorkerOptions.newBuilder().setMaxActivitiesPerSecond(20).build(), 45, "worker-20");

        assertThat(tick.starts).hasSize(45);
        assertStartsSpacedBy(tick.starts, Duration.ofMillis(50));
    }

    @Test
    void taskQueueRateLimitIsEnforcedByTheEngineWithFractionalRates() {
        RecordingTick tick = run(WorkerOptions.newBuilder().setMaxTaskQueueActivitiesPerSecond(0.5).build(), 3,
                "queue-half");

        assertThat(tick.starts).hasSize(3);
        assertStartsSpacedBy(tick.starts, Duration.ofSeconds(2));
    }

    @Test
    void taskQueueRateLimitOfTwentyPerSecondAcrossTheQueue() {
        RecordingTick tick = run(WorkerOptions.newBuilder().setMaxTaskQueueActivitiesPerSecond(20).build(), 45,
                "queue-20");

        assertThat(tick.starts).hasSize(45);
        assertStartsSpacedBy(tick.starts, Duration.ofMillis(50));
    }
}
