package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.TimerFired;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A second engine built on the store of the first continues every open run: scheduled tasks are
 * dispatched again (sticky ones on the normal queue), timers armed, and tasks the first engine's
 * workers had started time out at once.
 */
class EngineRecoveryTest extends EngineTestBase {

    private static final String STICKY = "worker-1-sticky-1";


    @Test
    void restartedEngineContinuesEveryOpenRun() {
        // a: a workflow task started and never completed
        start("a");
        pollWorkflowTask();
        // b: an activity scheduled and never polled
        startWith("b", new Command.ScheduleActivityTask(null, "Ship", "b-acts", List.of(json("1")), null, null,
                Duration.ofSeconds(30), null, null));
        // c: one activity running (its start committed when the worker took it), the other done
        StartWorkflowRequest r = request("c");
        engine.startWorkflow(new StartWorkflowRequest(NS, "c", r.workflowType(), "c-wf", r.input(), null, null, null,
                null, null));
        complete(pollWorkflowTask("c-wf"), new Command.ScheduleActivityTask("A", "ChargeCard", "c-acts", List.of(),
                null, null, Duration.ofMinutes(10), null, null), new Command.ScheduleActivityTask("B", "Ship",
                "c-acts", List.of(), null, null, Duration.ofMinutes(10), null, null));
        ActivityTask runningA = engine.pollActivityTask(NS, "c-acts", "old-worker", WAIT).orElseThrow();
        assertThat(runningA.activityId()).isEqualTo("A");
        ActivityTask b = engine.pollActivityTask(NS, "c-acts", "old-worker", WAIT).orElseThrow();
        engine.completeActivityTask(b.taskToken(), json("\"shipped\""), "old-worker");
        // d: the next task waits on a sticky queue
        start("d");
        completeSticky(pollWorkflowTask(), STICKY, new Command.ScheduleActivityTask(null, "Ship", "d-acts",
                List.of(), null, null, Duration.ofSeconds(30), null, null));
        engine.completeActivityTask(engine.pollActivityTask(NS, "d-acts", "old-worker", WAIT).orElseThrow()
                .taskToken(), json("1"), "old-worker");
        // e: a timer
        startWith("e", new Command.StartTimer("nap", Duration.ofSeconds(30)));
        // f: closed; stays closed
        startWith("f", new Command.CompleteWorkflowExecution(json("\"done\"")));

        engine.close();
        store = reopenStore();
        engine = newEngine();

        Map<String, WorkflowTask> tasks = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            WorkflowTask task = pollWorkflowTask();
            tasks.put(task.execution().workflowId(), task);
        }
        assertThat(tasks).containsOnlyKeys("a", "d");
        assertNoWorkflowTask(QUEUE);
        assertNoWorkflowTask(STICKY);
        tasks.put("c", pollWorkflowTask("c-wf"));

        // a's start was never written (a start waits for the run's next commit, and none came): after
        // the restart the task is simply dispatched again, as attempt 1, and history shows one start.
        WorkflowTask a = tasks.get("a");
        assertThat(a.attempt()).isEqualTo(1);
        assertThat(types(a.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted);
        assertDense(a.history());

        WorkflowTask c = tasks.get("c");
        assertThat(types(c.history())).containsSubsequence(ActivityTaskStarted, ActivityTaskCompleted,
                WorkflowTaskScheduled, WorkflowTaskStarted);
        assertDense(c.history());

        WorkflowTask d = tasks.get("d");
        assertThat(d.hasFullHistory()).isTrue();
        assertDense(d.history());

        tasks.values().forEach(task -> complete(task));

        ActivityTask ship = engine.pollActivityTask(NS, "b-acts", "new-worker", WAIT).orElseThrow();
        assertThat(ship.attempt()).isEqualTo(1);
        assertThat(ship.input()).containsExactly(json("1"));

        // c's running attempt died with the first engine: handled as a Start-To-Close timeout, retried as
        // the next attempt.
        assertThat(engine.pollActivityTask(NS, "c-acts", "new-worker", EMPTY_WAIT)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        ActivityTask retried = engine.pollActivityTask(NS, "c-acts", "new-worker", WAIT).orElseThrow();
        assertThat(retried.activityId()).isEqualTo("A");
        assertThat(retried.attempt()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(29));
        WorkflowTask e = pollWorkflowTask();
        assertThat(e.execution().workflowId()).isEqualTo("e");
        assertThat(types(e.history())).contains(TimerFired);

        assertThat(engine.awaitOutcome(NS, "f", null, Duration.ZERO)).isPresent();
        complete(e, new Command.CompleteWorkflowExecution(null));
        assertThat(engine.awaitOutcome(NS, "e", null, Duration.ZERO)).isPresent();
    }

    @Test
    void aWorkflowTaskStartedBeforeTheRestartIsDispatchedAgainAndTheOldStartIsRefused() {
        start("g");
        WorkflowTask task = pollWorkflowTask();

        engine.close();
        store = reopenStore();
        engine = Engine.builder().store(store).clock(clock)
                .options(options().toBuilder().setExpireInFlightTasksOnStart(false).build()).build();

        assertThatThrownBy(() -> complete(task, new Command.CompleteWorkflowExecution(json("1"))))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        WorkflowTask again = pollWorkflowTask();
        assertThat(again.attempt()).isEqualTo(1);
        assertThat(again.startedEventId()).isEqualTo(3);
        complete(again, new Command.CompleteWorkflowExecution(json("1")));
        assertThat(engine.awaitOutcome(NS, "g", null, Duration.ZERO)).isPresent();
    }

    @Test
    void everyRunWaitingOnATimerIsArmedAfterTheRestartBesideOneWhoseRunningActivityIsRetried() {
        int waiting = 200;
        for (int i = 0; i < waiting; i++) {
            startWith("timer-" + i, new Command.StartTimer("nap", Duration.ofSeconds(30 + i % 3)));
        }
        startWith("running", new Command.ScheduleActivityTask("A", "Ship", "acts", List.of(), null, null,
                Duration.ofMinutes(10), null, null));
        assertThat(engine.pollActivityTask(NS, "acts", "old-worker", WAIT)).isPresent();

        engine.close();
        store = reopenStore();
        engine = newEngine();

        clock.advance(Duration.ofSeconds(1));
        ActivityTask retried = engine.pollActivityTask(NS, "acts", "new-worker", WAIT).orElseThrow();
        assertThat(retried.activityId()).isEqualTo("A");
        assertThat(retried.attempt()).isEqualTo(2);
        assertNoWorkflowTask(QUEUE);
        clock.advance(Duration.ofSeconds(31));
        Map<String, List<HistoryEvent>> fired = new HashMap<>();
        for (int i = 0; i < waiting; i++) {
            WorkflowTask task = pollWorkflowTask();
            fired.put(task.execution().workflowId(), task.history());
        }
        assertNoWorkflowTask(QUEUE);
        assertThat(fired).hasSize(waiting).allSatisfy((id, history) -> {
            assertThat(id).startsWith("timer-");
            assertThat(types(history)).contains(TimerFired);
        });
    }

    private static void assertDense(List<HistoryEvent> history) {
        assertThat(history).extracting(HistoryEvent::eventId)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, history.size()).boxed().toList());
    }
}
