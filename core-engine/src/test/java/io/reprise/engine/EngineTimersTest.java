package io.reprise.engine;

import static io.reprise.engine.api.EventType.TimerFired;
import static io.reprise.engine.api.EventType.TimerStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionTimedOut;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.failure.RetryState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTimersTest extends EngineTestBase {

    @Test
    void userTimerFiresAtItsTime() {
        startWith("timer-1", new Command.StartTimer("wait", Duration.ofSeconds(30)));
        assertThat(engine.nextTimerDueTime()).contains(T0.plusSeconds(30));
        clock.advance(Duration.ofMillis(29_999));
        assertNoWorkflowTask(QUEUE);

        clock.advance(Duration.ofMillis(1));

        WorkflowTask task = pollWorkflowTask();
        assertThat(types(task.history())).endsWith(WorkflowTaskCompleted, TimerStarted, TimerFired,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        assertThat(last(task.history(), EventAttributes.TimerFired.class))
                .isEqualTo(new EventAttributes.TimerFired("wait", 5));
        assertThat(task.history().get(5).eventTime()).isEqualTo(T0.plusSeconds(30));
        assertThat(engine.nextTimerDueTime()).contains(T0.plusSeconds(40));
    }

    @Test
    void timersDueTogetherFireInTheOrderTheyWereStarted() {
        startWith("timer-2", new Command.StartTimer("b", Duration.ofSeconds(5)),
                new Command.StartTimer("a", Duration.ofSeconds(5)));

        clock.advance(Duration.ofSeconds(5));

        List<EventAttributes.TimerFired> fired = pollWorkflowTask().history().stream()
                .filter(e -> e.eventType() == TimerFired)
                .map(e -> e.attributes(EventAttributes.TimerFired.class)).toList();
        assertThat(fired).extracting(EventAttributes.TimerFired::timerId).containsExactly("b", "a");
    }

    @Test
    void executionTimeoutClosesTheRunAndAbandonsWhatIsPending() {
        StartWorkflowRequest r = request("timeout-1");
        engine.startWorkflow(new StartWorkflowRequest(r.namespace(), r.workflowId(), r.workflowType(), r.taskQueue(),
                r.input(), Duration.ofMinutes(1), null, null, r.identity(), null));
        complete(pollWorkflowTask(), activity("ChargeCard", Duration.ofMinutes(5)));
        ActivityTask activityTask = pollActivity();
        assertThat(last(history("timeout-1"), EventAttributes.WorkflowExecutionStarted.class).workflowRunTimeout())
                .isEqualTo(Duration.ofMinutes(1));

        clock.advance(Duration.ofMinutes(1));

        WorkflowOutcome outcome = engine.awaitOutcome(NS, "timeout-1", null, WAIT).orElseThrow();
        assertThat(outcome.status()).isEqualTo(WorkflowExecutionStatus.TIMED_OUT);
        assertThat(outcome.closeEvent().attributes())
                .isEqualTo(new EventAttributes.WorkflowExecutionTimedOut(RetryState.TIMEOUT));
        assertThat(types(history("timeout-1"))).endsWith(WorkflowExecutionTimedOut);
        assertThat(engine.describeWorkflow(NS, "timeout-1", null).closeTime()).isEqualTo(T0.plusSeconds(60));
        assertThatThrownBy(() -> engine.completeActivityTask(activityTask.taskToken(), json("1"), "w"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        assertThat(engine.nextTimerDueTime()).isEmpty();
    }

    @Test
    void runTimeoutDefaultsToAndIsCappedByTheExecutionTimeout() {
        StartWorkflowRequest r = request("timeout-2");
        engine.startWorkflow(new StartWorkflowRequest(r.namespace(), r.workflowId(), r.workflowType(), r.taskQueue(),
                r.input(), Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofSeconds(3), r.identity(), null));
        WorkflowTask task = pollWorkflowTask();
        EventAttributes.WorkflowExecutionStarted started =
                task.history().get(0).attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.workflowExecutionTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(started.workflowRunTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(started.workflowTaskTimeout()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void busyWhileATaskIsWorkedOnOrQueuedForAWorkerButNotForQueuesNobodyPolls() throws Exception {
        start("busy-1");
        assertThat(engine.isBusy()).as("task on a queue nobody polled").isFalse();

        WorkflowTask task = pollWorkflowTask();
        assertThat(engine.isBusy()).as("workflow task started").isTrue();
        complete(task, activity("ChargeCard", Duration.ofSeconds(10)),
                new Command.StartTimer("t", Duration.ofMinutes(1)));
        assertThat(engine.isBusy()).as("activity queued on a queue nobody polled yet").isFalse();
        assertThat(engine.nextTimerDueTime()).as("the user timer").contains(T0.plusSeconds(60));

        ActivityTask activityTask = pollActivity();
        assertThat(engine.isBusy()).as("activity started").isTrue();
        assertThat(engine.nextTimerDueTime()).as("its start-to-close timeout").contains(T0.plusSeconds(10));
        engine.failActivityTask(activityTask.taskToken(), failure("Declined"), "activity-worker");
        assertThat(engine.isBusy()).as("activity waiting for its retry").isFalse();
        assertThat(engine.nextTimerDueTime()).contains(T0.plusSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        // The retry lands in a queue polled less than a second ago: a worker is around to take it.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!engine.isBusy() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(engine.isBusy()).as("retry queued for an active worker").isTrue();
        engine.completeActivityTask(pollActivity().taskToken(), json("1"), "activity-worker");
        assertThat(engine.isBusy()).as("workflow task queued for an active worker").isTrue();
        complete(pollWorkflowTask());
        assertThat(engine.isBusy()).isFalse();
    }
}
