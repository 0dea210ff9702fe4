package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionCompleted;
import static io.reprise.engine.api.EventType.WorkflowExecutionFailed;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class EngineWorkflowLifecycleTest extends EngineTestBase {

    @Test
    void workflowRunsOneActivityAndCompletesWithItsResult() {
        WorkflowExecution execution = start("order-1");

        WorkflowTask first = pollWorkflowTask();
        assertThat(first.execution()).isEqualTo(execution);
        assertThat(first.workflowType()).isEqualTo("OrderWorkflow");
        assertThat(first.attempt()).isEqualTo(1);
        assertThat(first.previousStartedEventId()).isZero();
        assertThat(first.startedEventId()).isEqualTo(3);
        assertThat(types(first.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted);
        EventAttributes.WorkflowExecutionStarted started =
                first.history().get(0).attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.input()).containsExactly(json("\"order-1\""));
        assertThat(started.workflowTaskTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(started.firstExecutionRunId()).isEqualTo(execution.runId());
        assertThat(first.history().get(1).attributes(EventAttributes.WorkflowTaskScheduled.class))
                .isEqualTo(new EventAttributes.WorkflowTaskScheduled(QUEUE, Duration.ofSeconds(10), 1));
        assertThat(first.history().get(2).attributes()).isEqualTo(new EventAttributes.WorkflowTaskStarted(2, "worker-1"));

        complete(first, activity("ChargeCard", Duration.ofSeconds(30)));

        ActivityTask activityTask = pollActivity();
        assertThat(activityTask.activityType()).isEqualTo("ChargeCard");
        assertThat(activityTask.activityId()).isEqualTo("5");
        assertThat(activityTask.attempt()).isEqualTo(1);
        assertThat(activityTask.input()).containsExactly(json("42"));
        assertThat(activityTask.execution()).isEqualTo(execution);
        assertThat(activityTask.workflowType()).isEqualTo("OrderWorkflow");
        assertThat(activityTask.scheduledTime()).isEqualTo(T0);
        assertThat(activityTask.startedTime()).isEqualTo(T0);
        engine.completeActivityTask(activityTask.taskToken(), json("\"tx-1\""), "activity-worker");

        WorkflowTask second = pollWorkflowTask();
        assertThat(second.previousStartedEventId()).isEqualTo(3);
        assertThat(types(second.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, ActivityTaskScheduled, ActivityTaskStarted,
                ActivityTaskCompleted, WorkflowTaskScheduled, WorkflowTaskStarted);
        assertThat(second.history().get(5).attributes())
                .isEqualTo(new EventAttributes.ActivityTaskStarted(5, "activity-worker", 1, null));
        assertThat(second.history().get(6).attributes())
                .isEqualTo(new EventAttributes.ActivityTaskCompleted(5, 6, json("\"tx-1\""), "activity-worker"));

        complete(second, new Command.CompleteWorkflowExecution(json("\"done\"")));

        Optional<WorkflowOutcome> outcome = engine.awaitOutcome(NS, "order-1", null, Duration.ZERO);
        assertThat(outcome).isPresent();
        assertThat(outcome.get().status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(outcome.get().execution()).isEqualTo(execution);
        assertThat(outcome.get().closeEvent().attributes())
                .isEqualTo(new EventAttributes.WorkflowExecutionCompleted(json("\"done\""), 10));
        List<HistoryEvent> history = history("order-1");
        assertThat(types(history)).endsWith(WorkflowTaskCompleted, WorkflowExecutionCompleted);
        assertThat(history).extracting(HistoryEvent::eventId).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    }

    @Test
    void awaitOutcomeWaitsForTheCloseAndReturnsEmptyAtTheDeadline() throws Exception {
        start("order-2");
        assertThat(engine.awaitOutcome(NS, "order-2", null, Duration.ofMillis(30))).isEmpty();

        CompletableFuture<Optional<WorkflowOutcome>> waiter = new CompletableFuture<>();
        Thread waiting = Thread.ofPlatform().name("waits-for-order-2").daemon().start(() -> {
            try {
                waiter.complete(engine.awaitOutcome(NS, "order-2", null, Duration.ofSeconds(30)));
            } catch (Throwable e) {
                waiter.completeExceptionally(e);
            }
        });
        awaitBlockedIn(waiting, "awaitOutcome");
        assertThat(waiter).as("no outcome before the run closes").isNotDone();

        complete(pollWorkflowTask(), new Command.FailWorkflowExecution(failure("OutOfStock")));

        WorkflowOutcome outcome = waiter.get().orElseThrow();
        assertThat(outcome.status()).isEqualTo(WorkflowExecutionStatus.FAILED);
        assertThat(outcome.closeEvent().eventType()).isEqualTo(WorkflowExecutionFailed);
        assertThat(outcome.closeEvent().attributes(EventAttributes.WorkflowExecutionFailed.class).failure().type())
                .isEqualTo("OutOfStock");
    }

    @Test
    void secondStartOfARunningWorkflowIdIsRefusedUnlessItRepeatsTheRequestId() {
        StartWorkflowRequest first = withRequestId(request("order-3"), "req-1");
        WorkflowExecution execution = engine.startWorkflow(first);

        assertThat(engine.startWorkflow(withRequestId(request("order-3"), "req-1"))).isEqualTo(execution);
        assertThatThrownBy(() -> engine.startWorkflow(withRequestId(request("order-3"), "req-2")))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.ALREADY_EXISTS))
                .hasMessage("Workflow execution already running: workflowId=order-3, runId=" + execution.runId());
        assertThat(history("order-3")).hasSize(2);
    }

    @Test
    void aClosedWorkflowIdCanBeStartedAgainAsANewRun() {
        WorkflowExecution first = startWith("order-4", new Command.CompleteWorkflowExecution(json("1")));

        WorkflowExecution second = start("order-4");

        assertThat(second.runId()).isNotEqualTo(first.runId());
        assertThat(engine.describeWorkflow(NS, "order-4", null).execution()).isEqualTo(second);
        assertThat(engine.describeWorkflow(NS, "order-4", first.runId()).status())
                .isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(engine.getHistory(NS, "order-4", first.runId())).hasSize(5);
    }

    @Test
    void unknownWorkflowIdIsNotFound() {
        assertThatThrownBy(() -> engine.describeWorkflow(NS, "nope", null))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessage("Workflow execution not found: namespace \"default\", workflowId \"nope\"");
        assertThatThrownBy(() -> engine.awaitOutcome(NS, "nope", "r-1", Duration.ZERO))
                .hasMessage("Workflow execution not found: namespace \"default\", workflowId \"nope\", runId \"r-1\"");
        assertThatThrownBy(() -> engine.getHistory(NS, "nope", null)).isInstanceOf(EngineException.class);
    }

    @Test
    void describeShowsPendingActivitiesWithTheirAttemptAndBackoff() {
        startWith("order-5", activity("ChargeCard", Duration.ofSeconds(30)));
        ActivityTask attempt1 = pollActivity();
        assertThat(engine.describeWorkflow(NS, "order-5", null).pendingActivities()).singleElement()
                .satisfies(p -> {
                    assertThat(p.state()).isEqualTo("STARTED");
                    assertThat(p.lastWorkerIdentity()).isEqualTo("activity-worker");
                    assertThat(p.lastStartedTime()).isEqualTo(T0);
                });

        engine.failActivityTask(attempt1.taskToken(), failure("Declined"), "activity-worker");

        ExecutionDescription description = engine.describeWorkflow(NS, "order-5", null);
        assertThat(description.status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(description.workflowType()).isEqualTo("OrderWorkflow");
        assertThat(description.taskQueue()).isEqualTo(QUEUE);
        assertThat(description.startTime()).isEqualTo(T0);
        assertThat(description.historyLength()).isEqualTo(5);
        assertThat(description.pendingActivities()).singleElement().satisfies(p -> {
            assertThat(p.activityId()).isEqualTo("5");
            assertThat(p.activityType()).isEqualTo("ChargeCard");
            assertThat(p.scheduledEventId()).isEqualTo(5);
            assertThat(p.state()).isEqualTo("SCHEDULED");
            assertThat(p.attempt()).isEqualTo(2);
            assertThat(p.lastFailure().type()).isEqualTo("Declined");
            assertThat(p.lastWorkerIdentity()).isEqualTo("activity-worker");
            assertThat(p.nextAttemptScheduleTime()).isEqualTo(T0.plusSeconds(1));
        });
    }

    @Test
    void completionsAfterTheRunClosedAreNotFound() {
        start("order-6");
        WorkflowTask task = pollWorkflowTask();
        complete(task, activity("ChargeCard", Duration.ofSeconds(30)), activity("Ship", Duration.ofSeconds(30)));
        ActivityTask charge = pollActivity();
        ActivityTask ship = pollActivity();
        engine.completeActivityTask(charge.taskToken(), json("1"), "activity-worker");
        complete(pollWorkflowTask(), new Command.CompleteWorkflowExecution(null));

        assertThatThrownBy(() -> engine.completeActivityTask(ship.taskToken(), json("2"), "activity-worker"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessageStartingWith("Activity task not found or no longer current: workflowId \"order-6\"")
                .hasMessageContaining("the workflow execution is COMPLETED");
        assertThatThrownBy(() -> complete(task)).isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessageStartingWith("Workflow task not found or no longer current");
    }

    @Test
    void malformedTokensAreInvalidArguments() {
        assertThatThrownBy(() -> engine.completeActivityTask(new byte[] {1, 2, 3}, null, "w"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessageStartingWith("Malformed activity task token");
        start("order-7");
        WorkflowTask task = pollWorkflowTask();
        assertThatThrownBy(() -> engine.completeActivityTask(task.taskToken(), null, "w"))
                .hasMessageStartingWith("The token is not an activity task token");
    }

    @Test
    void closedEngineRefusesCallsAndEndsPendingPolls() throws Exception {
        CompletableFuture<Optional<WorkflowTask>> poll = CompletableFuture.supplyAsync(
                () -> engine.pollWorkflowTask(NS, "idle", "worker-1", Duration.ofSeconds(30)));
        awaitWaitingPoller("idle");
        engine.close();

        assertThat(poll.get()).isEmpty();
        assertThatThrownBy(() -> start("late")).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));
        assertThat(store.closes()).isEqualTo(1);
    }

    /**
     * Waits (real time) until {@code thread} waits, parked by a JDK call made from Reprise code in a
     * method named {@code method} (not, say, waiting for a lock on the way there).
     */
    private static void awaitBlockedIn(Thread thread, String method) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!(isWaiting(thread.getState()) && method.equals(innermostRepriseMethod(thread)))) {
            assertThat(System.nanoTime()).as("%s blocks in %s", thread.getName(), method).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static boolean isWaiting(Thread.State state) {
        return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
    }

    private static String innermostRepriseMethod(Thread thread) {
        return Arrays.stream(thread.getStackTrace()).filter(frame -> frame.getClassName().startsWith("io.reprise."))
                .map(StackTraceElement::getMethodName).findFirst().orElse(null);
    }

    private static StartWorkflowRequest withRequestId(StartWorkflowRequest r, String requestId) {
        return new StartWorkflowRequest(r.namespace(), r.workflowId(), r.workflowType(), r.taskQueue(), r.input(),
                r.executionTimeout(), r.runTimeout(), r.taskTimeout(), r.identity(), requestId);
    }
}
