package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCancelRequested;
import static io.reprise.engine.api.EventType.ActivityTaskCanceled;
import static io.reprise.engine.api.EventType.ActivityTaskFailed;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.ActivityTaskTimedOut;
import static io.reprise.engine.api.EventType.TimerCanceled;
import static io.reprise.engine.api.EventType.TimerStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine's side of heartbeats and cancellation, driven by hand-made commands. */
class EngineActivityCancellationTest extends EngineTestBase {

    static Command.ScheduleActivityTask heartbeating(Duration heartbeatTimeout, int maximumAttempts) {
        return new Command.ScheduleActivityTask(null, "Upload", null, List.of(json("1")), null, null,
                Duration.ofMinutes(10), heartbeatTimeout, retry(maximumAttempts));
    }

    @Test
    void cancelRequestForAnAttemptNotStartedCancelsItInTheSameTransition() {
        WorkflowTask second = startForcing("cancel-queued", heartbeating(null, 0));

        complete(second, new Command.RequestCancelActivityTask(5));

        List<HistoryEvent> events = history("cancel-queued");
        assertThat(types(events).subList(4, events.size())).containsExactly(ActivityTaskScheduled,
                WorkflowTaskScheduled, WorkflowTaskStarted, WorkflowTaskCompleted, ActivityTaskCancelRequested,
                ActivityTaskCanceled, WorkflowTaskScheduled);
        EventAttributes.ActivityTaskCanceled canceled = last(events, EventAttributes.ActivityTaskCanceled.class);
        assertThat(canceled.startedEventId()).isZero();
        assertThat(canceled.latestCancelRequestedEventId()).isEqualTo(9);
        assertNoActivityTask();
    }

    @Test
    void aStartedAttemptLearnsOfTheCancelRequestFromItsHeartbeatAndReportsCanceled() {
        WorkflowTask second = startForcing("cancel-started", heartbeating(null, 0));
        ActivityTask attempt = pollActivity();
        assertThat(engine.recordActivityHeartbeat(attempt.taskToken(), List.of(), "w").cancelRequested()).isFalse();

        complete(second, new Command.RequestCancelActivityTask(5));
        assertThat(engine.recordActivityHeartbeat(attempt.taskToken(), List.of(json("9")), "w").cancelRequested())
                .isTrue();
        engine.reportActivityTaskCanceled(attempt.taskToken(), List.of(json("\"cleaned\"")), "activity-worker");

        List<HistoryEvent> events = history("cancel-started");
        assertThat(types(events)).endsWith(ActivityTaskCancelRequested, ActivityTaskStarted, ActivityTaskCanceled,
                WorkflowTaskScheduled);
        EventAttributes.ActivityTaskCanceled canceled = last(events, EventAttributes.ActivityTaskCanceled.class);
        assertThat(canceled.details()).containsExactly(json("\"cleaned\""));
    }

    @Test
    void aFailureAfterACancelRequestIsNotRetried() {
        WorkflowTask second = startForcing("fail-after-cancel", heartbeating(null, 0));
        ActivityTask attempt = pollActivity();
        complete(second, new Command.RequestCancelActivityTask(5));

        engine.failActivityTask(attempt.taskToken(), failure("Boom"), "activity-worker");

        List<HistoryEvent> events = history("fail-after-cancel");
        assertThat(types(events)).endsWith(ActivityTaskStarted, ActivityTaskFailed, WorkflowTaskScheduled);
        assertThat(last(events, EventAttributes.ActivityTaskFailed.class).retryState())
                .isEqualTo(RetryState.CANCEL_REQUESTED);
    }

    @Test
    void heartbeatTimeoutFiresFromTheLastHeartbeatAndCarriesItsDetails() {
        startWith("hb-timeout", heartbeating(Duration.ofSeconds(10), 1));
        ActivityTask attempt = pollActivity();
        clock.advance(Duration.ofSeconds(6));
        engine.recordActivityHeartbeat(attempt.taskToken(), List.of(json("3")), "w");
        clock.advance(Duration.ofSeconds(9));
        assertThat(engine.describeWorkflow(NS, "hb-timeout", null).pendingActivities()).hasSize(1);

        clock.advance(Duration.ofSeconds(1));

        List<HistoryEvent> events = pollWorkflowTask().history();
        EventAttributes.ActivityTaskTimedOut timedOut = last(events, EventAttributes.ActivityTaskTimedOut.class);
        assertThat(types(events)).endsWith(ActivityTaskStarted, ActivityTaskTimedOut, WorkflowTaskScheduled,
                WorkflowTaskStarted);
        assertThat(timedOut.failure().timeoutType()).isEqualTo(TimeoutType.HEARTBEAT);
        assertThat(timedOut.failure().details()).containsExactly(json("3"));
        assertThatThrownBy(() -> engine.recordActivityHeartbeat(attempt.taskToken(), List.of(), "w"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }

    @Test
    void heartbeatAfterTheRunClosedIsNotFound() {
        WorkflowTask second = startForcing("closed", heartbeating(null, 0));
        ActivityTask attempt = pollActivity();
        complete(second, new Command.CompleteWorkflowExecution(json("1")));

        assertThatThrownBy(() -> engine.recordActivityHeartbeat(attempt.taskToken(), List.of(), "w"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND))
                .hasMessageContaining("the workflow execution is COMPLETED");
    }

    @Test
    void cancelTimerRecordsTimerCanceledAndTheTimerNeverFires() {
        WorkflowTask second = startForcing("timer", new Command.StartTimer("t1", Duration.ofMinutes(5)));
        complete(second, new Command.CancelTimer("t1"));
        clock.advance(Duration.ofMinutes(10));

        List<HistoryEvent> events = history("timer");
        assertThat(types(events)).endsWith(TimerStarted, WorkflowTaskScheduled, WorkflowTaskStarted,
                WorkflowTaskCompleted, TimerCanceled);
        assertNoWorkflowTask(QUEUE);
    }

    @Test
    void cancelingAnUnknownActivityOrTimerIsRefusedAndChangesNothing() {
        start("unknown");
        WorkflowTask task = pollWorkflowTask();

        assertThatThrownBy(() -> complete(task, new Command.RequestCancelActivityTask(42)))
                .isInstanceOf(EngineException.class).hasMessageContaining("no open activity has scheduledEventId 42");
        assertThatThrownBy(() -> complete(task, new Command.CancelTimer("nope")))
                .isInstanceOf(EngineException.class).hasMessageContaining("no open timer has timerId \"nope\"");
        assertThat(history("unknown")).hasSize(3);
    }

    /**
     * Starts a workflow and completes its first task with {@code commands} and a forced new task
     * (as a worker heartbeating its workflow task does), returning that second task.
     */
    private WorkflowTask startForcing(String workflowId, Command... commands) {
        start(workflowId);
        return engine.completeWorkflowTask(pollWorkflowTask().taskToken(), List.of(commands), "worker-1", null, true)
                .orElseThrow();
    }
}
