package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static io.reprise.engine.api.EventType.WorkflowExecutionCompleted;
import static io.reprise.engine.api.EventType.WorkflowExecutionSignaled;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.matching.TaskQueueKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A task a poll took but could not deliver goes back to its queue: taken by a poller whose thread is interrupted
 * (matching puts it back unstarted), or started and then handed back ({@link io.reprise.engine.api.TaskHandBack},
 * used by the gRPC server when a poll's call was cancelled).
 */
class EngineTaskHandBackTest extends EngineTestBase {

    @Test
    void aTaskTakenByAnInterruptedPollerGoesBackToItsQueueUnstarted() {
        start("hb-1");

        Thread.currentThread().interrupt();
        Optional<WorkflowTask> taken = engine.pollWorkflowTask(NS, QUEUE, "worker-1", WAIT);
        assertThat(Thread.interrupted()).as("the interrupt flag is kept").isTrue();
        assertThat(taken).isEmpty();

        WorkflowTask task = pollWorkflowTask();
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.startedEventId()).isEqualTo(3);
        assertThat(types(task.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted);
    }

    @Test
    void aStartedWorkflowTaskHandedBackIsStartedAgainWithTheSameIdsAndNoTimeout() {
        start("hb-2");
        WorkflowTask first = pollWorkflowTask();

        engine.handBackWorkflowTask(first.taskToken());
        // Its Start-To-Close timeout (10 s) no longer runs: the task is simply waiting again.
        clock.advance(Duration.ofSeconds(11));

        WorkflowTask second = pollWorkflowTask();
        assertThat(second.attempt()).isEqualTo(1);
        assertThat(second.startedEventId()).isEqualTo(first.startedEventId());
        assertThat(second.history().subList(0, 2)).isEqualTo(first.history().subList(0, 2));
        assertThat(second.history().get(2).eventTime()).as("started when polled again")
                .isEqualTo(first.history().get(2).eventTime().plusSeconds(11));
        complete(second, new Command.CompleteWorkflowExecution(json("\"done\"")));
        assertThat(types(history("hb-2"))).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, WorkflowExecutionCompleted);
    }

    @Test
    void aStickyTaskHandedBackGoesToTheNormalQueue() {
        start("hb-3");
        WorkflowTask first = pollWorkflowTask();
        completeSticky(first, "sticky-1");
        engine.signalWorkflow(NS, "hb-3", null, "go", List.of(), "client-1");
        WorkflowTask sticky = pollWorkflowTask("sticky-1");

        engine.handBackWorkflowTask(sticky.taskToken());

        assertNoWorkflowTask("sticky-1");
        WorkflowTask normal = pollWorkflowTask();
        assertThat(normal.startedEventId()).isEqualTo(sticky.startedEventId());
        assertThat(normal.hasFullHistory()).isTrue();
        assertThat(types(normal.history())).endsWith(WorkflowExecutionSignaled, WorkflowTaskScheduled,
                WorkflowTaskStarted);
    }

    @Test
    void aWorkflowTaskWhoseStartWasWrittenMeanwhileIsLeftToItsTimeout() {
        start("hb-4");
        WorkflowTask task = pollWorkflowTask();
        // A signal arriving while the task runs is committed, and the task's start with it.
        engine.signalWorkflow(NS, "hb-4", null, "go", List.of(), "client-1");

        engine.handBackWorkflowTask(task.taskToken());

        assertNoWorkflowTask(QUEUE);
        complete(task);
        assertThat(types(history("hb-4"))).startsWith(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, WorkflowExecutionSignaled);
    }

    @Test
    void anActivityAttemptHandedBackRunsAgainAsTheSameAttempt() {
        startWith("hb-5", activity("Charge", Duration.ofSeconds(30)));
        ActivityTask first = pollActivity();

        engine.handBackActivityTask(first.taskToken());

        assertThat(engine.describeWorkflow(NS, "hb-5", null).pendingActivities().get(0).state())
                .isEqualTo("SCHEDULED");
        ActivityTask second = pollActivity();
        assertThat(second.attempt()).isEqualTo(1);
        assertThat(second.activityId()).isEqualTo(first.activityId());
        engine.completeActivityTask(second.taskToken(), json("\"charged\""), "activity-worker");
        var events = history("hb-5");
        assertThat(types(events)).containsSubsequence(ActivityTaskScheduled, ActivityTaskStarted,
                ActivityTaskCompleted);
        assertThat(events.stream().filter(e -> e.eventType() == ActivityTaskStarted).toList()).singleElement()
                .satisfies(e -> assertThat(e.attributes(EventAttributes.ActivityTaskStarted.class).attempt())
                        .isEqualTo(1));
    }

    @Test
    void anActivityAttemptThatHeartbeatedIsNotHandedBack() {
        startWith("hb-6", activity("Charge", Duration.ofSeconds(30)));
        ActivityTask task = pollActivity();
        engine.recordActivityHeartbeat(task.taskToken(), List.of(json("1")), "activity-worker");

        engine.handBackActivityTask(task.taskToken());

        assertNoActivityTask();
        engine.completeActivityTask(task.taskToken(), json("\"charged\""), "activity-worker");
        assertThat(types(history("hb-6"))).contains(ActivityTaskCompleted);
    }

    @Test
    void anAttemptStartedOnAReservedPollerWhosePollWasAbandonedGoesBackUnstarted() throws Exception {
        start("hb-8");
        WorkflowTask task = pollWorkflowTask();
        AtomicReference<Optional<ActivityTask>> polled = new AtomicReference<>();
        AtomicBoolean keptInterrupt = new AtomicBoolean();
        Thread poller = Thread.ofVirtual().start(() -> {
            polled.set(engine.pollActivityTask(NS, QUEUE, "activity-worker-1", WAIT));
            keptInterrupt.set(Thread.currentThread().isInterrupted());
        });
        awaitWaitingPoller(QUEUE, TaskQueueKind.ACTIVITY);
        // The parked poller is reserved before the commit that schedules the activity (and starts it on that
        // poller); its poll is abandoned (a gRPC call cancelled) while that commit is under way.
        store.beforeNextCommit(poller::interrupt);

        complete(task, activity("Charge", Duration.ofSeconds(30)));

        poller.join();
        assertThat(polled.get()).as("the abandoned poll gets no task").isEmpty();
        assertThat(keptInterrupt).as("the interrupt flag is kept").isTrue();
        var pending = engine.describeWorkflow(NS, "hb-8", null).pendingActivities().get(0);
        assertThat(pending.state()).isEqualTo("SCHEDULED");
        ActivityTask again = pollActivity();
        assertThat(again.attempt()).isEqualTo(1);
        engine.completeActivityTask(again.taskToken(), json("\"charged\""), "activity-worker");
        assertThat(history("hb-8").stream().filter(e -> e.eventType() == ActivityTaskStarted).toList())
                .singleElement().satisfies(e -> assertThat(e.attributes(EventAttributes.ActivityTaskStarted.class)
                        .identity()).isEqualTo("activity-worker"));
    }

    @Test
    void aStaleOrUnknownTokenIsIgnored() {
        start("hb-7");
        WorkflowTask task = pollWorkflowTask();
        complete(task, new Command.CompleteWorkflowExecution(json("\"done\"")));

        engine.handBackWorkflowTask(task.taskToken());
        engine.handBackActivityTask(new byte[] {1, 2, 3});

        assertThat(types(history("hb-7"))).endsWith(WorkflowExecutionCompleted);
    }
}
