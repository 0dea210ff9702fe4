package io.reprise.engine.store.schema4;

import static io.reprise.engine.store.FixtureDriver.events;
import static io.reprise.engine.store.FixtureDriver.json;
import static io.reprise.engine.store.FixtureDriver.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.Engine;
import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.FixtureDriver;
import io.reprise.engine.timer.ManualClock;
import io.reprise.failure.RetryState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Opens an engine on a migrated copy of the golden schema-4 store (see the README of {@code golden/}) and takes
 * every run that was in flight to its end, as a worker would, with the clock moving on from where the build that
 * wrote the store left it (T0 + 1 min): timers fire, activity attempts scheduled, running (lost with the old
 * process) and waiting to retry are polled and completed with their recorded input, heartbeat details and attempt,
 * signals, cancellations and child starts that were not delivered are delivered, buffered events reach the
 * workflow, pending updates complete. Each step checks what it relies on of the migrated data.
 */
final class Schema4RunsToTheEnd {

    private static final String NS = "default";
    private static final Instant WRITTEN_UNTIL = Schema4FixtureGenerator.T0.plus(Duration.ofMinutes(1));

    private final ManualClock clock = new ManualClock(WRITTEN_UNTIL);
    private final ExecutionStore store;
    private final Engine engine;
    private final FixtureDriver driver;

    private Schema4RunsToTheEnd(ExecutionStore store) {
        this.store = store;
        engine = Engine.builder().store(store).clock(clock)
                .options(EngineOptions.newBuilder().setIdentity("migrated-engine").build()).build();
        driver = new FixtureDriver(engine);
    }

    /** Runs every open run of the migrated store on {@code store} to its end; the engine is closed after. */
    static void run(ExecutionStore store) throws InterruptedException {
        Schema4RunsToTheEnd runs = new Schema4RunsToTheEnd(store);
        try {
            runs.withTheClockWhereTheStoreLeftIt();
            runs.afterTheRetryBackoffs();
            runs.afterTheTimers();
        } finally {
            runs.engine.close();
        }
    }

