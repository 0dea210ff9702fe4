package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.PendingActivityInfo;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutFailure;
import io.reprise.failure.TimeoutType;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActivityExecutionTest {

    static final String QUEUE = "activities";

    @ActivityInterface
    public interface Flaky {
        String call(String input);
    }

    /** Fails the first {@code failures} attempts, recording each attempt's start time. */
    static final class FlakyImpl implements Flaky {
        final int failures;
        final RuntimeException error;
        final List<Instant> attemptStarts = new CopyOnWriteArrayList<>();
        final List<Integer> attempts = new CopyOnWriteArrayList<>();

        FlakyImpl(int failures, RuntimeException error) {
            this.failures = failures;
            this.error = error;
        }

        @Override
        public String call(String input) {
            var info = Activity.getExecutionContext().getInfo();
            attemptStarts.add(info.startedTime());
            attempts.add(info.attempt());
            if (attempts.size() <= failures) {
                throw error;
            }
            return input + "@" + info.attempt();
        }
    }

    public record Plan(Duration startToClose, Duration scheduleToClose, Duration scheduleToStart, int maximumAttempts,
            List<String> doNotRetry, String taskQueue) {
    }

    @WorkflowInterface
    public interface CallsFlaky {
        @WorkflowMethod
        String run(Plan plan);
    }

    public static final class CallsFlakyImpl implements CallsFlaky {
        @Override
        public String run(Plan plan) {
            ActivityOptions options = ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(plan.startToClose())
                    .setScheduleToCloseTimeout(plan.scheduleToClose())
                    .setScheduleToStartTimeout(plan.scheduleToStart())
                    .setTaskQueue(plan.taskQueue())
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setMaximumAttempts(plan.maximumAttempts())
                            .setDoNotRetry(plan.doNotRetry().toArray(String[]::new))
                            .build())
                    .build();
            return Workflow.newActivityStub(Flaky.class, options).call("x");
        }
    }

    // Each test registers its activities, then starts the workers.
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(CallsFlakyImpl.class)
            .setTaskQueue(QUEUE)
            // Frozen: retry backoffs and timeouts are asserted to the millisecond.
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder().setFrozenClock(true).build())
            .setDoNotStart(true)
            .build();

    private TestWorkflowEnvironment env;
    private Worker worker;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        this.env = env;
        this.worker = worker;
    }

    private CallsFlaky stub(String workflowId) {
        return env.getWorkflowClient().newWorkflowStub(CallsFlaky.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
    }

    private static Plan plan(Duration startToClose) {
        return new Plan(startToClose, null, null, 0, List.of(), null);
    }

    private List<HistoryEvent> history(String workflowId) {
        return EngineHistory.events(env.getWorkflowClient().fetchHistory(workflowId));
    }

    private static List<EventType> types(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvent::eventType).toList();
    }

    @Test
    void retriesFollowTheDefaultBackoffOfOneTwoAndFourSeconds() {
        FlakyImpl flaky = new FlakyImpl(3, new IllegalStateException("not yet"));
        worker.registerActivitiesImplementations(flaky);
        env.start();

        String result = stub("retry-schedule").run(plan(Duration.ofSeconds(10)));

        assertThat(result).isEqualTo("x@4");
        assertThat(flaky.attempts).containsExactly(1, 2, 3, 4);
        List<Instant> starts = flaky.attemptStarts;
        assertThat(Duration.between(starts.get(0), starts.get(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(Duration.between(starts.get(1), starts.get(2))).isEqualTo(Duration.ofSeconds(2));
        assertThat(Duration.between(starts.get(2), starts.get(3))).isEqualTo(Duration.ofSeconds(4));
        // Retries are invisible in history: one scheduled, one started (the last attempt), one completed.
        List<EventType> types = types(history("retry-schedule"));
        assertThat(types).containsOnlyOnce(EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted,
                EventType.ActivityTaskCompleted);
    }

    @Test
    void aNonRetryableErrorTypeStopsRetriesAtTheFirstFailure() {
        FlakyImpl flaky = new FlakyImpl(5, new IllegalArgumentException("card declined"));
        worker.registerActivitiesImplementations(flaky);
        env.start();

        Plan p = new Plan(Duration.ofSeconds(10), null, null, 0, List.of(IllegalArgumentException.class.getName()), null);
        assertThatThrownBy(() -> stub("non-retryable").run(p))
                .isInstanceOf(WorkflowFailedException.class)
                .cause().isInstanceOf(ActivityFailure.class)
                .satisfies(e -> {
                    ActivityFailure af = (ActivityFailure) e;
                    assertThat(af.getRetryState()).isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
                    assertThat(af.getActivityType()).isEqualTo("Call");
                    ApplicationFailure cause = (ApplicationFailure) af.getCause();
                    assertThat(cause.getType()).isEqualTo(IllegalArgumentException.class.getName());
                    assertThat(cause.getOriginalMessage()).isEqualTo("card declined");
                });
        assertThat(flaky.attempts).containsExactly(1);
    }

    @Test
    void maximumAttemptsEndRetriesWithTheLastFailureAsCause() {
        FlakyImpl flaky = new FlakyImpl(10, new IllegalStateException("down"));
        worker.registerActivitiesImplementations(flaky);
        env.start();

        Plan p = new Plan(Duration.ofSeconds(10), null, null, 3, List.of(), null);
        assertThatThrownBy(() -> stub("max-attempts").run(p))
                .cause().isInstanceOfSatisfying(ActivityFailure.class, af -> {
                    assertThat(af.getRetryState()).isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
                    assertThat(af.getCause()).isInstanceOf(ApplicationFailure.class).hasMessageContaining("down");
                });
        assertThat(flaky.attempts).containsExactly(1, 2, 3);
    }

    @Test
    void retriesStopWhenTheNextAttemptWouldStartAfterScheduleToClose() {
        FlakyImpl flaky = new FlakyImpl(100, new IllegalStateException("down"));
        worker.registerActivitiesImplementations(flaky);
        env.start();

        // Attempts at 0 s, 1 s, 3 s, 7 s; the next would be at 15 s, past the 10 s Schedule-To-Close.
        Plan p = new Plan(null, Duration.ofSeconds(10), null, 0, List.of(), null);
        assertThatThrownBy(() -> stub("schedule-to-close").run(p))
                .cause().isInstanceOfSatisfying(ActivityFailure.class,
                        af -> assertThat(af.getRetryState()).isEqualTo(RetryState.TIMEOUT));
        assertThat(flaky.attempts).containsExactly(1, 2, 3, 4);
    }

    @Test
    void aScheduleToStartTimeoutIsNeverRetried() {
        // Nothing polls the activity's queue, so the task waits until Schedule-To-Start fires.
        env.start();
        Plan p = new Plan(Duration.ofSeconds(10), null, Duration.ofSeconds(5), 0, List.of(), "nobody-polls-here");

        assertThatThrownBy(() -> stub("schedule-to-start").run(p))
                .cause().isInstanceOfSatisfying(ActivityFailure.class, af -> {
                    assertThat(af.getCause()).isInstanceOfSatisfying(TimeoutFailure.class,
                            t -> assertThat(t.getTimeoutType()).isEqualTo(TimeoutType.SCHEDULE_TO_START));
                });
        List<HistoryEvent> events = history("schedule-to-start");
        assertThat(types(events)).doesNotContain(EventType.ActivityTaskStarted);
        assertThat(types(events)).containsOnlyOnce(EventType.ActivityTaskTimedOut);
        HistoryEvent scheduled = events.stream().filter(e -> e.eventType() == EventType.ActivityTaskScheduled)
                .findFirst().orElseThrow();
        HistoryEvent timedOut = events.stream().filter(e -> e.eventType() == EventType.ActivityTaskTimedOut)
                .findFirst().orElseThrow();
        assertThat(Duration.between(scheduled.eventTime(), timedOut.eventTime())).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeoutFailureNamesTheWorkerThatRanTheAttempt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        worker.registerActivitiesImplementations((Flaky) input -> {
            calls.incrementAndGet();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return input;
        });
        env.start();
        CallsFlaky wf = stub("timeout-identity");
        var execution = WorkflowStub.fromTyped(wf);
        io.reprise.client.WorkflowClient.start(wf::run,
                new Plan(Duration.ofSeconds(5), null, null, 1, List.of(), null));
        while (calls.get() < 1) {
            Thread.sleep(2);
        }
        env.sleep(Duration.ofSeconds(6));

        try {
            assertThatThrownBy(() -> execution.getResult(String.class))
                    .cause().isInstanceOfSatisfying(ActivityFailure.class, af -> {
                        String worker = history("timeout-identity").stream()
                                .filter(e -> e.eventType() == EventType.ActivityTaskStarted).findFirst().orElseThrow()
                                .attributes(io.reprise.engine.api.EventAttributes.ActivityTaskStarted.class).identity();
                        assertThat(worker).isNotBlank();
                        assertThat(af.getIdentity()).isEqualTo(worker);
                        assertThat(af.getMessage()).contains(", identity='" + worker + "', retryState="
                                + "MAXIMUM_ATTEMPTS_REACHED");
                        assertThat(af.getCause()).isInstanceOfSatisfying(TimeoutFailure.class,
                                t -> assertThat(t.getTimeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE));
                    });
        } finally {
            release.countDown();
        }
    }

    @Test
    void aTimeoutBeforeAnyStartNamesNoWorker() {
        env.start();
        Plan p = new Plan(Duration.ofSeconds(10), null, Duration.ofSeconds(5), 0, List.of(), "nobody-polls-here");

        assertThatThrownBy(() -> stub("no-worker").run(p))
                .cause().isInstanceOfSatisfying(ActivityFailure.class, af -> {
                    assertThat(af.getIdentity()).isNull();
                    assertThat(af.getMessage()).doesNotContain("identity").contains("startedEventId=0, retryState=");
                });
    }

    @Test
    void aStartToCloseTimeoutIsRetriedAndTheNextAttemptSucceeds() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        worker.registerActivitiesImplementations((Flaky) input -> {
            int attempt = Activity.getExecutionContext().getInfo().attempt();
            calls.incrementAndGet();
            if (attempt == 1) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return input + "@" + attempt;
        });
        env.start();

        CallsFlaky wf = stub("start-to-close");
        var execution = WorkflowStub.fromTyped(wf);
        io.reprise.client.WorkflowClient.start(wf::run, plan(Duration.ofSeconds(5)));
        // The first attempt hangs: move time past its Start-To-Close timeout.
        while (calls.get() < 1) {
            Thread.sleep(2);
        }
        env.sleep(Duration.ofSeconds(6));
        String result = execution.getResult(String.class);
        release.countDown();

        assertThat(result).isEqualTo("x@2");
        assertThat(calls.get()).isEqualTo(2);
        HistoryEvent started = history("start-to-close").stream()
                .filter(e -> e.eventType() == EventType.ActivityTaskStarted).findFirst().orElseThrow();
        assertThat(started.attributes(io.reprise.engine.api.EventAttributes.ActivityTaskStarted.class).attempt())
                .isEqualTo(2);
    }

    @Test
    void anUnregisteredActivityTypeFailsTheAttemptAndIsRetriedWhenAWorkerKnowsIt() throws Exception {
        env.start();
        // A worker on "payments" that does not know the Call activity.
        WorkerFactory ignorant = WorkerFactory.newInstance(env.getWorkflowClient());
        ignorant.newWorker("payments").registerActivitiesImplementations(new OtherImpl());
        ignorant.start();

        CallsFlaky wf = stub("unregistered");
        WorkflowStub untyped = WorkflowStub.fromTyped(wf);
        io.reprise.client.WorkflowClient.start(wf::run, new Plan(Duration.ofSeconds(10), null, null, 0, List.of(),
                "payments"));
        var pending = awaitPendingFailure("unregistered");
        assertThat(pending.lastFailure().type()).isEqualTo("ActivityTypeNotRegistered");
        assertThat(pending.lastFailure().message())
                .isEqualTo("Activity type \"Call\" is not registered on task queue \"payments\"; registered types: [Other]");
        ignorant.shutdownNow();

        WorkerFactory knowing = WorkerFactory.newInstance(env.getWorkflowClient());
        FlakyImpl flaky = new FlakyImpl(0, null);
        knowing.newWorker("payments").registerActivitiesImplementations(flaky);
        knowing.start();
        try {
            assertThat(untyped.getResult(String.class)).isEqualTo("x@2");
            assertThat(flaky.attempts).containsExactly(2);
        } finally {
            knowing.shutdownNow();
        }
    }

    private PendingActivityInfo awaitPendingFailure(String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            var pending = env.getWorkflowClient().describe(workflowId).pendingActivities();
            if (!pending.isEmpty() && pending.get(0).lastFailure() != null) {
                return pending.get(0);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no pending activity with a failure appeared");
    }

    @ActivityInterface
    public interface Other {
        void other();
    }

    static final class OtherImpl implements Other {
        @Override
        public void other() {
        }
    }
}
