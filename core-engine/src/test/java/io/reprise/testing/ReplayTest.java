package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.worker.NonDeterministicException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkflowPanicPolicy;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplayTest {

    static final String QUEUE = "replay";
    static final ActivityOptions OPTIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10)).build();

    @ActivityInterface
    public interface Steps {
        String first(String in);

        String second(String in);
    }

    static final class StepsImpl implements Steps {
        static volatile boolean flipped;

        @Override
        public String first(String in) {
            flipped = true;
            return in + "-first";
        }

        @Override
        public String second(String in) {
            return in + "-second";
        }
    }

    @WorkflowInterface
    public interface Versioned {
        @WorkflowMethod
        String run(String in);
    }

    public static final class VersionOne implements Versioned {
        @Override
        public String run(String in) {
            Steps steps = Workflow.newActivityStub(Steps.class, OPTIONS);
            String a = steps.first(in);
            Workflow.sleep(Duration.ofMinutes(1));
            return steps.second(a);
        }
    }

    /** Changed code: calls second() where the recorded run called first(). */
    public static final class VersionTwo implements Versioned {
        @Override
        public String run(String in) {
            Steps steps = Workflow.newActivityStub(Steps.class, OPTIONS);
            String a = steps.second(in);
            Workflow.sleep(Duration.ofMinutes(1));
            return steps.first(a);
        }
    }

    /** Changed code: an extra activity after the recorded ones. */
    public static final class VersionThree implements Versioned {
        @Override
        public String run(String in) {
            Steps steps = Workflow.newActivityStub(Steps.class, OPTIONS);
            String a = steps.first(in);
            Workflow.sleep(Duration.ofMinutes(1));
            String b = steps.second(a);
            return steps.second(b);
        }
    }

    /** Non-deterministic on purpose: its path depends on state changed by an activity. */
    public static final class Flipping implements Versioned {
        @Override
        public String run(String in) {
            Steps steps = Workflow.newActivityStub(Steps.class, OPTIONS);
            String a = StepsImpl.flipped ? steps.second(in) : steps.first(in);
            return steps.second(a);
        }
    }

    public static final class Blocking implements Versioned {
        @Override
        public String run(String in) {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return in;
        }
    }

    /** Blocks longer than a deadlock timeout of a second, the shortest that {@code CoarseTimeouts} watches. */
    public static final class BlockingLonger implements Versioned {
        @Override
        public String run(String in) {
            try {
                Thread.sleep(1_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return in;
        }
    }

    public static final class Throwing implements Versioned {
        @Override
        public String run(String in) {
            if (in.equals("bug")) {
                throw new IllegalStateException("a bug in workflow code");
            }
            throw ApplicationFailure.newNonRetryableFailure("order rejected", "Rejected", in);
        }
    }

    private TestWorkflowEnvironment env;

    private Worker start(int cacheSize, WorkerOptions options, Class<?> workflow, boolean activities) {
        // Frozen: a Workflow Task Timeout is asserted to the millisecond.
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cacheSize).build())
                .setFrozenClock(true).build());
        Worker worker = env.newWorker(QUEUE, options);
        if (workflow != null) {
            worker.registerWorkflowImplementationTypes(workflow);
        }
        if (activities) {
            worker.registerActivitiesImplementations(new StepsImpl());
        }
        StepsImpl.flipped = false;
        return worker;
    }

    @AfterEach
    void tearDown() {
        if (env != null) {
            env.close();
        }
    }

    private WorkflowStub startWorkflow(String workflowId, String input) {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("Versioned",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        stub.start(input);
        return stub;
    }

    private HistoryEvent awaitEvent(String workflowId, Predicate<HistoryEvent> predicate) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<HistoryEvent> found = EngineHistory.events(env.getWorkflowClient().fetchHistory(workflowId)).stream()
                    .filter(predicate).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no matching event in the history of " + workflowId);
    }

    private static Predicate<HistoryEvent> taskFailedWith(WorkflowTaskFailedCause cause) {
        return e -> e.attributes() instanceof EventAttributes.WorkflowTaskFailed f && f.cause() == cause;
    }

    @Test
    void replayingARecordedHistoryWithTheSameCodeSucceeds() {
        start(600, WorkerOptions.getDefaultInstance(), VersionOne.class, true);
        env.start();
        WorkflowStub stub = startWorkflow("v1", "in");
        assertThat(stub.getResult(String.class)).isEqualTo("in-first-second");

        String json = stub.fetchHistory().toJson();

        WorkflowReplayer.replayWorkflowExecution(json, VersionOne.class);
    }

    @Test
    void replayingWithChangedCodeReportsTheEventTheCommandAndWhereItCameFrom() {
        start(600, WorkerOptions.getDefaultInstance(), VersionOne.class, true);
        env.start();
        WorkflowStub stub = startWorkflow("v1-changed", "in");
        stub.getResult(String.class);
        WorkflowHistory history = WorkflowHistory.fromJson(stub.fetchHistory().toJson());

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, VersionTwo.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("History has event #5 ActivityTaskScheduled(activityType=\"First\", activityId=\"1\")")
                .hasMessageContaining("ScheduleActivityTask(activityType=\"Second\", activityId=\"1\")")
                .hasMessageContaining("ReplayTest$VersionTwo.run(ReplayTest.java:")
                // Expected and actual side by side, one per line.
                .hasMessageContaining("\n  expected (history): event #5 ActivityTaskScheduled(activityType=\"First\", "
                        + "activityId=\"1\")\n  actual   (code):    ScheduleActivityTask(activityType=\"Second\", "
                        + "activityId=\"1\")");
    }

    @Test
    void replayingCodeThatDoesMoreThanTheClosedHistoryRecordedNamesTheExtraCommand() {
        start(600, WorkerOptions.getDefaultInstance(), VersionOne.class, true);
        env.start();
        WorkflowStub stub = startWorkflow("v1-extended", "in");
        stub.getResult(String.class);
        WorkflowHistory history = stub.fetchHistory();

        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, VersionThree.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("ScheduleActivityTask(activityType=\"Second\", activityId=\"3\") produced at "
                        + "io.reprise.testing.ReplayTest$VersionThree.run(ReplayTest.java:");
    }

    @Test
    void aNonDeterministicRunFailsItsWorkflowTaskByDefault() throws Exception {
        start(0, WorkerOptions.getDefaultInstance(), Flipping.class, true);
        env.start();
        startWorkflow("flip-task", "in");

        HistoryEvent failed = awaitEvent("flip-task", taskFailedWith(WorkflowTaskFailedCause.NON_DETERMINISTIC_ERROR));

        assertThat(failed.attributes(EventAttributes.WorkflowTaskFailed.class).failure().message())
                .contains("ActivityTaskScheduled(activityType=\"First\"");
        assertThat(env.getWorkflowClient().describe("flip-task").status().name()).isEqualTo("RUNNING");
    }

    @Test
    void withTheFailWorkflowPanicPolicyANonDeterministicRunFails() {
        start(0, WorkerOptions.newBuilder().setPanicPolicy(WorkflowPanicPolicy.FAIL_WORKFLOW).build(),
                Flipping.class, true);
        env.start();
        WorkflowStub stub = startWorkflow("flip-workflow", "in");

        assertThatThrownBy(() -> stub.getResult(String.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause().hasMessageContaining("History has event #5 ActivityTaskScheduled");
    }

    @Test
    void aWorkflowThreadThatDoesNotYieldIsReportedAsAPotentialDeadlock() throws Exception {
        start(600, WorkerOptions.newBuilder().setDeadlockDetectionTimeout(Duration.ofMillis(100)).build(),
                Blocking.class, false);
        env.start();
        startWorkflow("deadlock", "in");

        HistoryEvent failed = awaitEvent("deadlock", taskFailedWith(WorkflowTaskFailedCause.POTENTIAL_DEADLOCK));

        assertThat(failed.attributes(EventAttributes.WorkflowTaskFailed.class).failure().message())
                .startsWith("Potential deadlock detected: workflow thread")
                .contains("did not yield within 100 ms")
                .contains("Thread.sleep");
    }

    @Test
    void aDeadlockTimeoutOfASecondIsDetectedToo() throws Exception {
        // A second or more: the runner parks without a timeout and CoarseTimeouts ends its wait.
        start(600, WorkerOptions.newBuilder().setDeadlockDetectionTimeout(Duration.ofSeconds(1)).build(),
                BlockingLonger.class, false);
        env.start();
        startWorkflow("deadlock-long", "in");

        HistoryEvent failed = awaitEvent("deadlock-long", taskFailedWith(WorkflowTaskFailedCause.POTENTIAL_DEADLOCK));

        assertThat(failed.attributes(EventAttributes.WorkflowTaskFailed.class).failure().message())
                .startsWith("Potential deadlock detected: workflow thread")
                .contains("did not yield within 1000 ms")
                .contains("Thread.sleep");
    }

    @Test
    void anApplicationFailureFailsTheWorkflowWhileOtherExceptionsFailOnlyTheTask() throws Exception {
        start(600, WorkerOptions.getDefaultInstance(), Throwing.class, false);
        env.start();

        WorkflowStub rejected = startWorkflow("rejected", "o-9");
        assertThatThrownBy(() -> rejected.getResult(String.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause().isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo("Rejected");
                    assertThat(f.getOriginalMessage()).isEqualTo("order rejected");
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getDetails(String.class)).isEqualTo("o-9");
                });

        startWorkflow("bug", "bug");
        HistoryEvent failed = awaitEvent("bug",
                taskFailedWith(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE));
        assertThat(failed.attributes(EventAttributes.WorkflowTaskFailed.class).failure().type())
                .isEqualTo(IllegalStateException.class.getName());
        assertThat(env.getWorkflowClient().describe("bug").status().name()).isEqualTo("RUNNING");
    }

    @Test
    void anUnregisteredWorkflowTypeFailsTheTaskUntilAWorkerKnowsIt() throws Exception {
        start(600, WorkerOptions.getDefaultInstance(), null, true);
        env.getWorkerFactory().getWorker(QUEUE).registerWorkflowImplementationTypes(OtherWorkflowImpl.class);
        env.start();
        WorkflowStub stub = startWorkflow("unknown-type", "in");

        HistoryEvent failed = awaitEvent("unknown-type",
                taskFailedWith(WorkflowTaskFailedCause.WORKFLOW_TYPE_NOT_REGISTERED));
        assertThat(failed.attributes(EventAttributes.WorkflowTaskFailed.class).failure().message())
                .isEqualTo("Workflow type \"Versioned\" is not registered on task queue \"replay\"; "
                        + "registered types: [Other]");
        env.getWorkerFactory().shutdownNow();
        // Over gRPC the stopped worker may have been handed a retry it never answered (a poll answered as it was
        // cancelled, or a failure report cut short): the engine counts that attempt as started until its Workflow
        // Task Timeout, and while it counts, getResult does not skip time, so on this frozen clock that timeout
        // would never come. Move the clock past it (and past the retry's backoff) as a test must for a dead worker.
        env.sleep(Duration.ofSeconds(10));

        WorkerFactory knowing = WorkerFactory.newInstance(env.getWorkflowClient());
        Worker w = knowing.newWorker(QUEUE);
        w.registerWorkflowImplementationTypes(VersionOne.class);
        w.registerActivitiesImplementations(new StepsImpl());
        knowing.start();
        try {
            assertThat(stub.getResult(String.class)).isEqualTo("in-first-second");
        } finally {
            knowing.shutdownNow();
        }
    }

    @WorkflowInterface
    public interface Other {
        @WorkflowMethod
        void other();
    }

    public static final class OtherWorkflowImpl implements Other {
        @Override
        public void other() {
        }
    }

    @Test
    void aWorkflowTaskHeldByADeadWorkerTimesOutAndRunsElsewhere() {
        start(600, WorkerOptions.getDefaultInstance(), VersionOne.class, true);
        WorkflowStub stub = startWorkflow("dead-worker", "in");
        // A worker takes the first workflow task and dies without answering.
        var engine = env.getWorkflowClient().getEngineService();
        assertThat(engine.pollWorkflowTask("default", QUEUE, "doomed-worker", Duration.ofSeconds(5))).isPresent();
        env.start();

        env.sleep(Duration.ofSeconds(10));

        assertThat(stub.getResult(String.class)).isEqualTo("in-first-second");
        List<HistoryEvent> events = EngineHistory.events(stub.fetchHistory());
        HistoryEvent timedOut = events.stream().filter(e -> e.eventType() == EventType.WorkflowTaskTimedOut)
                .findFirst().orElseThrow();
        assertThat(Duration.between(events.get(0).eventTime(), timedOut.eventTime())).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void runsEvictedFromASmallCacheAreRebuiltByReplay() {
        start(1, WorkerOptions.getDefaultInstance(), VersionOne.class, true);
        env.start();
        List<WorkflowStub> stubs = List.of(startWorkflow("c1", "a"), startWorkflow("c2", "b"),
                startWorkflow("c3", "c"));

        assertThat(stubs.stream().map(s -> s.getResult(String.class)).toList())
                .containsExactly("a-first-second", "b-first-second", "c-first-second");
        assertThat(env.getWorkerFactory().getCachedRunCount()).isLessThanOrEqualTo(1);
    }
}
