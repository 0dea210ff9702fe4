package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static io.reprise.engine.api.EventType.ActivityTaskScheduled;
import static io.reprise.engine.api.EventType.ActivityTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.PendingActivity;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An activity whose queue has a poller waiting when the workflow task that schedules it completes
 * is started in that very commit, by that poller (sync match): the poller gets the task without a
 * commit of its own, and the start is as durable as one the poller commits.
 */
class EngineActivitySyncMatchTest extends EngineTestBase {

    /** Polls an activity task on another thread, by "waiting-worker". */
    private CompletableFuture<Optional<ActivityTask>> pollInBackground(Duration wait) throws InterruptedException {
        CompletableFuture<Optional<ActivityTask>> poll = CompletableFuture.supplyAsync(
                () -> engine.pollActivityTask(NS, QUEUE, "waiting-worker", wait), r -> Thread.ofVirtual().start(r));
        awaitWaitingPoller(QUEUE, TaskQueueKind.ACTIVITY);
        return poll;
    }

    @Test
    void aWaitingPollerGetsTheActivityStartedInTheCommitThatSchedulesIt() throws Exception {
        start("match-1");
        WorkflowTask task = pollWorkflowTask();
        CompletableFuture<Optional<ActivityTask>> poll = pollInBackground(WAIT);
        int commitsBefore = store.commits();

        complete(task, activity("ChargeCard", Duration.ofMinutes(1)));
        ActivityTask activity = poll.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();

        assertThat(store.commits()).as("the workflow task's completion only").isEqualTo(commitsBefore + 1);
        assertThat(activity.attempt()).isEqualTo(1);
        assertThat(activity.activityType()).isEqualTo("ChargeCard");
        assertThat(activity.input()).containsExactly(json("42"));
        assertThat(activity.startedTime()).isEqualTo(T0);
        PendingActivity pending = engine.describeWorkflow(NS, "match-1", null).pendingActivities().get(0);
        assertThat(pending.state()).isEqualTo("STARTED");
        assertThat(pending.lastWorkerIdentity()).isEqualTo("waiting-worker");

        engine.completeActivityTask(activity.taskToken(), json("\"charged\""), "waiting-worker");

        List<HistoryEvent> events = history("match-1");
        assertThat(types(events)).containsSubsequence(ActivityTaskScheduled, ActivityTaskStarted,
                ActivityTaskCompleted);
        EventAttributes.ActivityTaskStarted started = last(events, EventAttributes.ActivityTaskStarted.class);
        assertThat(started.identity()).isEqualTo("waiting-worker");
        assertThat(started.attempt()).isEqualTo(1);
    }

    @Test
    void anAttemptStartedOnAWaitingPollerCountsWhenTheEngineCrashesBeforeItCloses() throws Exception {
        start("match-2");
        WorkflowTask task = pollWorkflowTask();
        CompletableFuture<Optional<ActivityTask>> poll = pollInBackground(WAIT);
        complete(task, activity("ChargeCard", null, null, Duration.ofMinutes(10), retry(5)));
        assertThat(poll.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow().attempt()).isEqualTo(1);

        engine.close();
        store = reopenStore();
        engine = newEngine();

        PendingActivity pending = engine.describeWorkflow(NS, "match-2", null).pendingActivities().get(0);
        assertThat(pending.attempt()).isEqualTo(2);
        assertThat(pending.lastFailure().timeoutType()).isEqualTo(TimeoutType.START_TO_CLOSE);
        assertThat(pending.lastFailure().message()).isEqualTo("activity START_TO_CLOSE timeout: the worker"
                + " \"waiting-worker\" running attempt 1 was lost (the engine restarted while the attempt was"
                + " running)");
    }

    @Test
    void whenTheSchedulingCommitFailsTheWaitingPollerPollsOnAndGetsTheTaskOnceItIsScheduled() throws Exception {
        start("match-3");
        WorkflowTask task = pollWorkflowTask();
        CompletableFuture<Optional<ActivityTask>> poll = pollInBackground(WAIT);
        store.failNextCommits(1);

        assertThatThrownBy(() -> complete(task, activity("ChargeCard", Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));
        awaitWaitingPoller(QUEUE, TaskQueueKind.ACTIVITY);
        assertThat(poll).as("released, the poller waits on").isNotDone();

        // The failed commit dropped the run's state; its timer reloads it and dispatches the workflow task again.
        WorkflowTask retried = pollWorkflowTask();
        complete(retried, activity("ChargeCard", Duration.ofMinutes(1)));

        ActivityTask activity = poll.get(WAIT.toSeconds(), TimeUnit.SECONDS).orElseThrow();
        assertThat(activity.attempt()).isEqualTo(1);
        assertThat(engine.describeWorkflow(NS, "match-3", null).pendingActivities().get(0).lastWorkerIdentity())
                .isEqualTo("waiting-worker");
    }

    @Test
    void anActivityScheduledWithNoPollerWaitingIsQueuedAndStartedByThePollerThatTakesIt() {
        startWith("match-4", activity("ChargeCard", Duration.ofMinutes(1)));
        assertThat(engine.describeWorkflow(NS, "match-4", null).pendingActivities().get(0).state())
                .isEqualTo("SCHEDULED");
        int commitsBefore = store.commits();

        ActivityTask activity = pollActivity();

        assertThat(store.commits()).as("the start's own commit").isEqualTo(commitsBefore + 1);
        assertThat(activity.attempt()).isEqualTo(1);
        assertThat(engine.describeWorkflow(NS, "match-4", null).pendingActivities().get(0).state())
                .isEqualTo("STARTED");
    }
}