    private void withTheClockWhereTheStoreLeftIt() throws InterruptedException {
        WorkflowExecutionInfo visibility = engine.describeWorkflow(NS, "visibility", null).info();
        assertThat(visibility.memo()).containsOnlyKeys("customer", "note", "region");
        assertThat(text(visibility.memo().get("note"))).isEqualTo("\"second thought\"");
        assertThat(visibility.searchAttributes()).isEqualTo(Map.of(
                "CustomerId", SearchAttributeValue.of(SearchAttributeType.KEYWORD, "acme"),
                "Items", SearchAttributeValue.of(SearchAttributeType.INT, 4),
                "Amount", SearchAttributeValue.of(SearchAttributeType.DOUBLE, 12.5),
                "Express", SearchAttributeValue.of(SearchAttributeType.BOOL, true),
                "DueAt", SearchAttributeValue.of(SearchAttributeType.DATETIME,
                        Schema4FixtureGenerator.T0.plus(Duration.ofDays(1)))));
        assertThat(engine.countExecutions(NS, "CustomerId = 'acme' AND Items = 4")).isOne();
        assertThat(engine.countExecutions(NS, "Comment = 'gift wrap, ünïcode'")).as("unset by the workflow").isZero();

        ActivityTask charge = driver.pollActivity(NS, "activity-scheduled-activities");
        assertThat(charge.activityId()).isEqualTo("charge");
        assertThat(charge.attempt()).isEqualTo(1);
        assertThat(charge.input()).extracting(FixtureDriver::text).containsExactly("{\"amount\":1250}");
        assertThat(charge.scheduleToCloseTimeout()).isEqualTo(Duration.ofHours(1));
        driver.completeActivity(charge, "\"charged\"");
        driver.awaitHistory(NS, "activity-scheduled", EventType.ActivityTaskCompleted);
        driver.completeRun(NS, "activity-scheduled", "\"paid\"");

        // Its running attempt was lost with the old process and the workflow had asked to cancel it: no retry.
        List<HistoryEvent> exported = driver.awaitHistory(NS, "activity-cancel-requested",
                EventType.ActivityTaskTimedOut);
        assertThat(events(exported, EventType.ActivityTaskTimedOut).get(0)
                .attributes(EventAttributes.ActivityTaskTimedOut.class).retryState())
                .isEqualTo(RetryState.CANCEL_REQUESTED);
        driver.completeRun(NS, "activity-cancel-requested", "\"stopped\"");

        WorkflowTask secondAttempt = driver.poll(NS, "workflow-task-timed-out");
        assertThat(secondAttempt.attempt()).isEqualTo(2);
        engine.completeWorkflowTask(secondAttempt.taskToken(), List.of(new Command.CompleteWorkflowExecution(
                json("\"second time lucky\""))), "fixture-worker", null);

        // Its next task waited on a sticky queue of the old process: it comes on the run's own queue.
        WorkflowTask approve = driver.completeRun(NS, "signal-received", "\"approved\"");
        assertThat(signals(approve.history())).containsExactly("approve \"alice\"");

        // Its started task died with the old process; the signal buffered meanwhile reaches the next one.
        WorkflowTask buffered = driver.completeRun(NS, "signal-buffered", "\"both\"");
        assertThat(signals(driver.history(NS, "signal-buffered"))).containsExactly("approve \"alice\"",
                "approve \"bob\"");
        assertThat(events(buffered.history(), EventType.WorkflowTaskTimedOut)).hasSize(1);

        WorkflowTask cancel = driver.completeNext(NS, "cancel-requested",
                new Command.CancelWorkflowExecution(List.of(json("\"as asked\""))));
        assertThat(events(cancel.history(), EventType.WorkflowExecutionCancelRequested)).hasSize(1);

        WorkflowTask continued = driver.completeRun(NS, "continued", "\"second run\"");
        assertThat(continued.history().get(0).attributes(EventAttributes.WorkflowExecutionStarted.class).input())
                .extracting(FixtureDriver::text).containsExactly("2");

        driver.completeRun(NS, "parent-child-pending", "\"child result\"");
        List<HistoryEvent> parent = driver.awaitHistory(NS, "parent", EventType.ChildWorkflowExecutionCompleted,
                EventType.ChildWorkflowExecutionCompleted);
        assertThat(events(parent, EventType.ChildWorkflowExecutionCompleted))
                .extracting(e -> text(e.attributes(EventAttributes.ChildWorkflowExecutionCompleted.class).result()))
                .containsExactly("\"child done\"", "\"child result\"");
        driver.completeRun(NS, "parent", "\"children done\"");

        // What the old process could not deliver is delivered by this one.
        driver.awaitHistory(NS, "outbound-pending", EventType.ExternalWorkflowExecutionSignaled,
                EventType.ExternalWorkflowExecutionCancelRequested, EventType.ChildWorkflowExecutionStarted);
        WorkflowTask target = driver.completeNext(NS, "unreachable-target", new Command.CancelWorkflowExecution(
                List.of()));
        assertThat(signals(target.history())).containsExactly("ping 2");
        assertThat(events(target.history(), EventType.WorkflowExecutionCancelRequested)).hasSize(1);
        driver.completeRun(NS, "unreachable-child", "\"late child\"");
        driver.awaitHistory(NS, "outbound-pending", EventType.ChildWorkflowExecutionCompleted);
        driver.completeRun(NS, "outbound-pending", "\"delivered\"");

        WorkflowTask external = driver.completeNext(NS, "external-target", new Command.CancelWorkflowExecution(
                List.of()));
        assertThat(signals(external.history())).containsExactly("ping 1");

        engine.signalWorkflow(NS, "signaler", null, "finish", List.of(), "fixture-client");
        driver.completeRun(NS, "signaler", "\"signals sent\"");

        engine.signalWorkflow(NS, "updates", null, "finish", List.of(), "fixture-client");
        driver.completeNext(NS, "updates", new Command.CompleteWorkflowUpdate("u-pending", json("\"limit 100\""),
                null), new Command.CompleteWorkflowExecution(json("\"updated\"")));
        assertThat(events(driver.history(NS, "updates"), EventType.WorkflowExecutionUpdateCompleted))
                .extracting(e -> e.attributes(EventAttributes.WorkflowExecutionUpdateCompleted.class).updateId())
                .containsExactly("u-done", "u-pending");

        driver.completeRun("billing", "invoice", "\"invoiced\"");
    }

    private void afterTheRetryBackoffs() throws InterruptedException {
        clock.advanceTo(Schema4FixtureGenerator.T0.plus(Duration.ofMinutes(11)).plusSeconds(1));

        ActivityTask retried = driver.pollActivity(NS, "activity-retry-activities");
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.heartbeatDetails()).extracting(FixtureDriver::text).containsExactly("\"half-way\"");
        assertThat(retried.input()).extracting(FixtureDriver::text).containsExactly("\"charge\"");
        driver.completeActivity(retried, "\"charged at last\"");
        driver.awaitHistory(NS, "activity-retry", EventType.ActivityTaskCompleted);
        List<HistoryEvent> charge = driver.completeRun(NS, "activity-retry", "\"paid\"").history();
        EventAttributes.ActivityTaskStarted started = events(charge, EventType.ActivityTaskStarted).get(0)
                .attributes(EventAttributes.ActivityTaskStarted.class);
        assertThat(started.attempt()).isEqualTo(2);
        assertThat(started.lastFailure().message()).isEqualTo("bank unavailable");
        assertThat(started.lastFailure().cause().message()).isEqualTo("connect timed out");

