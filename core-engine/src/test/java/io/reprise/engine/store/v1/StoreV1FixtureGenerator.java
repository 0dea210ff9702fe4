package io.reprise.engine.store.v1;

import static io.reprise.engine.store.FixtureDriver.json;

import io.reprise.common.ParentClosePolicy;
import io.reprise.common.SearchAttributeType;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.Engine;
import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.common.Payload;
import io.reprise.engine.store.FixtureDriver;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.timer.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Run once by hand, never as a test: wrote {@code golden/store-v1.sqlite} (test resources), a SQLite file store of
 * schema 5, the first whose history batches, run snapshots and visibility values are proto v1 messages, holding runs
 * in flight and closed, and {@code golden/store-v1.expected.json}, every run as the build that wrote it reads it
 * ({@link StoreV1Projection}). It drives the engine the way a worker does, with hand-made commands and a manual
 * clock from {@link #T0} to {@link #WRITTEN_UNTIL}; no workflow code is involved, so every later build can complete
 * the runs the same way ({@link StoreV1Test}).
 *
 * <p>The runs (namespace {@code default}; each run's workflow task queue is its Workflow Id, its activities' queue
 * the Workflow Id plus {@code -activities}; {@link #HEADER} is a tracing header):
 * <ul>
 *   <li>{@code timer-waiting}: started with the header; waits on timer {@code reminder} (T0 + 3 h);</li>
 *   <li>{@code activity-retry}: an activity scheduled with the header; attempt 1 heartbeated and failed, attempt 2
 *       waits for its retry (T0 + 10 min);</li>
 *   <li>{@code activity-started}: an activity attempt running (with the header), with a heartbeat;</li>
 *   <li>{@code messages}: declared its signals; an update accepted with a request id and not completed; a signal
 *       with a request id and the header, whose task is scheduled;</li>
 *   <li>{@code buffered}: a task started and a signal that arrived meanwhile, buffered in the snapshot;</li>
 *   <li>{@code parent}: a child started with the header ({@code child}, waiting for its first task);</li>
 *   <li>{@code continued}: a run that continued as new with the header, and the new run waiting for its first
 *       task;</li>
 *   <li>{@code visibility}: memo and search attributes of every type; waits on a timer (T0 + 1 day);</li>
 *   <li>{@code cancel-requested}: a cancellation requested with a request id; the task that sees it is
 *       scheduled;</li>
 *   <li>{@code completed}: closed.</li>
 * </ul>
 *
 * <pre>
 * ./mvnw -q -o -pl core-engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reprise.engine.store.v1.StoreV1FixtureGenerator \
 *     -Dexec.args=src/test/resources/golden
 * </pre>
 */
public final class StoreV1FixtureGenerator {

    static final Instant T0 = Instant.parse("2026-05-04T09:00:00Z");
    static final Instant WRITTEN_UNTIL = T0.plus(Duration.ofMinutes(1));
    static final String NS = "default";
    static final Map<String, Payload> HEADER = Map.of("traceparent",
            json("\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\""));
    private static final String WORKER = "fixture-worker";

    private final ManualClock clock = new ManualClock(T0);
    private final Engine engine;
    private final FixtureDriver driver;

    private StoreV1FixtureGenerator(JdbcExecutionStore store) {
        engine = Engine.builder().store(store).clock(clock)
                .options(EngineOptions.newBuilder().setIdentity("fixture-engine").build()).build();
        driver = new FixtureDriver(engine);
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Path directory = Files.createTempDirectory("store-v1-fixture");
        Path file = directory.resolve("reprise.db");
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(file)) {
            StoreV1FixtureGenerator generator = new StoreV1FixtureGenerator(store);
            try {
                generator.write();
            } finally {
                generator.engine.close();
            }
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            statement.execute("VACUUM");
        }
        Files.createDirectories(output);
        Path fixture = output.resolve("store-v1.sqlite");
        Files.copy(file, fixture, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(output.resolve("store-v1.expected.json"), StoreV1Projection.expected(fixture) + "\n");
        System.out.println("wrote " + fixture + " (" + Files.size(fixture) + " bytes) and its expected JSON");
    }

    private void write() throws InterruptedException {
        engine.startWorkflow(start("timer-waiting").withHeader(HEADER));
        driver.completeNext(NS, "timer-waiting", new Command.StartTimer("reminder", Duration.ofHours(3)));

        engine.startWorkflow(start("activity-retry"));
        driver.completeNext(NS, "activity-retry", new Command.ScheduleActivityTask("charge", "ChargeCard",
                "activity-retry-activities", List.of(json("{\"amount\":1250}")), null, null, Duration.ofMinutes(5),
                Duration.ofMinutes(1), new RetryPolicy(Duration.ofMinutes(10), 2.0, Duration.ofHours(1), 5,
                        List.of("InvalidCard")), HEADER));
        ActivityTask charge = driver.pollActivity(NS, "activity-retry-activities");
        engine.recordActivityHeartbeat(charge.taskToken(), List.of(json("\"half-way\"")), WORKER);
        engine.failActivityTask(charge.taskToken(), Failure.application("bank unavailable", "BankUnavailable", false,
                List.of(json("{\"retryAfter\":\"PT10M\"}")), null), WORKER);

        engine.startWorkflow(start("activity-started"));
        driver.completeNext(NS, "activity-started", new Command.ScheduleActivityTask("ship", "Ship",
                "activity-started-activities", List.of(json("\"parcel-7\"")), null, null, Duration.ofMinutes(30),
                Duration.ofMinutes(10), null, HEADER));
        ActivityTask ship = driver.pollActivity(NS, "activity-started-activities");
        engine.recordActivityHeartbeat(ship.taskToken(), List.of(json("{\"shipped\":3,\"of\":5}")), WORKER);

        engine.startWorkflow(start("messages"));
        engine.completeWorkflowTask(driver.poll(NS, "messages").taskToken(), List.of(), WORKER, null, false,
                List.of("approve"));
        acceptUpdate("messages", "u-1", "req-update-1");
        engine.signalWorkflow(new SignalWorkflowRequest(NS, "messages", null, "approve", List.of(json("\"alice\"")),
                "fixture-client", "req-signal-1", HEADER));

        engine.startWorkflow(start("buffered"));
        engine.completeWorkflowTask(driver.poll(NS, "buffered").taskToken(), List.of(), WORKER, null, false,
                List.of("approve"));
        engine.signalWorkflow(NS, "buffered", null, "approve", List.of(json("\"alice\"")), "fixture-client");
        driver.poll(NS, "buffered");
        engine.signalWorkflow(NS, "buffered", null, "approve", List.of(json("\"bob\"")), "fixture-client");

        engine.startWorkflow(start("parent"));
        driver.completeNext(NS, "parent", new Command.StartChildWorkflowExecution("child", "ChildWorkflow", "child",
                List.of(json("\"child\"")), Duration.ofDays(7), null, null, null, null, ParentClosePolicy.ABANDON,
                WorkflowIdReusePolicy.ALLOW_DUPLICATE, HEADER));
        driver.awaitHistory(NS, "parent", EventType.ChildWorkflowExecutionStarted);
        driver.completeNext(NS, "parent");

        engine.startWorkflow(start("continued"));
        driver.completeNext(NS, "continued", new Command.ContinueAsNewWorkflowExecution(null, null,
                List.of(json("2")), null, null, HEADER));

        Map<String, Payload> memo = new LinkedHashMap<>();
        memo.put("customer", json("\"acme\""));
        Map<String, SearchAttributeValue> searchAttributes = new LinkedHashMap<>();
        searchAttributes.put("CustomerId", SearchAttributeValue.of(SearchAttributeType.KEYWORD, "acme"));
        searchAttributes.put("Comment", SearchAttributeValue.of(SearchAttributeType.TEXT, "gift wrap, ünïcode"));
        searchAttributes.put("Items", SearchAttributeValue.of(SearchAttributeType.INT, 3));
        searchAttributes.put("Amount", SearchAttributeValue.of(SearchAttributeType.DOUBLE, 12.5));
        searchAttributes.put("Express", SearchAttributeValue.of(SearchAttributeType.BOOL, true));
        searchAttributes.put("DueAt", SearchAttributeValue.of(SearchAttributeType.DATETIME,
                T0.plus(Duration.ofDays(1))));
        engine.startWorkflow(new StartWorkflowRequest(NS, "visibility", "FixtureWorkflow", "visibility", List.of(),
                null, null, null, "fixture-client", null, memo, searchAttributes));
        driver.completeNext(NS, "visibility", new Command.StartTimer("follow-up", Duration.ofDays(1)));

        engine.startWorkflow(start("cancel-requested"));
        driver.completeNext(NS, "cancel-requested", new Command.StartTimer("deadline", Duration.ofDays(1)));
        engine.requestCancelWorkflow(new RequestCancelWorkflowRequest(NS, "cancel-requested", null, "customer called",
                "fixture-client", "req-cancel-1"));

        engine.startWorkflow(start("completed"));
        driver.completeRun(NS, "completed", "\"done\"");

        clock.advanceTo(WRITTEN_UNTIL);
    }

    private static StartWorkflowRequest start(String workflowId) {
        return new StartWorkflowRequest(NS, workflowId, "FixtureWorkflow", workflowId,
                List.of(json("\"" + workflowId + "\"")), null, null, null, "fixture-client", "request-" + workflowId);
    }

    /** Sends an update from another thread, validates and accepts it, and completes the task without completing it. */
    private void acceptUpdate(String workflowId, String updateId, String requestId) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(engine.updateWorkflow(new UpdateWorkflowRequest(NS, workflowId, null, updateId, "setLimit",
                        List.of(json("100")), "fixture-client", Duration.ofSeconds(2), requestId)));
            } catch (EngineException e) {
                outcome.set(e.getCode());
            }
        });
        WorkflowTask validation = driver.poll(NS, workflowId, true);
        engine.respondQueryTask(validation.taskToken(), null, null, WORKER);
        driver.completeNext(NS, workflowId);
        caller.join();
        System.out.println("update " + updateId + ": " + outcome.get());
    }
}
