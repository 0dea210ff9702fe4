package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityCompletionException;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.TerminatedFailure;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cancellation requested by a client, and termination. */
class WorkflowCancellationTest {

    static final String QUEUE = "workflow-cancellation";

    @ActivityInterface
    public interface Steps {
        String cleanUp(String what);

        String longWork();
    }

    static final class RecordingSteps implements Steps {
        final List<String> cleanedUp = new CopyOnWriteArrayList<>();
        final CountDownLatch working = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicReference<RuntimeException> stoppedBy = new AtomicReference<>();

        @Override
        public String cleanUp(String what) {
            cleanedUp.add(what);
            return "cleaned " + what;
        }

        @Override
        public String longWork() {
            working.countDown();
            try {
                while (true) {
                    Activity.getExecutionContext().heartbeat(null);
                    Thread.sleep(5);
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

    @WorkflowInterface
    public interface Subscription {
        @WorkflowMethod
        String run(String mode);
    }

    /**
     * Mode "cleanup": sleeps a day; when canceled, cleans up in a detached scope and rethrows.
     * Mode "ignore": sleeps a day; when canceled, returns normally. Mode "await": waits for a
     * condition that never holds. Mode "work": runs a long heartbeating activity.
     */
    public static final class SubscriptionImpl implements Subscription {
        @Override
        public String run(String mode) {
            Steps steps = Workflow.newActivityStub(Steps.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofHours(1)).setHeartbeatTimeout(Duration.ofMinutes(1)).build());
            try {
                switch (mode) {
                    case "await" -> Workflow.await(() -> false);
                    case "work" -> steps.longWork();
                    default -> Workflow.sleep(Duration.ofDays(1));
                }
                return "finished";
            } catch (CanceledFailure e) {
                if (mode.equals("ignore")) {
                    return "ignored the cancellation";
                }
                String[] cleaned = new String[1];
                Workflow.newDetachedCancellationScope(() -> cleaned[0] = steps.cleanUp(mode)).run();
                throw e;
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(SubscriptionImpl.class)
            .setTaskQueue(QUEUE)
            .setWorkerOptions(WorkerOptions.newBuilder()
                    .setMaxHeartbeatThrottleInterval(Duration.ofMillis(5)).build())
            .setTestEnvironmentOptions(TestEnvironmentOptions.newBuilder()
                    .setSleepIdleWait(Duration.ofMillis(50)).build())
            .build();

    private WorkflowClient client;
    private RecordingSteps steps;

    @BeforeEach
    void setUp(WorkflowClient client, Worker worker) {
        this.client = client;
        steps = new RecordingSteps();
        worker.registerActivitiesImplementations(steps);
    }

    private WorkflowStub start(String workflowId, String mode) {
        WorkflowStub stub = client.newUntypedWorkflowStub("Subscription",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
        stub.start(mode);
        return stub;
    }

    private void awaitEvent(String workflowId, EventType type) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (types(workflowId).contains(type)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(workflowId + " never recorded " + type);
    }

    private List<EventType> types(String workflowId) {
        return EngineHistory.events(client.fetchHistory(workflowId)).stream().map(HistoryEvent::eventType).toList();
    }

    @Test
    void aCanceledWorkflowSeesCanceledFailureCleansUpInADetachedScopeAndEndsCanceled() {
        WorkflowStub stub = start("cancel-cleanup", "cleanup");
        awaitEvent("cancel-cleanup", EventType.TimerStarted);

        stub.cancel("customer asked");

        assertThatThrownBy(() -> stub.getResult(String.class))
                .isInstanceOfSatisfying(WorkflowFailedException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(WorkflowExecutionStatus.CANCELED))
                .hasCauseInstanceOf(CanceledFailure.class);
        assertThat(steps.cleanedUp).containsExactly("cleanup");
        assertThat(types("cancel-cleanup")).containsExactly(
                EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
                EventType.WorkflowTaskCompleted, EventType.TimerStarted,
                EventType.WorkflowExecutionCancelRequested, EventType.WorkflowTaskScheduled,
                EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted, EventType.TimerCanceled,
                EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted, EventType.ActivityTaskCompleted,
                EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
                EventType.WorkflowExecutionCanceled);
        var request = EngineHistory.events(client.fetchHistory("cancel-cleanup")).stream()
                .map(HistoryEvent::attributes)
                .filter(EventAttributes.WorkflowExecutionCancelRequested.class::isInstance)
                .map(EventAttributes.WorkflowExecutionCancelRequested.class::cast).findFirst().orElseThrow();
        assertThat(request.reason()).isEqualTo("customer asked");
        assertThat(client.describe("cancel-cleanup").status()).isEqualTo(WorkflowExecutionStatus.CANCELED);
    }

    @Test
    void aWorkflowMayIgnoreTheCancellationAndComplete() {
        WorkflowStub stub = start("cancel-ignored", "ignore");
        awaitEvent("cancel-ignored", EventType.TimerStarted);

        stub.cancel();

        assertThat(stub.getResult(String.class)).isEqualTo("ignored the cancellation");
        assertThat(client.describe("cancel-ignored").status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
    }

    @Test
    void cancellationEndsAWaitForACondition() {
        WorkflowStub stub = start("cancel-await", "await");
        awaitEvent("cancel-await", EventType.WorkflowTaskCompleted);

        stub.cancel();

        assertThatThrownBy(() -> stub.getResult(String.class)).hasCauseInstanceOf(CanceledFailure.class);
        assertThat(steps.cleanedUp).containsExactly("await");
    }

    @Test
    void cancelingAClosedWorkflowIsAClearError() {
        WorkflowStub stub = start("cancel-closed", "ignore");
        awaitEvent("cancel-closed", EventType.TimerStarted);
        stub.cancel();
        stub.getResult(String.class);

        assertThatThrownBy(stub::cancel)
                .isInstanceOf(WorkflowNotFoundException.class)
                .hasMessageContaining("is COMPLETED; only a running execution accepts this (cannot cancel it)");
    }

    @Test
    void terminationEndsTheRunWithoutRunningCodeAndItsActivitysHeartbeatsFail() throws Exception {
        WorkflowStub stub = start("terminate", "work");
        assertThat(steps.working.await(5, TimeUnit.SECONDS)).isTrue();

        stub.terminate("operator stop", "ticket-7");

        assertThatThrownBy(() -> stub.getResult(String.class))
                .isInstanceOfSatisfying(WorkflowFailedException.class,
                        e -> assertThat(e.getStatus()).isEqualTo(WorkflowExecutionStatus.TERMINATED))
                .cause().isInstanceOf(TerminatedFailure.class).hasMessageContaining("operator stop");
        List<EventType> types = types("terminate");
        assertThat(types.get(types.size() - 1)).isEqualTo(EventType.WorkflowExecutionTerminated);
        assertThat(types).doesNotContain(EventType.ActivityTaskCancelRequested);
        assertThat(steps.cleanedUp).isEmpty();
        // The activity learns at its next heartbeat that its workflow is gone.
        assertThat(steps.stopped.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(steps.stoppedBy.get()).isInstanceOf(ActivityCompletionException.class);
        assertThat(client.describe("terminate").status()).isEqualTo(WorkflowExecutionStatus.TERMINATED);
        assertThatThrownBy(() -> stub.terminate("again"))
                .isInstanceOf(WorkflowNotFoundException.class)
                .hasMessageContaining("is TERMINATED");
    }
}