        // The attempt that was running when the old process stopped counts; the next one has its heartbeat details.
        ActivityTask shipping = driver.pollActivity(NS, "activity-started-activities");
        assertThat(shipping.attempt()).isEqualTo(2);
        assertThat(shipping.heartbeatDetails()).extracting(FixtureDriver::text)
                .containsExactly("{\"shipped\":3,\"of\":5}");
        driver.completeActivity(shipping, "\"shipped\"");
        driver.awaitHistory(NS, "activity-started", EventType.ActivityTaskCompleted);
        driver.completeRun(NS, "activity-started", "\"shipped\"");

        WorkflowTask retry = driver.completeRun(NS, "retrying", "\"ready now\"");
        EventAttributes.WorkflowExecutionStarted second = retry.history().get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(second.attempt()).isEqualTo(2);
        assertThat(second.input()).extracting(FixtureDriver::text).containsExactly("\"again\"");
    }

    private void afterTheTimers() throws InterruptedException {
        clock.advanceTo(Schema4FixtureGenerator.T0.plus(Duration.ofDays(2)));

        List<HistoryEvent> timers = driver.awaitHistory(NS, "timer-waiting", EventType.TimerFired,
                EventType.TimerFired);
        assertThat(events(timers, EventType.TimerFired))
                .extracting(e -> e.attributes(EventAttributes.TimerFired.class).timerId())
                .containsExactly("short", "reminder");
        driver.completeRun(NS, "timer-waiting", "\"reminded\"");

        driver.awaitHistory(NS, "visibility", EventType.TimerFired);
        driver.completeRun(NS, "visibility", "\"followed up\"");

        driver.awaitHistory(NS, "json-batches", EventType.TimerFired);
        WorkflowTask json = driver.completeRun(NS, "json-batches", "\"looked up\"");
        assertThat(events(json.history(), EventType.ActivityTaskCompleted)).singleElement()
                .satisfies(e -> assertThat(text(e.attributes(EventAttributes.ActivityTaskCompleted.class).result()))
                        .isEqualTo("{\"found\":true}"));

        WorkflowTask cron = driver.completeRun(NS, "cron", "\"daily report\"");
        EventAttributes.WorkflowExecutionStarted firstCron = cron.history().get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(firstCron.cronSchedule()).isEqualTo("0 12 * * *");
        assertThat(engine.describeWorkflow(NS, "cron", cron.execution().runId()).info().status())
                .isEqualTo(WorkflowExecutionStatus.COMPLETED);

        // Every run that was in flight has ended; only the cron schedule's next run waits for its time.
        assertThat(store.loadRunning()).extracting(ExecutionRow::key).singleElement().satisfies(key -> {
            assertThat(key.workflowId()).isEqualTo("cron");
            assertThat(key.runId()).isNotEqualTo(cron.execution().runId());
        });
        for (String workflowId : List.of("activity-scheduled", "activity-cancel-requested", "workflow-task-timed-out",
                "signal-received", "signal-buffered", "continued", "parent-child-pending", "parent",
                "unreachable-child", "outbound-pending", "signaler", "updates", "activity-retry", "activity-started",
                "retrying", "timer-waiting", "visibility", "json-batches")) {
            assertThat(driver.status(NS, workflowId)).as(workflowId).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        }
        for (String workflowId : List.of("cancel-requested", "unreachable-target", "external-target")) {
            assertThat(driver.status(NS, workflowId)).as(workflowId).isEqualTo(WorkflowExecutionStatus.CANCELED);
        }
        assertThat(driver.status("billing", "invoice")).isEqualTo(WorkflowExecutionStatus.COMPLETED);
    }

    /** The signals in {@code history}: name and first input. */
    private static List<String> signals(List<HistoryEvent> history) {
        return events(history, EventType.WorkflowExecutionSignaled).stream().map(e -> {
            EventAttributes.WorkflowExecutionSignaled signal = e.attributes(
                    EventAttributes.WorkflowExecutionSignaled.class);
            return signal.signalName() + (signal.input().isEmpty() ? "" : " " + text(signal.input().get(0)));
        }).toList();
    }
}
