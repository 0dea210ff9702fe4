package io.reprise.testing;

import static io.reprise.engine.api.EventType.MarkerRecorded;
import static io.reprise.engine.api.EventType.TimerFired;
import static io.reprise.engine.api.EventType.TimerStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionCompleted;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.DataConverter;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalActivityTest {

    static final String QUEUE = "local";

    @ActivityInterface
    public interface Lookup {
        String find(String key);
    }

    /**
     * Records every call; fails the first {@code failures} calls; returns once {@code holdUntil} holds.
     */
    static final class RecordingLookup implements Lookup {
        static final List<String> calls = new CopyOnWriteArrayList<>();
        static volatile int failures;
        static volatile BooleanSupplier holdUntil = () -> true;

        @Override
        public String find(String key) {
            int attempt = Activity.getExecutionContext().getInfo().attempt();
            calls.add(key + "#" + attempt);
            Activity.getExecutionContext().heartbeat("ignored in a local activity");
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!holdUntil.getAsBoolean()) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("held for 30 s and the condition never held");
                    }
                    Thread.sleep(5);
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (calls.size() <= failures) {
                throw new IllegalStateException("lookup down");
            }
            return "value-of-" + key + "@" + attempt;
        }
    }

    public record Plan(int maximumAttempts, Duration initialInterval, boolean sleepBetween) {
    }

    @WorkflowInterface
    public interface TwoLookups {
        @WorkflowMethod
        String run(Plan plan);
    }

    public static final class TwoLookupsImpl implements TwoLookups {
        @Override
        public String run(Plan plan) {
            Lookup lookup = Workflow.newLocalActivityStub(Lookup.class, LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(5))
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(plan.maximumAttempts())
                            .setInitialInterval(plan.initialInterval()).setBackoffCoefficient(1.0).build())
                    .build());
            try {
                String a = lookup.find("a");
                if (plan.sleepBetween()) {
                    Workflow.sleep(Duration.ofSeconds(1));
                }
                return a + "," + lookup.find("b");
            } catch (ActivityFailure e) {
                return "failed: " + ((ApplicationFailure) e.getCause()).getType();
            }
        }
    }

    /** The same Workflow Type, changed: it no longer asks for the first lookup. */
    public static final class ChangedTwoLookupsImpl implements TwoLookups {
        @Override
        public String run(Plan plan) {
            Workflow.sleep(Duration.ofSeconds(1));
            return "changed";
        }
    }

    @WorkflowInterface
    public interface ParallelLookups {
        @WorkflowMethod
        String run(int count);
    }

    public static final class ParallelLookupsImpl implements ParallelLookups {
        @Override
        public String run(int count) {
            Lookup lookup = Workflow.newLocalActivityStub(Lookup.class, LocalActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(5)).build());
            List<io.reprise.workflow.Promise<String>> all = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                all.add(io.reprise.workflow.Async.function(lookup::find, "k" + i));
            }
            io.reprise.workflow.Promise.allOf(all).get();
            return "done";
        }
    }

    /** Counts how many calls overlap; the first two wait for each other, so two overlap for sure when allowed. */
    static final class OverlapLookup implements Lookup {
        final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger maxRunning = new java.util.concurrent.atomic.AtomicInteger();
        final CountDownLatch firstTwo = new CountDownLatch(2);

        @Override
        public String find(String key) {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                firstTwo.countDown();
                firstTwo.await(30, TimeUnit.SECONDS);
                Thread.sleep(30);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                running.decrementAndGet();
            }
            return key;
        }
    }

    private TestWorkflowEnvironment env;

    @AfterEach
    void tearDown() {
        env.close();
        RecordingLookup.calls.clear();
        RecordingLookup.failures = 0;
        RecordingLookup.holdUntil = () -> true;
    }

    private String run(String workflowId, Plan plan, int cacheSize, Duration workflowTaskTimeout) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cacheSize).build())
                .build());
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(TwoLookupsImpl.class);
        worker.registerActivitiesImplementations(new RecordingLookup());
        env.start();
        return env.getWorkflowClient().newWorkflowStub(TwoLookups.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(workflowId).setWorkflowTaskTimeout(workflowTaskTimeout).build())
                .run(plan);
    }

    private List<HistoryEvent> history(String workflowId) {
        return EngineHistory.events(env.getWorkflowClient().fetchHistory(workflowId));
    }

    private static List<EventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::eventType).toList();
    }

    private static String detail(EventAttributes.MarkerRecorded marker, String key) {
        return DataConverter.getDefaultInstance().fromPayload(marker.details().get(key).get(0), String.class,
                String.class);
    }

    @Test
    void eachLocalActivityIsOneMarkerAndReplayDoesNotRunItAgain() {
        String result = run("markers", new Plan(1, Duration.ofSeconds(1), true), 0, null);

        assertThat(result).isEqualTo("value-of-a@1,value-of-b@1");
        // Cache size 0: the task after the timer replayed the whole history, including the first marker.
        assertThat(RecordingLookup.calls).containsExactly("a#1", "b#1");
        List<HistoryEvent> events = history("markers");
        assertThat(types(events)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, MarkerRecorded, TimerStarted, TimerFired,
                WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted, MarkerRecorded,
                WorkflowExecutionCompleted);
        EventAttributes.MarkerRecorded first = events.get(4).attributes(EventAttributes.MarkerRecorded.class);
        assertThat(first.markerName()).isEqualTo("LocalActivity");
        assertThat(detail(first, "activityId")).isEqualTo("1");
        assertThat(detail(first, "type")).isEqualTo("Find");
        assertThat(detail(first, "attempt")).isEqualTo("1");
        assertThat(detail(first, "result")).isEqualTo("value-of-a@1");
        assertThat(first.failure()).isNull();
    }

    @Test
    void replayingTheHistoryReadsTheMarkersAndChangedCodeIsNonDeterministic() {
        run("replayed", new Plan(1, Duration.ofSeconds(1), true), 10, null);
        var history = env.getWorkflowClient().fetchHistory("replayed");

        WorkflowReplayer.replayWorkflowExecution(history, TwoLookupsImpl.class);

        assertThat(RecordingLookup.calls).containsExactly("a#1", "b#1");
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, ChangedTwoLookupsImpl.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("MarkerRecorded(markerName=\"LocalActivity\", activityId=\"1\")");
    }

    @Test
    void maxConcurrentLocalActivityExecutionsBoundsHowManyRunAtOnce() {
        env = TestWorkflowEnvironment.newInstance();
        OverlapLookup lookup = new OverlapLookup();
        Worker worker = env.newWorker(QUEUE, io.reprise.worker.WorkerOptions.newBuilder()
                .setMaxConcurrentLocalActivityExecutions(2).build());
        worker.registerWorkflowImplementationTypes(ParallelLookupsImpl.class);
        worker.registerActivitiesImplementations(lookup);
        env.start();

        String result = env.getWorkflowClient().newWorkflowStub(ParallelLookups.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("parallel").build()).run(6);

        assertThat(result).isEqualTo("done");
        assertThat(lookup.maxRunning).hasValue(2);
        assertThat(types(history("parallel")).stream().filter(t -> t == MarkerRecorded).count()).isEqualTo(6);
    }

    @Test
    void shortBackoffsAreRetriedInTheWorkerAndTheMarkerRecordsTheAttempt() {
        RecordingLookup.failures = 2;

        String result = run("local-retries", new Plan(5, Duration.ofMillis(10), false), 10, null);

        assertThat(result).isEqualTo("value-of-a@3,value-of-b@1");
        assertThat(RecordingLookup.calls).containsExactly("a#1", "a#2", "a#3", "b#1");
        List<HistoryEvent> events = history("local-retries");
        assertThat(types(events)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, MarkerRecorded, MarkerRecorded,
                WorkflowExecutionCompleted);
        assertThat(detail(events.get(4).attributes(EventAttributes.MarkerRecorded.class), "attempt")).isEqualTo("3");
    }

    @Test
    void aBackoffAboveTheLocalRetryThresholdIsWaitedWithADurableTimer() {
        RecordingLookup.failures = 1;

        String result = run("durable-backoff", new Plan(3, Duration.ofMinutes(2), false), 10, null);

        assertThat(result).isEqualTo("value-of-a@2,value-of-b@1");
        List<HistoryEvent> events = history("durable-backoff");
        assertThat(types(events)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, MarkerRecorded, TimerStarted, TimerFired,
                WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted, MarkerRecorded, MarkerRecorded,
                WorkflowExecutionCompleted);
        EventAttributes.MarkerRecorded failedAttempt = events.get(4).attributes(EventAttributes.MarkerRecorded.class);
        assertThat(failedAttempt.failure().type()).isEqualTo(IllegalStateException.class.getName());
        assertThat(detail(failedAttempt, "backoffMillis")).isEqualTo("120000");
        assertThat(events.get(5).attributes(EventAttributes.TimerStarted.class).startToFireTimeout())
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void exhaustedRetriesFailTheLocalActivityWithActivityFailure() {
        RecordingLookup.failures = 10;

        String result = run("local-fails", new Plan(2, Duration.ofMillis(10), false), 10, null);

        assertThat(result).isEqualTo("failed: " + IllegalStateException.class.getName());
        assertThat(RecordingLookup.calls).containsExactly("a#1", "a#2");
    }

    @Test
    void aLocalActivityLongerThanTheWorkflowTaskTimeoutKeepsTheTaskAliveWithHeartbeats() {
        // The lookup runs until the task was heartbeated three times (each heartbeat completes the task).
        RecordingLookup.holdUntil = () -> history("wft-heartbeat").stream()
                .filter(e -> e.eventType() == WorkflowTaskCompleted).count() >= 3;

        String result = run("wft-heartbeat", new Plan(1, Duration.ofSeconds(1), false), 10, Duration.ofMillis(500));

        assertThat(result).isEqualTo("value-of-a@1,value-of-b@1");
        List<EventType> types = types(history("wft-heartbeat"));
        // Every 400 ms (80 % of 500 ms) the task is completed and a new one started at once.
        assertThat(types.subList(0, 4)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted);
        assertThat(types).endsWith(MarkerRecorded, WorkflowExecutionCompleted);
        long heartbeats = types.stream().filter(t -> t == WorkflowTaskCompleted).count() - 1;
        assertThat(heartbeats).isGreaterThanOrEqualTo(3);
        assertThat(types.stream().filter(t -> t == MarkerRecorded).count()).isEqualTo(2);
        assertThat(RecordingLookup.calls).containsExactly("a#1", "b#1");
    }
}
