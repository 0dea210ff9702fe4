package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskFailed;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskTimedOut;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineWorkflowTaskTest extends EngineTestBase {

    private static final String STICKY = "worker-1-sticky-1234";

    @Test
    void timedOutWorkflowTaskIsRetriedOnTheNormalQueueWithTheFullHistory() {
        start("wft-1");
        WorkflowTask first = pollWorkflowTask();
        clock.advance(Duration.ofMillis(9999));
        assertNoWorkflowTask(QUEUE);

        clock.advance(Duration.ofMillis(1));

        WorkflowTask second = pollWorkflowTask();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.hasFullHistory()).isTrue();
        assertThat(types(second.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskTimedOut, WorkflowTaskScheduled, WorkflowTaskStarted);
        assertThat(second.history().get(3).attributes())
                .isEqualTo(new EventAttributes.WorkflowTaskTimedOut(2, 3, TimeoutType.START_TO_CLOSE));
        assertThat(second.history().get(4).attributes())
                .isEqualTo(new EventAttributes.WorkflowTaskScheduled(QUEUE, Duration.ofSeconds(10), 2));
        assertThatThrownBy(() -> complete(first)).isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessage("Workflow task not found or no longer current: workflowId \"wft-1\", runId \""
                        + first.execution().runId() + "\", scheduledEventId 2, startedEventId 3 (it timed out or"
                        + " was failed; a newer task replaces it)");
        complete(second);
    }

    @Test
    void failedWorkflowTaskIsRetriedAtOnceThenWithGrowingBackoff() {
        start("wft-2");
        WorkflowTask task = pollWorkflowTask();
        engine.failWorkflowTask(task.taskToken(), WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE,
                Failure.application("NPE", "java.lang.NullPointerException", false, null, null), "worker-1");

        task = pollWorkflowTask();
        assertThat(task.attempt()).isEqualTo(2);
        assertThat(types(task.history())).containsSubsequence(WorkflowTaskStarted, WorkflowTaskFailed,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        EventAttributes.WorkflowTaskFailed failed = last(task.history(), EventAttributes.WorkflowTaskFailed.class);
        assertThat(failed.cause()).isEqualTo(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE);
        assertThat(failed.failure().type()).isEqualTo("java.lang.NullPointerException");
        assertThat(failed.identity()).isEqualTo("worker-1");

        for (int attempt = 3; attempt <= 5; attempt++) {
            engine.failWorkflowTask(task.taskToken(), WorkflowTaskFailedCause.NON_DETERMINISTIC_ERROR, null, "w");
            Duration backoff = Duration.ofSeconds(1L << (attempt - 3));
            clock.advance(backoff.minusMillis(1));
            assertNoWorkflowTask(QUEUE);
            clock.advance(Duration.ofMillis(1));
            task = pollWorkflowTask();
            assertThat(task.attempt()).isEqualTo(attempt);
        }
    }

    @Test
    void retriesAfterAFailureLeaveNoTraceUntilOneCompletes() {
        start("wft-retries");
        WorkflowTask task = pollWorkflowTask();
        engine.failWorkflowTask(task.taskToken(), WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE,
                Failure.application("boom", "java.lang.IllegalStateException", false, null, null), "worker-1");

        for (int attempt = 2; attempt <= 4; attempt++) {
            if (attempt > 2) {
                clock.advance(Duration.ofSeconds(1L << (attempt - 3)));
            }
            task = pollWorkflowTask();
            assertThat(task.attempt()).isEqualTo(attempt);
            // Every retry sees the first failure only, and its own scheduling right before its start.
            assertThat(types(task.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                    WorkflowTaskStarted, WorkflowTaskFailed, WorkflowTaskScheduled, WorkflowTaskStarted);
            assertThat(task.history().get(4).attributes())
                    .isEqualTo(new EventAttributes.WorkflowTaskScheduled(QUEUE, Duration.ofSeconds(10), attempt));
            assertThat(task.startedEventId()).isEqualTo(6);
            assertThat(types(history("wft-retries"))).hasSize(6);
            if (attempt < 4) {
                engine.failWorkflowTask(task.taskToken(), WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE,
                        Failure.application("boom", "java.lang.IllegalStateException", false, null, null), "w");
            }
        }
        complete(task);

        List<HistoryEvent> history = history("wft-retries");
        assertThat(types(history)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskFailed, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted);
        assertThat(history.get(4).attributes())
                .isEqualTo(new EventAttributes.WorkflowTaskScheduled(QUEUE, Duration.ofSeconds(10), 4));
        assertThat(history.get(3).attributes(EventAttributes.WorkflowTaskFailed.class).failure().message())
                .isEqualTo("boom");
    }

    @Test
    void aLateCompletionOfATimedOutRetryIsRefusedThoughTheNextRetryReusesItsEventIds() {
        start("wft-late-retry");
        WorkflowTask first = pollWorkflowTask();
        engine.failWorkflowTask(first.taskToken(), WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE, null,
                "w");
        WorkflowTask second = pollWorkflowTask();
        clock.advance(Duration.ofSeconds(10));
        WorkflowTask third = pollWorkflowTask();
        assertThat(third.attempt()).isEqualTo(3);
        assertThat(third.startedEventId()).isEqualTo(second.startedEventId());

        assertThatThrownBy(() -> complete(second)).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        complete(third);
        assertThat(types(history("wft-late-retry"))).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskFailed, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted);
    }

    @Test
    void stickyQueueGetsOnlyTheNewEvents() {
        start("sticky-1");
        completeSticky(pollWorkflowTask(), STICKY, activity("ChargeCard", Duration.ofSeconds(30)));
        engine.completeActivityTask(pollActivity().taskToken(), json("1"), "activity-worker");
        assertNoWorkflowTask(QUEUE);

        WorkflowTask task = pollWorkflowTask(STICKY);

        assertThat(task.hasFullHistory()).isFalse();
        assertThat(task.previousStartedEventId()).isEqualTo(3);
        assertThat(task.history()).extracting(HistoryEvent::eventId).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(types(task.history())).containsExactly(WorkflowTaskCompleted, ActivityTaskScheduled,
                ActivityTaskStarted, ActivityTaskCompleted, WorkflowTaskScheduled, WorkflowTaskStarted);
        assertThat(task.history().get(4).attributes(EventAttributes.WorkflowTaskScheduled.class).taskQueue())
                .isEqualTo(STICKY);
    }

    @Test
    void stickyTaskNobodyPollsMovesToTheNormalQueueWithTheFullHistoryAfterFiveSeconds() {
        start("sticky-2");
        completeSticky(pollWorkflowTask(), STICKY, activity("ChargeCard", Duration.ofSeconds(30)));
        engine.completeActivityTask(pollActivity().taskToken(), json("1"), "activity-worker");
        clock.advance(Duration.ofMillis(4999));
        assertNoWorkflowTask(QUEUE);

        clock.advance(Duration.ofMillis(1));

        WorkflowTask task = pollWorkflowTask();
        assertThat(task.hasFullHistory()).isTrue();
        assertThat(task.history()).hasSize(9);
        assertNoWorkflowTask(STICKY);
        // The run forgot the sticky queue: the next task goes to the normal queue too.
        complete(task, new Command.StartTimer("t", Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(pollWorkflowTask().hasFullHistory()).isTrue();
    }

    @Test
    void eventsArrivingWhileATaskRunsAreWrittenAfterItCompletes() {
        start("buffer-1");
        complete(pollWorkflowTask(), activity("A", Duration.ofSeconds(30)), activity("B", Duration.ofSeconds(30)));
        ActivityTask a = pollActivity();
        ActivityTask b = pollActivity();
        engine.completeActivityTask(a.taskToken(), json("\"a\""), "activity-worker");
        WorkflowTask second = pollWorkflowTask();

        engine.completeActivityTask(b.taskToken(), json("\"b\""), "activity-worker");
        assertThat(history("buffer-1")).as("B's events wait for the task").hasSize(10);
        complete(second);

        WorkflowTask third = pollWorkflowTask();
        List<HistoryEvent> events = third.history();
        assertThat(types(events.subList(9, events.size()))).containsExactly(WorkflowTaskStarted,
                WorkflowTaskCompleted, ActivityTaskStarted, ActivityTaskCompleted, WorkflowTaskScheduled,
                WorkflowTaskStarted);
        assertThat(events.get(11).attributes())
                .isEqualTo(new EventAttributes.ActivityTaskStarted(6, "activity-worker", 1, null));
        assertThat(events.get(12).attributes())
                .isEqualTo(new EventAttributes.ActivityTaskCompleted(6, 12, json("\"b\""), "activity-worker"));
    }

    @Test
    void closingWhileUnseenEventsWaitIsRefusedAndTheEventsDeliveredByANewTask() {
        start("buffer-2");
        completeSticky(pollWorkflowTask(), STICKY, activity("A", Duration.ofSeconds(30)),
                activity("B", Duration.ofSeconds(30)));
        ActivityTask a = pollActivity();
        ActivityTask b = pollActivity();
        engine.completeActivityTask(a.taskToken(), json("\"a\""), "activity-worker");
        WorkflowTask second = pollWorkflowTask(STICKY);
        engine.completeActivityTask(b.taskToken(), json("\"b\""), "activity-worker");

        completeSticky(second, STICKY, new Command.CompleteWorkflowExecution(json("\"a only\"")));

        assertThat(engine.describeWorkflow(NS, "buffer-2", null).status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        WorkflowTask third = pollWorkflowTask();
        assertThat(third.hasFullHistory()).isTrue();
        assertThat(third.attempt()).isEqualTo(1);
        List<HistoryEvent> events = third.history();
        assertThat(types(events.subList(9, events.size()))).containsExactly(WorkflowTaskStarted,
                WorkflowTaskFailed, ActivityTaskStarted, ActivityTaskCompleted, WorkflowTaskScheduled,
                WorkflowTaskStarted);
        assertThat(last(events, EventAttributes.WorkflowTaskFailed.class).cause())
                .isEqualTo(WorkflowTaskFailedCause.UNHANDLED_COMMAND);
        complete(third, new Command.CompleteWorkflowExecution(json("\"both\"")));
        assertThat(engine.describeWorkflow(NS, "buffer-2", null).status())
                .isEqualTo(WorkflowExecutionStatus.COMPLETED);
    }

    @Test
    void badCommandsAreRefusedWithTheirIndexAndNothingIsWritten() {
        start("bad-1");
        WorkflowTask task = pollWorkflowTask();
        complete(task, new Command.ScheduleActivityTask("pay", "ChargeCard", null, List.of(), null, null,
                Duration.ofSeconds(5), null, null), new Command.StartTimer("t1", Duration.ofMinutes(1)));
        engine.completeActivityTask(pollActivity().taskToken(), json("1"), "activity-worker");
        WorkflowTask second = pollWorkflowTask();
        int length = history("bad-1").size();

        assertRefused(second, "command 0 (ScheduleActivityTask \"\"): activityType is required: set the activity"
                + " type name", activity("", Duration.ofSeconds(1)));
        assertRefused(second, "command 1 (StartTimer \"t1\"): timerId \"t1\" is already used by an open timer"
                + " (startedEventId 6); use a different timer id",
                activity("Ship", Duration.ofSeconds(1)), new Command.StartTimer("t1", Duration.ofSeconds(1)));
        assertRefused(second, "command 1 (StartTimer \"t2\"): timerId \"t2\" is used by an earlier command of"
                + " this workflow task; use a different timer id",
                new Command.StartTimer("t2", Duration.ofSeconds(1)), new Command.StartTimer("t2", Duration.ofSeconds(2)));
        assertRefused(second, "command 0 (StartTimer \"t3\"): startToFireTimeout must be positive, got PT0S",
                new Command.StartTimer("t3", Duration.ZERO));
        assertRefused(second, "command 0 (ScheduleActivityTask \"ChargeCard\"): startToCloseTimeout must be"
                + " positive, got PT-1S; leave it unset for no limit", activity("ChargeCard", Duration.ofSeconds(-1)));
        assertRefused(second, "command 1 (StartTimer \"t4\"): no command may follow command 0, which closes the"
                + " workflow execution", new Command.CompleteWorkflowExecution(null),
                new Command.StartTimer("t4", Duration.ofSeconds(1)));
        assertRefused(second, "command 0 (FailWorkflowExecution): failure is required",
                new Command.FailWorkflowExecution(null));

        assertThat(history("bad-1")).hasSize(length);
        assertThat(engine.describeWorkflow(NS, "bad-1", null).status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
    }

    @Test
    void duplicateActivityIdOfAnOpenActivityIsRefused() {
        start("bad-2");
        complete(pollWorkflowTask(), new Command.ScheduleActivityTask("pay", "ChargeCard", null, List.of(), null,
                null, Duration.ofSeconds(5), null, null), new Command.StartTimer("t", Duration.ofSeconds(1)));
        clock.advance(Duration.ofSeconds(1));
        WorkflowTask second = pollWorkflowTask();

        assertRefused(second, "command 0 (ScheduleActivityTask \"Refund\"): activityId \"pay\" is already used by an"
                + " open activity (scheduledEventId 5); use a different activity id",
                new Command.ScheduleActivityTask("pay", "Refund", null, List.of(), null, null,
                        Duration.ofSeconds(5), null, null));
    }

    @Test
    void failWorkflowTaskWithAStaleTokenIsNotFound() {
        start("stale-1");
        WorkflowTask task = pollWorkflowTask();
        complete(task, new Command.StartTimer("t", Duration.ofSeconds(1)));

        assertThatThrownBy(() -> engine.failWorkflowTask(task.taskToken(), WorkflowTaskFailedCause.BAD_COMMAND, null,
                "worker-1")).isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }

    private void assertRefused(WorkflowTask task, String message, Command... commands) {
        assertThatThrownBy(() -> complete(task, commands))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage(message);
    }
}
