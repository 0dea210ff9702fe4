package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskFailed;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.ActivityTaskTimedOut;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineActivityRetryTest extends EngineTestBase {

    @Test
    void failedAttemptsBecomeAvailableAfterOneTwoAndFourSeconds() {
        startWith("retry-1", activity("ChargeCard", Duration.ofSeconds(30)));
        ActivityTask attempt = pollActivity();
        long historyLength = history("retry-1").size();

        for (int n = 1; n <= 3; n++) {
            Duration backoff = Duration.ofSeconds(1L << (n - 1));
            engine.failActivityTask(attempt.taskToken(), failure("Declined"), "activity-worker");
            assertNoActivityTask();
            clock.advance(backoff.minusMillis(1));
            assertNoActivityTask();
            clock.advance(Duration.ofMillis(1));

            ActivityTask next = pollActivity();
            assertThat(next.attempt()).isEqualTo(n + 1);
            assertThat(next.currentAttemptScheduledTime()).isEqualTo(clock.now());
            assertThat(next.scheduledTime()).isEqualTo(T0);
            assertThat(next.activityId()).isEqualTo(attempt.activityId());
            attempt = next;
        }
        assertThat(history("retry-1")).as("retries write no events").hasSize((int) historyLength);

        engine.completeActivityTask(attempt.taskToken(), json("\"ok\""), "activity-worker");
        List<HistoryEvent> events = pollWorkflowTask().history();
        EventAttributes.ActivityTaskStarted started = last(events, EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(4);
        assertThat(started.lastFailure().type()).isEqualTo("Declined");
    }

    @Test
    void nonRetryableErrorTypeStopsRetries() {
        startWith("retry-2", activity("ChargeCard", null, null, Duration.ofSeconds(30), retry(0, "CardStolen")));
        ActivityTask attempt = pollActivity();

        engine.failActivityTask(attempt.taskToken(), failure("CardStolen"), "activity-worker");

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(ActivityTaskScheduled, ActivityTaskStarted, ActivityTaskFailed,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        EventAttributes.ActivityTaskFailed failed = last(events, EventAttributes.ActivityTaskFailed.class);
        assertThat(failed.retryState()).isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
        assertThat(failed.failure().type()).isEqualTo("CardStolen");
        assertThat(failed.startedEventId()).isEqualTo(6);
        assertThat(failed.identity()).isEqualTo("activity-worker");
    }

    @Test
    void failureMarkedNonRetryableStopsRetries() {
        startWith("retry-3", activity("ChargeCard", Duration.ofSeconds(30)));
        ActivityTask attempt = pollActivity();

        engine.failActivityTask(attempt.taskToken(),
                Failure.application("no", "Whatever", true, null, null), "activity-worker");

        EventAttributes.ActivityTaskFailed failed = last(pollWorkflowTask().history(),
                EventAttributes.ActivityTaskFailed.class);
        assertThat(failed.retryState()).isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
    }

    @Test
    void maximumAttemptsStopsRetries() {
        startWith("retry-4", activity("ChargeCard", null, null, Duration.ofSeconds(30), retry(2)));
        engine.failActivityTask(pollActivity().taskToken(), failure("Declined"), "activity-worker");
        clock.advance(Duration.ofSeconds(1));
        ActivityTask second = pollActivity();
        assertThat(second.attempt()).isEqualTo(2);

        engine.failActivityTask(second.taskToken(), failure("Declined"), "activity-worker");

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(last(events, EventAttributes.ActivityTaskFailed.class).retryState())
                .isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
        assertThat(last(events, EventAttributes.ActivityTaskStarted.class).attempt()).isEqualTo(2);
        assertNoActivityTask();
    }

    @Test
    void scheduleToStartTimeoutIsNeverRetriedAndHasNoStartedEvent() {
        engine.startWorkflow(request("s2s-1"));
        complete(pollWorkflowTask(), new Command.ScheduleActivityTask("a1", "ChargeCard", "payments", List.of(),
                null, Duration.ofSeconds(5), Duration.ofSeconds(30), null, retry(0)));
        clock.advance(Duration.ofMillis(4999));
        assertNoWorkflowTask(QUEUE);

        clock.advance(Duration.ofMillis(1));

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(WorkflowTaskCompleted, ActivityTaskScheduled, ActivityTaskTimedOut,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        EventAttributes.ActivityTaskTimedOut timedOut = last(events, EventAttributes.ActivityTaskTimedOut.class);
        assertThat(timedOut.retryState()).isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
        assertThat(timedOut.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(timedOut.failure().timeoutType()).isEqualTo(TimeoutType.SCHEDULE_TO_START);
        assertThat(timedOut.startedEventId()).isZero();
        assertThat(engine.pollActivityTask(NS, "payments", "w", EMPTY_WAIT)).isEmpty();
    }

    @Test
    void scheduleToCloseTimeoutEndsRetriesWithTheLastFailureAsCause() {
        startWith("s2c-1", activity("ChargeCard", Duration.ofSeconds(10), null, null, null));
        engine.failActivityTask(pollActivity().taskToken(), failure("Declined"), "activity-worker");
        clock.advance(Duration.ofSeconds(1));
        ActivityTask second = pollActivity();
        assertThat(second.attempt()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(9));

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(ActivityTaskScheduled, ActivityTaskStarted, ActivityTaskTimedOut,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        EventAttributes.ActivityTaskStarted started = last(events, EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.lastFailure().type()).isEqualTo("Declined");
        EventAttributes.ActivityTaskTimedOut timedOut = last(events, EventAttributes.ActivityTaskTimedOut.class);
        assertThat(timedOut.retryState()).isEqualTo(RetryState.TIMEOUT);
        assertThat(timedOut.failure().timeoutType()).isEqualTo(TimeoutType.SCHEDULE_TO_CLOSE);
        assertThat(timedOut.failure().cause().type()).isEqualTo("Declined");
        assertThat(events.get(events.size() - 3).eventTime()).isEqualTo(T0.plusSeconds(10));
        assertThatThrownBy(() -> engine.completeActivityTask(second.taskToken(), json("1"), "activity-worker"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }

    @Test
    void retryThatWouldStartAfterTheScheduleToCloseDeadlineIsNotAttempted() {
        startWith("s2c-2", activity("ChargeCard", Duration.ofSeconds(10), null, null, null));
        clock.advance(Duration.ofSeconds(9));
        ActivityTask attempt = pollActivity();

        engine.failActivityTask(attempt.taskToken(), failure("Declined"), "activity-worker");

        EventAttributes.ActivityTaskFailed failed = last(pollWorkflowTask().history(),
                EventAttributes.ActivityTaskFailed.class);
        assertThat(failed.retryState()).isEqualTo(RetryState.TIMEOUT);
        assertThat(failed.failure().type()).isEqualTo("Declined");
    }

    @Test
    void startToCloseTimeoutIsRetriedAndTheNextAttemptCanSucceed() {
        startWith("s2c-3", activity("ChargeCard", Duration.ofSeconds(5)));
        ActivityTask first = pollActivity();
        assertThat(first.startToCloseTimeout()).isEqualTo(Duration.ofSeconds(5));
        clock.advance(Duration.ofSeconds(5));
        assertNoActivityTask();
        clock.advance(Duration.ofSeconds(1));

        ActivityTask second = pollActivity();
        assertThat(second.attempt()).isEqualTo(2);
        assertThatThrownBy(() -> engine.completeActivityTask(first.taskToken(), json("late"), "activity-worker"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessageContaining("the activity is at attempt 2");
        engine.completeActivityTask(second.taskToken(), json("\"ok\""), "activity-worker");

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(ActivityTaskScheduled, ActivityTaskStarted, ActivityTaskCompleted,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        EventAttributes.ActivityTaskStarted started = last(events, EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.lastFailure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
    }

    @Test
    void aLateResultOfATimedOutAttemptIsDroppedAndChangesNothing() throws InterruptedException {
        startWith("late-1", activity("ChargeCard", Duration.ofSeconds(5)));
        ActivityTask first = pollActivity();
        clock.advance(Duration.ofSeconds(5));
        awaitPendingAttempt("late-1", 2);
        clock.advance(Duration.ofSeconds(1));
        ActivityTask second = pollActivity();
        List<HistoryEvent> before = history("late-1");

        assertThatThrownBy(() -> engine.completeActivityTask(first.taskToken(), json("\"late\""), "activity-worker"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessageEndingWith("attempt 1 (attempt 1 timed out (START_TO_CLOSE: activity START_TO_CLOSE"
                        + " timeout); the activity is at attempt 2 (activityId \"" + first.activityId() + "\"))");

        assertThat(history("late-1")).isEqualTo(before);
        PendingActivity pending = engine.describeWorkflow(NS, "late-1", null).pendingActivities().get(0);
        assertThat(pending.attempt()).isEqualTo(2);
        assertThat(pending.state()).isEqualTo("STARTED");
        engine.completeActivityTask(second.taskToken(), json("\"ok\""), "activity-worker");
        EventAttributes.ActivityTaskCompleted completed = last(pollWorkflowTask().history(),
                EventAttributes.ActivityTaskCompleted.class);
        assertThat(completed.result()).isEqualTo(json("\"ok\""));
    }

    @Test
    void aLateResultAfterTheActivityTimedOutForGoodIsDropped() {
        startWith("late-2", activity("ChargeCard", null, null, Duration.ofSeconds(5), retry(1)));
        ActivityTask only = pollActivity();
        clock.advance(Duration.ofSeconds(5));
        List<HistoryEvent> closed = pollWorkflowTask().history();

        assertThatThrownBy(() -> engine.completeActivityTask(only.taskToken(), json("\"late\""), "activity-worker"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessageContaining("the activity is closed");
        assertThat(history("late-2")).isEqualTo(closed);
    }

    @Test
    void activityTaskStartedIsDatedWhenTheWorkerTookTheAttempt() {
        startWith("started-at", activity("ChargeCard", Duration.ofSeconds(30)));
        clock.advance(Duration.ofSeconds(2));
        Instant taken = clock.now();
        ActivityTask task = pollActivity();
        assertThat(task.startedTime()).isEqualTo(taken);
        clock.advance(Duration.ofSeconds(7));

        engine.completeActivityTask(task.taskToken(), json("1"), "activity-worker");

        List<HistoryEvent> events = history("started-at");
        assertThat(types(events)).endsWith(ActivityTaskStarted, ActivityTaskCompleted, WorkflowTaskScheduled);
        assertThat(events.get(events.size() - 3).eventTime()).isEqualTo(taken);
        assertThat(events.get(events.size() - 2).eventTime()).isEqualTo(taken.plusSeconds(7));
    }

    @Test
    void anActivityTaskStartedHeldBackWhileAWorkflowTaskRunsKeepsTheAttemptsStartTime() {
        startWith("started-at-2", activity("ChargeCard", Duration.ofSeconds(30)));
        ActivityTask task = pollActivity();
        clock.advance(Duration.ofSeconds(3));
        engine.signalWorkflow(NS, "started-at-2", null, "poke", List.of(), "client-1");
        WorkflowTask running = pollWorkflowTask();
        clock.advance(Duration.ofSeconds(4));
        engine.completeActivityTask(task.taskToken(), json("1"), "activity-worker");

        complete(running);

        List<HistoryEvent> events = history("started-at-2");
        HistoryEvent started = events.stream().filter(e -> e.eventType() == ActivityTaskStarted).findFirst()
                .orElseThrow();
        assertThat(started.eventTime()).isEqualTo(T0);
        assertThat(events.get((int) started.eventId()).eventType()).isEqualTo(ActivityTaskCompleted);
        assertThat(events.get((int) started.eventId()).eventTime()).isEqualTo(T0.plusSeconds(7));
    }

    @Test
    void startToCloseTimeoutOfTheLastAttemptTimesTheActivityOut() {
        startWith("s2c-4", activity("ChargeCard", null, null, Duration.ofSeconds(5), retry(1)));
        pollActivity();
        clock.advance(Duration.ofSeconds(5));

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(ActivityTaskStarted, ActivityTaskTimedOut, WorkflowTaskScheduled,
                WorkflowTaskStarted);
        EventAttributes.ActivityTaskTimedOut timedOut = last(events, EventAttributes.ActivityTaskTimedOut.class);
        assertThat(timedOut.retryState()).isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
        assertThat(timedOut.failure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
        assertThat(timedOut.failure().cause()).isNull();
    }

    @Test
    void startToCloseDefaultsToScheduleToClose() {
        startWith("timeouts-1", activity("ChargeCard", Duration.ofSeconds(30), null, null, null));

        ActivityTask task = pollActivity();

        assertThat(task.scheduleToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(task.startToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(task.scheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(task.heartbeatTimeout()).isZero();
        EventAttributes.ActivityTaskScheduled scheduled = last(history("timeouts-1"),
                EventAttributes.ActivityTaskScheduled.class);
        assertThat(scheduled.startToCloseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(scheduled.scheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(scheduled.taskQueue()).isEqualTo(QUEUE);
        assertThat(scheduled.retryPolicy().initialInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(scheduled.retryPolicy().maximumInterval()).isEqualTo(Duration.ofSeconds(100));
        assertThat(scheduled.workflowTaskCompletedEventId()).isEqualTo(4);
    }

    @Test
    void effectiveTimeoutsAreCappedByScheduleToCloseAndStartToClose() {
        startWith("timeouts-2", new Command.ScheduleActivityTask("pay", "ChargeCard", null, List.of(),
                Duration.ofSeconds(20), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), null));

        ActivityTask task = pollActivity();

        assertThat(task.activityId()).isEqualTo("pay");
        assertThat(task.scheduleToCloseTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(task.scheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(task.startToCloseTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(task.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void withoutScheduleToCloseTheOtherTimeoutsAreUnlimited() {
        startWith("timeouts-3", new Command.ScheduleActivityTask(null, "ChargeCard", null, List.of(), null, null,
                Duration.ofSeconds(10), Duration.ofSeconds(20), null));

        ActivityTask task = pollActivity();

        assertThat(task.scheduleToCloseTimeout()).isZero();
        assertThat(task.scheduleToStartTimeout()).isZero();
        assertThat(task.startToCloseTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(task.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(10));
        EventAttributes.ActivityTaskScheduled scheduled = last(history("timeouts-3"),
                EventAttributes.ActivityTaskScheduled.class);
        assertThat(scheduled.scheduleToCloseTimeout()).isNull();
        assertThat(scheduled.scheduleToStartTimeout()).isNull();
    }

    @Test
    void activityWithoutTimeoutsIsRefusedAndNothingIsWritten() {
        start("timeouts-4");
        WorkflowTask task = pollWorkflowTask();
        int length = history("timeouts-4").size();

        assertThatThrownBy(() -> complete(task, new Command.StartTimer("t", Duration.ofSeconds(1)),
                new Command.ScheduleActivityTask(null, "ChargeCard", null, List.of(), null, Duration.ofSeconds(1),
                        null, null, null)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage("command 1 (ScheduleActivityTask \"ChargeCard\"): one of startToCloseTimeout or"
                        + " scheduleToCloseTimeout is required");

        assertThat(history("timeouts-4")).hasSize(length);
        complete(task, activity("ChargeCard", Duration.ofSeconds(1)));
        assertThat(types(history("timeouts-4"))).endsWith(WorkflowTaskCompleted, ActivityTaskScheduled);
    }

    @Test
    void failActivityWithoutFailureIsRefused() {
        startWith("fail-1", activity("ChargeCard", Duration.ofSeconds(30)));
        ActivityTask task = pollActivity();
        assertThatThrownBy(() -> engine.failActivityTask(task.taskToken(), null, "w"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT));
    }
}
