package io.reprise.testing;

import static io.reprise.engine.api.EventType.ActivityTaskCancelRequested;
import static io.reprise.engine.api.EventType.ActivityTaskCanceled;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.TimerCanceled;
import static io.reprise.engine.api.EventType.TimerFired;
import static io.reprise.engine.api.EventType.TimerStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionCompleted;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityCanceledException;
import io.reprise.activity.ActivityCancellationType;
import io.reprise.activity.ActivityCompletionException;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.ActivityNotFoundException;
import io.reprise.client.PendingActivityInfo;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ActivityFailure;
import io.reprise.failure.CanceledFailure;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.CancellationScope;
import io.reprise.workflow.Promise;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActivityCancellationTest {

    static final String QUEUE = "cancellation";
    /** A task queue no worker polls: activities scheduled there never start. */
    static final String NOBODY = "nobody-polls";

    @ActivityInterface
    public interface LongWork {
        String work();
    }

    /** Heartbeats until something stops it, recording how it was stopped. */
    static final class HeartbeatingWork implements LongWork {
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicReference<RuntimeException> stoppedBy = new AtomicReference<>();

        @Override
        public String work() {
            try {
                while (true) {
                    Activity.getExecutionContext().heartbeat(null);
                    Thread.sleep(10);
                }
            } catch (ActivityCompletionException e) {
                stoppedBy.set(e);
                stopped.countDown();
                throw e;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public record Plan(ActivityCancellationType type, String taskQueue, boolean sleepAfterCancel) {
    }

    @WorkflowInterface
    public interface CancelsWork {
        @WorkflowMethod
        String run(Plan plan);
    }

    public static final class CancelsWorkImpl implements CancelsWork {
        @Override
        public String run(Plan plan) {
            ActivityOptions options = ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(10))
                    .setHeartbeatTimeout(Duration.ofMinutes(5))
                    .setTaskQueue(plan.taskQueue())
                    .setCancellationType(plan.type())
                    .build();
            List<Promise<String>> work = new ArrayList<>();
            CancellationScope scope = Workflow.newCancellationScope(
                    () -> work.add(Workflow.executeActivityAsync("Work", String.class, options)));
            scope.run();
            long start = Workflow.currentTimeMillis();
            Workflow.sleep(Duration.ofSeconds(1));
            scope.cancel();
            String outcome;
            try {
                outcome = work.get(0).get();
            } catch (ActivityFailure e) {
                outcome = e.getCause().getClass().getSimpleName() + " after "
                        + (Workflow.currentTimeMillis() - start) + " ms";
            }
            if (plan.sleepAfterCancel()) {
                Workflow.sleep(Duration.ofSeconds(10));
            }
            return outcome;
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(CancelsWorkImpl.class, ScopesImpl.class)
            .setTaskQueue(QUEUE)
            // Heartbeats every few milliseconds, so a cancel request is noticed at once.
            .setWorkerOptions(WorkerOptions.newBuilder().setMaxHeartbeatThrottleInterval(Duration.ofMillis(5)).build())
            // Frozen: the outcomes name exact workflow times ("after 1000 ms"), which real time would shift.
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder()
                    .setSleepIdleWait(Duration.ofMillis(50)).setFrozenClock(true).build())
            .build();

    private TestWorkflowEnvironment env;
    private HeartbeatingWork work;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, Worker worker) {
        this.env = env;
        work = new HeartbeatingWork();
        worker.registerActivitiesImplementations(work);
    }

    private String runWithRunningActivity(String workflowId, Plan plan) throws Exception {
        WorkflowStub stub = env.getWorkflowClient().newUntypedWorkflowStub("CancelsWork",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        stub.start(plan);
        awaitStarted(workflowId);
        env.sleep(Duration.ofSeconds(1));
        return stub.getResult(String.class);
    }

    /** Waits until the activity of the run is started (the engine is then busy; time stands still). */
    private void awaitStarted(String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            var pending = env.getWorkflowClient().describe(workflowId).pendingActivities();
            if (!pending.isEmpty() && pending.get(0).state() == PendingActivityInfo.State.STARTED) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("the activity of " + workflowId + " never started");
    }

    private List<EventType> types(String workflowId) {
        return EngineHistory.events(env.getWorkflowClient().fetchHistory(workflowId)).stream().map(HistoryEvent::eventType)
                .toList();
    }

    private static final List<EventType> PREFIX = List.of(WorkflowExecutionStarted, WorkflowTaskScheduled,
            WorkflowTaskStarted, WorkflowTaskCompleted, ActivityTaskScheduled, TimerStarted, TimerFired,
            WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted);

    private static List<EventType> prefixThen(EventType... rest) {
        List<EventType> all = new ArrayList<>(PREFIX);
        all.addAll(List.of(rest));
        return all;
    }

    @Test
    void tryCancelFailsThePromiseAtOnceAndTheActivityReportsCanceledLater() throws Exception {
        String result = runWithRunningActivity("try-cancel", new Plan(ActivityCancellationType.TRY_CANCEL, null,
                true));

        assertThat(result).isEqualTo("CanceledFailure after 1000 ms");
        assertThat(work.stoppedBy.get()).isInstanceOf(ActivityCanceledException.class);
        assertThat(types("try-cancel")).isEqualTo(prefixThen(ActivityTaskCancelRequested, TimerStarted,
                ActivityTaskStarted, ActivityTaskCanceled, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted, TimerFired, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted, WorkflowExecutionCompleted));
    }

    @Test
    void tryCancelLetsTheWorkflowCompleteWithoutWaitingAndTheActivityThenFailsToHeartbeat() throws Exception {
        String result = runWithRunningActivity("try-cancel-done", new Plan(ActivityCancellationType.TRY_CANCEL,
                null, false));

        assertThat(result).isEqualTo("CanceledFailure after 1000 ms");
        assertThat(types("try-cancel-done")).isEqualTo(prefixThen(ActivityTaskCancelRequested,
                WorkflowExecutionCompleted));
        assertThat(work.stopped.await(5, TimeUnit.SECONDS)).isTrue();
        // Either the cancel request or the closed workflow stops it, whichever its heartbeat sees first.
        assertThat(work.stoppedBy.get()).isInstanceOf(ActivityCompletionException.class);
    }

    @Test
    void waitCancellationCompletedWaitsForTheActivityToAcknowledge() throws Exception {
        String result = runWithRunningActivity("wait-cancel", new Plan(
                ActivityCancellationType.WAIT_CANCELLATION_COMPLETED, null, false));

        assertThat(result).isEqualTo("CanceledFailure after 1000 ms");
        assertThat(work.stoppedBy.get()).isInstanceOf(ActivityCanceledException.class);
        assertThat(types("wait-cancel")).isEqualTo(prefixThen(ActivityTaskCancelRequested, ActivityTaskStarted,
                ActivityTaskCanceled, WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted,
                WorkflowExecutionCompleted));
    }

    @Test
    void abandonSendsNoRequestAndTheActivityLearnsOfTheClosedWorkflowOnItsNextHeartbeat() throws Exception {
        String result = runWithRunningActivity("abandon", new Plan(ActivityCancellationType.ABANDON, null, false));

        assertThat(result).isEqualTo("CanceledFailure after 1000 ms");
        assertThat(types("abandon")).isEqualTo(prefixThen(WorkflowExecutionCompleted));
        assertThat(work.stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(work.stoppedBy.get()).isInstanceOf(ActivityNotFoundException.class)
                .hasMessageContaining("the workflow execution is COMPLETED");
    }

    @Test
    void anActivityThatHasNotStartedIsCanceledAtOnceByTheEngine() {
        String result = env.getWorkflowClient().newWorkflowStub(CancelsWork.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("not-started").build())
                .run(new Plan(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED, NOBODY, false));

        assertThat(result).isEqualTo("CanceledFailure after 1000 ms");
        assertThat(types("not-started")).isEqualTo(prefixThen(ActivityTaskCancelRequested, ActivityTaskCanceled,
                WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted, WorkflowExecutionCompleted));
    }

    @WorkflowInterface
    public interface Scopes {
        @WorkflowMethod
        List<String> run();
    }

    /** A parent scope with a child scope and a detached scope, each with a long timer. */
    public static final class ScopesImpl implements Scopes {
        @Override
        public List<String> run() {
            List<String> seen = new ArrayList<>();
            List<Promise<Void>> timers = new ArrayList<>();
            CancellationScope[] detached = new CancellationScope[1];
            CancellationScope parent = Workflow.newCancellationScope(() -> {
                timers.add(Workflow.newTimer(Duration.ofHours(1)));
                Workflow.newCancellationScope(() -> timers.add(Workflow.newTimer(Duration.ofHours(2)))).run();
                detached[0] = Workflow.newDetachedCancellationScope(
                        () -> timers.add(Workflow.newTimer(Duration.ofSeconds(3))));
                detached[0].run();
                seen.add("current is parent: " + (CancellationScope.current().isDetached() ? "no" : "yes"));
            });
            parent.run();
            Workflow.sleep(Duration.ofSeconds(1));
            parent.cancel();
            for (Promise<Void> timer : timers) {
                try {
                    timer.get();
                    seen.add("fired at " + Workflow.currentTimeMillis() % 100_000);
                } catch (CanceledFailure e) {
                    seen.add("canceled");
                }
            }
            seen.add("detached canceled: " + detached[0].isCancelRequested());
            return seen;
        }
    }

    @Test
    void cancelingAScopeCancelsItsTimersAndChildScopesButNotDetachedOnes() {
        List<String> seen = env.getWorkflowClient().newWorkflowStub(Scopes.class, WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("scopes").build()).run();

        long threeSeconds = (env.getWorkflowClient().describe("scopes").startTime().toEpochMilli() + 3000) % 100_000;
        assertThat(seen).containsExactly("current is parent: yes", "canceled", "canceled",
                "fired at " + threeSeconds, "detached canceled: false");
        List<HistoryEvent> events = EngineHistory.events(env.getWorkflowClient().fetchHistory("scopes"));
        assertThat(events.stream().map(HistoryEvent::eventType).toList()).containsExactly(WorkflowExecutionStarted,
                WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted, TimerStarted, TimerStarted,
                TimerStarted, TimerStarted, TimerFired, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted, TimerCanceled, TimerCanceled, TimerFired, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, WorkflowExecutionCompleted);
    }
}
