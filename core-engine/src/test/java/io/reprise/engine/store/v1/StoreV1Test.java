package io.reprise.engine.store.v1;

import static io.reprise.engine.store.FixtureDriver.events;
import static io.reprise.engine.store.FixtureDriver.json;
import static io.reprise.engine.store.FixtureDriver.text;
import static io.reprise.engine.store.v1.StoreV1FixtureGenerator.HEADER;
import static io.reprise.engine.store.v1.StoreV1FixtureGenerator.NS;
import static io.reprise.engine.store.v1.StoreV1FixtureGenerator.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.Engine;
import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.FixtureDriver;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.timer.ManualClock;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The golden store of schema 5, the first written in proto v1 ({@code golden/store-v1.sqlite}, see the README of
 * {@code golden/}), opens with this build and every later one, without a migration while the schema stays 5 and
 * with one after: every run reads as the build that wrote it read it, and every run in flight goes on to its end,
 * keeping its headers, request ids, heartbeat details, pending update and buffered signal.
 */
class StoreV1Test {

    @TempDir
    Path directory;

    @Test
    void everyRunReadsAsTheBuildThatWroteItReadIt() throws Exception {
        Path file = copyOfTheGoldenStore();
        Map<ExecutionKey, JsonNode> expected = StoreV1Projection.expected();
        assertThat(StoreV1Projection.keys(file)).containsExactlyElementsOf(expected.keySet()).hasSize(12);

        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(file)) {
            for (Map.Entry<ExecutionKey, JsonNode> run : expected.entrySet()) {
                assertThat(pretty(StoreV1Projection.run(store, run.getKey()))).as("%s", run.getKey())
                        .isEqualTo(pretty(run.getValue()));
            }
        }
    }

    @Test
    void everyRunInFlightGoesOnToItsEnd() throws Exception {
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(copyOfTheGoldenStore())) {
            ManualClock clock = new ManualClock(StoreV1FixtureGenerator.WRITTEN_UNTIL);
            Engine engine = Engine.builder().store(store).clock(clock)
                    .options(EngineOptions.newBuilder().setIdentity("later-engine").build()).build();
            try {
                goOn(engine, clock, new FixtureDriver(engine));
                assertThat(store.loadRunning()).as("every run has ended").isEmpty();
            } finally {
                engine.close();
            }
        }
    }

    private static void goOn(Engine engine, ManualClock clock, FixtureDriver driver) throws InterruptedException {
        assertThat(engine.countExecutions(NS, "CustomerId = 'acme' AND Items = 3 AND Express = true")).isOne();

        // A retried signal and a retried cancellation (same request ids) are recognized after the restart.
        engine.signalWorkflow(new SignalWorkflowRequest(NS, "messages", null, "approve", List.of(json("\"alice\"")),
                "fixture-client", "req-signal-1", HEADER));
        WorkflowTask messages = driver.completeNext(NS, "messages", new Command.CompleteWorkflowUpdate("u-1",
                json("\"limit 100\""), null), new Command.CompleteWorkflowExecution(json("\"handled\"")));
        List<HistoryEvent> signals = events(messages.history(), EventType.WorkflowExecutionSignaled);
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).attributes(EventAttributes.WorkflowExecutionSignaled.class).header())
                .isEqualTo(HEADER);
        assertThat(events(driver.history(NS, "messages"), EventType.WorkflowExecutionUpdateCompleted))
                .extracting(e -> e.attributes(EventAttributes.WorkflowExecutionUpdateCompleted.class).updateId())
                .containsExactly("u-1");

        engine.requestCancelWorkflow(new RequestCancelWorkflowRequest(NS, "cancel-requested", null, "customer called",
                "fixture-client", "req-cancel-1"));
        WorkflowTask cancel = driver.completeNext(NS, "cancel-requested", new Command.CancelWorkflowExecution(
                List.of()));
        assertThat(events(cancel.history(), EventType.WorkflowExecutionCancelRequested)).hasSize(1);

        // The task started by the old process times out; the signal buffered meanwhile reaches the next one.
        driver.completeRun(NS, "buffered", "\"both\"");
        assertThat(events(driver.history(NS, "buffered"), EventType.WorkflowExecutionSignaled))
                .extracting(e -> text(e.attributes(EventAttributes.WorkflowExecutionSignaled.class).input().get(0)))
                .containsExactly("\"alice\"", "\"bob\"");

        WorkflowTask child = driver.completeRun(NS, "child", "\"child result\"");
        assertThat(child.history().get(0).attributes(EventAttributes.WorkflowExecutionStarted.class).header())
                .isEqualTo(HEADER);
        driver.awaitHistory(NS, "parent", EventType.ChildWorkflowExecutionCompleted);
        WorkflowTask parent = driver.completeRun(NS, "parent", "\"parent done\"");
        assertThat(events(parent.history(), EventType.StartChildWorkflowExecutionInitiated).get(0)
                .attributes(EventAttributes.StartChildWorkflowExecutionInitiated.class).header()).isEqualTo(HEADER);

        WorkflowTask continued = driver.completeRun(NS, "continued", "\"second run\"");
        EventAttributes.WorkflowExecutionStarted second = continued.history().get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(second.header()).isEqualTo(HEADER);
        assertThat(second.input()).extracting(FixtureDriver::text).containsExactly("2");

        clock.advanceTo(T0.plus(Duration.ofMinutes(10)).plusSeconds(1));

        ActivityTask retried = driver.pollActivity(NS, "activity-retry-activities");
        assertThat(retried.attempt()).isEqualTo(2);
        assertThat(retried.header()).isEqualTo(HEADER);
        assertThat(retried.heartbeatDetails()).extracting(FixtureDriver::text).containsExactly("\"half-way\"");
        assertThat(retried.input()).extracting(FixtureDriver::text).containsExactly("{\"amount\":1250}");
        driver.completeActivity(retried, "\"charged\"");
        driver.awaitHistory(NS, "activity-retry", EventType.ActivityTaskCompleted);
        driver.completeRun(NS, "activity-retry", "\"paid\"");

        // The attempt running when the old process stopped counts; the next one has its header and heartbeat.
        ActivityTask shipping = driver.pollActivity(NS, "activity-started-activities");
        assertThat(shipping.attempt()).isEqualTo(2);
        assertThat(shipping.header()).isEqualTo(HEADER);
        assertThat(shipping.heartbeatDetails()).extracting(FixtureDriver::text)
                .containsExactly("{\"shipped\":3,\"of\":5}");
        driver.completeActivity(shipping, "\"shipped\"");
        driver.awaitHistory(NS, "activity-started", EventType.ActivityTaskCompleted);
        driver.completeRun(NS, "activity-started", "\"shipped\"");

        clock.advanceTo(T0.plus(Duration.ofDays(2)));

        driver.awaitHistory(NS, "timer-waiting", EventType.TimerFired);
        WorkflowTask reminded = driver.completeRun(NS, "timer-waiting", "\"reminded\"");
        assertThat(reminded.history().get(0).attributes(EventAttributes.WorkflowExecutionStarted.class).header())
                .isEqualTo(HEADER);
        driver.awaitHistory(NS, "visibility", EventType.TimerFired);
        driver.completeRun(NS, "visibility", "\"followed up\"");

        for (String workflowId : List.of("messages", "buffered", "child", "parent", "continued", "activity-retry",
                "activity-started", "timer-waiting", "visibility", "completed")) {
            assertThat(driver.status(NS, workflowId)).as(workflowId).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        }
        assertThat(driver.status(NS, "cancel-requested")).isEqualTo(WorkflowExecutionStatus.CANCELED);
    }

    private Path copyOfTheGoldenStore() throws Exception {
        Path file = directory.resolve("reprise.db");
        try (InputStream in = getClass().getResourceAsStream(StoreV1Projection.STORE)) {
            Files.copy(in, file);
        }
        return file;
    }

    private static String pretty(JsonNode node) {
        return HistoryJson.mapper().writerWithDefaultPrettyPrinter()
                .writeValueAsString(HistoryJson.mapper().readTree(HistoryJson.mapper().writeValueAsString(node)));
    }
}
