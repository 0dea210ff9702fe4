package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.ActivityTaskTimedOut;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.PendingActivity;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An activity attempt running when the engine's process dies is counted: the start is committed
 * before the worker gets the task, so the engine built on the same SQLite file after the "crash"
 * (the first engine closed without the attempt closing) treats the attempt's worker as lost and
 * the rerun is the next attempt.
 */
class EngineActivityCrashRerunTest extends EngineTestBase {

    private static final String LOST = "activity START_TO_CLOSE timeout: the worker \"activity-worker\" running"
            + " attempt %d was lost (the engine restarted while the attempt was running)";

    /** The process dies with the attempt running; a new one opens the same file. */
    private void crashAndRestart() {
        engine.close();
        store = reopenStore();
        engine = newEngine();
    }

    @Test
    void anAttemptRunningAtTheCrashIsRerunAsTheNextAttempt() {
        startWith("crash-1", activity("ChargeCard", null, null, Duration.ofMinutes(10), retry(5)));
        ActivityTask first = pollActivity();
        assertThat(first.attempt()).isEqualTo(1);

        crashAndRestart();

        PendingActivity pending = engine.describeWorkflow(NS, "crash-1", null).pendingActivities().get(0);
        assertThat(pending.attempt()).isEqualTo(2);
        assertThat(pending.state()).isEqualTo("SCHEDULED");
        assertThat(pending.lastWorkerIdentity()).isEqualTo("activity-worker");
        assertThat(pending.lastFailure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(pending.lastFailure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
        assertThat(pending.lastFailure().message()).isEqualTo(LOST.formatted(1));
        // The retry policy's backoff applies, as after any Start-To-Close timeout.
        assertNoActivityTask();
        clock.advance(Duration.ofSeconds(1));
        ActivityTask rerun = pollActivity();
        assertThat(rerun.attempt()).as("the attempt the worker's ActivityInfo reports").isEqualTo(2);
        assertThat(rerun.activityId()).isEqualTo(first.activityId());
        assertThat(rerun.scheduledTime()).isEqualTo(first.scheduledTime());

        engine.completeActivityTask(rerun.taskToken(), json("\"charged\""), "activity-worker");

        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(ActivityTaskScheduled, ActivityTaskStarted, ActivityTaskCompleted,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        EventAttributes.ActivityTaskStarted started = last(events, EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.identity()).isEqualTo("activity-worker");
        assertThat(started.lastFailure().message()).isEqualTo(LOST.formatted(1));
    }

    @Test
    void crashesUseUpTheMaximumAttemptsAndTheActivityFailsSayingTheWorkerWasLost() {
        startWith("crash-2", activity("ChargeCard", null, null, Duration.ofMinutes(10), retry(2)));
        assertThat(pollActivity().attempt()).isEqualTo(1);
        crashAndRestart();
        clock.advance(Duration.ofSeconds(1));
        assertThat(pollActivity().attempt()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(3));

        crashAndRestart();

        assertThat(engine.describeWorkflow(NS, "crash-2", null).pendingActivities()).isEmpty();
        List<HistoryEvent> events = pollWorkflowTask().history();
        assertThat(types(events)).endsWith(ActivityTaskScheduled, ActivityTaskStarted, ActivityTaskTimedOut,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        HistoryEvent startedEvent = events.get(events.size() - 4);
        EventAttributes.ActivityTaskStarted started =
                startedEvent.attributes(EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.identity()).isEqualTo("activity-worker");
        assertThat(startedEvent.eventTime()).as("when the worker took attempt 2").isEqualTo(T0.plusSeconds(1));
        EventAttributes.ActivityTaskTimedOut timedOut = last(events, EventAttributes.ActivityTaskTimedOut.class);
        assertThat(timedOut.retryState()).isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
        assertThat(timedOut.startedEventId()).isEqualTo(startedEvent.eventId());
        assertThat(timedOut.failure().kind()).isEqualTo(FailureKind.TIMEOUT);
        assertThat(timedOut.failure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
        assertThat(timedOut.failure().message()).isEqualTo(LOST.formatted(2));
    }

    @Test
    void aCrashRerunCountsAgainstScheduleToClose() {
        startWith("crash-3", activity("ChargeCard", Duration.ofSeconds(30), null, null, retry(0)));
        pollActivity();
        clock.advance(Duration.ofMillis(29_500));

        crashAndRestart();

        EventAttributes.ActivityTaskTimedOut timedOut = last(pollWorkflowTask().history(),
                EventAttributes.ActivityTaskTimedOut.class);
        assertThat(timedOut.retryState()).as("a 1 s backoff would end after the Schedule-To-Close deadline")
                .isEqualTo(RetryState.TIMEOUT);
        assertThat(timedOut.failure().message()).isEqualTo(LOST.formatted(1));
    }

    @Test
    void withoutExpiringInFlightTasksTheStartedAttemptWaitsForItsStartToCloseTimeout() throws InterruptedException {
        startWith("crash-4", activity("ChargeCard", null, null, Duration.ofSeconds(20), retry(5)));
        ActivityTask first = pollActivity();
        engine.close();
        store = reopenStore();
        engine = Engine.builder().store(store).clock(clock)
                .options(options().toBuilder().setExpireInFlightTasksOnStart(false).build()).build();

        PendingActivity pending = engine.describeWorkflow(NS, "crash-4", null).pendingActivities().get(0);
        assertThat(pending.state()).isEqualTo("STARTED");
        assertThat(pending.attempt()).isEqualTo(1);
        assertThat(pending.lastStartedTime()).isEqualTo(T0);
        assertNoActivityTask();

        clock.advance(Duration.ofSeconds(20));
        awaitPendingAttempt("crash-4", 2);
        clock.advance(Duration.ofSeconds(1));
        ActivityTask second = pollActivity();
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(engine.describeWorkflow(NS, "crash-4", null).pendingActivities().get(0).lastFailure().message())
                .isEqualTo("activity START_TO_CLOSE timeout");
        assertThat(first.activityId()).isEqualTo(second.activityId());
    }
}
