package io.reprise.engine.store.schema4;

import io.reprise.common.ParentClosePolicy;
import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeType;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.Engine;
import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.EventCodecAccess;
import io.reprise.engine.history.MutableStateProjection;
import io.reprise.engine.history.StateCodec;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionListQuery;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.ExecutionSummary;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.NamespaceRow;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.store.Transition;
import io.reprise.engine.timer.ManualClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Run once by hand, never as a test: wrote {@code golden/store-schema4.sqlite} (test resources), a SQLite file
 * store of schema 4 as the build of commit f9de747 leaves it, holding runs in flight and closed, and
 * {@code golden/store-schema4.expected.json}, every run's history and state as that build reads them (rendered
 * by {@link FrozenProjection} and {@code MutableStateProjection}, so a later build compares only what schema 4
 * stored). It drives the engine the way a worker does, with hand-made commands and a manual clock starting at
 * {@link #T0}; no workflow code is involved, so a later build can complete the runs the same way.
 *
 * <p>The runs (namespace {@code default} unless said; each run's workflow task queue is its Workflow Id and its
 * activities' queue the Workflow Id plus {@code -activities}; the clock ends at {@code T0 + 1 min}):
 * <ul>
 *   <li>{@code timer-waiting}: one timer fired, one canceled, a marker; waits on timer {@code reminder} (T0 + 3 h);</li>
 *   <li>{@code workflow-task-timed-out}: its first task timed out, attempt 2 scheduled (not yet in history);</li>
 *   <li>{@code activities-closed}: an activity completed, one timed out, one canceled before it started; completed;</li>
 *   <li>{@code run-timed-out}: its run timeout fired;</li>
 *   <li>{@code failed}: a failed workflow task, then an activity that failed for good, then the run failed;</li>
 *   <li>{@code activity-scheduled}: an activity scheduled and never polled;</li>
 *   <li>{@code activity-started}: an activity attempt running, with a heartbeat with details;</li>
 *   <li>{@code activity-retry}: attempt 1 heartbeated and failed, attempt 2 waits for its retry (T0 + 11 min);</li>
 *   <li>{@code activity-cancel-requested}: an activity running whose cancellation the workflow requested;</li>
 *   <li>{@code signal-received}: declared its signals, got one, its next task waits on its sticky queue;</li>
 *   <li>{@code signal-buffered}: a task started and a signal that arrived meanwhile, buffered in the snapshot;</li>
 *   <li>{@code cancel-requested}: a client asked to cancel it; the task that sees it is scheduled;</li>
 *   <li>{@code canceled}, {@code terminated}: closed so;</li>
 *   <li>{@code continued}: a run that continued as new, and the new run waiting for its first task;</li>
 *   <li>{@code cron}: a cron workflow (with retry policy and execution timeout) before its first fire time;</li>
 *   <li>{@code retrying}: a run that failed and the retry run (attempt 2) waiting for its backoff;</li>
 *   <li>{@code parent}: a child started and pending ({@code parent-child-pending}, running), one completed
 *       ({@code parent-child-done}), one that could not start;</li>
 *   <li>{@code signaler}: signals and cancellation requests to {@code external-target} (delivered) and to a Workflow
 *       Id without runs (failed);</li>
 *   <li>{@code outbound-pending}: a signal and a cancellation request to {@code unreachable-target} and the start of
 *       child {@code unreachable-child}, all undelivered (the generator's store refused their commits);</li>
 *   <li>{@code updates}: an update completed and one accepted whose handler has not completed;</li>
 *   <li>{@code visibility}: memo and search attributes of every type, upserted and modified; waits on a timer;</li>
 *   <li>{@code json-batches}: history written as JSON batches (the form of early releases, which schema 4
 *       still reads); waits on a timer;</li>
 *   <li>{@code invoice} in namespace {@code billing}: waits for its first task.</li>
 * </ul>
 *
 * <pre>
 * git checkout f9de747   # plus this class and the classes it uses (test sources and store.schema4)
 * ./mvnw -q -o -pl core-engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reprise.engine.store.schema4.Schema4FixtureGenerator \
 *     -Dexec.args=src/test/resources/golden
 * </pre>
 */
public final class Schema4FixtureGenerator {

    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final String NS = "default";
    private static final String WORKER = "fixture-worker";
    private static final String STICKY = "fixture-worker-sticky";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration EMPTY = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock(T0);
    private final FixtureStore store;
    private final Engine engine;

    private Schema4FixtureGenerator(FixtureStore store) {
        this.store = store;
        engine = Engine.builder().store(store).clock(clock)
                .namespace(NamespaceConfig.of("billing").withDescription("invoices"))
                .options(EngineOptions.newBuilder().setIdentity("fixture-engine").build()).build();
    }

    public static void main(String[] args) throws Exception {
        Path output = Path.of(args[0]);
        Path directory = Files.createTempDirectory("schema4-fixture");
        Path file = directory.resolve("reprise.db");
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(file)) {
            Schema4FixtureGenerator generator = new Schema4FixtureGenerator(new FixtureStore(store, "json-batches"));
            try {
                generator.phaseWithTheClockMoving();
                generator.phaseAtRest();
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
        Path fixture = output.resolve("store-schema4.sqlite");
        Files.copy(file, fixture, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(output.resolve("store-schema4.expected.json"), expected(fixture) + "\n");
        System.out.println("wrote " + fixture + " (" + Files.size(fixture) + " bytes) and its expected JSON");
    }

    // ---------------------------------------------------------------- the runs

    /** What needs time to pass: timers fire, timeouts fire, a workflow task's retry becomes due. */
    private void phaseWithTheClockMoving() {
        start("timer-waiting");
        completeNext("timer-waiting", new Command.StartTimer("short", Duration.ofMinutes(1)),
                new Command.StartTimer("to-cancel", Duration.ofHours(2)),
                new Command.StartTimer("reminder", Duration.ofHours(3)),
                new Command.RecordMarker("LocalActivity", Map.of("result", List.of(json("\"looked up\""))), null));

        start("workflow-task-timed-out");
        poll("workflow-task-timed-out");

        start("activities-closed");
        completeNext("activities-closed",
                activity("reserve", "Reserve", "activities-closed-done", Duration.ofMinutes(5), null, null),
                activity("ship", "Ship", "activities-closed-never", Duration.ofMinutes(5), null, null),
                activity("charge", "Charge", "activities-closed-slow", Duration.ofMinutes(1), null, once()));
        ActivityTask reserve = pollActivity("activities-closed-done");
        engine.completeActivityTask(reserve.taskToken(), json("\"reserved\""), WORKER);
        pollActivity("activities-closed-slow");

        engine.startWorkflow(new StartWorkflowRequest(NS, "run-timed-out", "FixtureWorkflow", "run-timed-out",
                List.of(json("1")), null, Duration.ofMinutes(1), null, "fixture-client", "request-run-timed-out"));

        start("failed");
        engine.failWorkflowTask(poll("failed").taskToken(), WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE,
                new Failure(FailureKind.APPLICATION, "Cannot invoke \"String.length()\" because \"name\" is null",
                        "java.lang.NullPointerException", false, List.of(), null, null,
                        "java.lang.NullPointerException\n\tat FixtureWorkflow.run(FixtureWorkflow.java:12)\n", null),
                WORKER);

        clock.advance(Duration.ofMinutes(1));
        awaitHistory("timer-waiting", EventType.TimerFired);
        awaitHistory("activities-closed", EventType.ActivityTaskTimedOut);
        awaitHistory("run-timed-out", EventType.WorkflowExecutionTimedOut);
        awaitHistory("workflow-task-timed-out", EventType.WorkflowTaskTimedOut);

        completeNext("timer-waiting", new Command.CancelTimer("to-cancel"));
        long ship = scheduledEventId("activities-closed", "ship");
        completeNext("activities-closed", new Command.RequestCancelActivityTask(ship));
        awaitHistory("activities-closed", EventType.ActivityTaskCanceled);
        completeNext("activities-closed", new Command.CompleteWorkflowExecution(json("\"all done\"")));

        completeNext("failed", activity("charge", "ChargeCard", "failed-activities", Duration.ofMinutes(5), null,
                once()));
    }

    /** Everything else, with the clock standing still, so that nothing in flight moves on. */
    private void phaseAtRest() throws InterruptedException {
        Failure declined = Failure.application("card declined", "CardDeclined", true,
                List.of(json("{\"code\":51}")), null);
        engine.failActivityTask(pollActivity("failed-activities").taskToken(), declined, WORKER);
        awaitHistory("failed", EventType.ActivityTaskFailed);
        completeNext("failed", new Command.FailWorkflowExecution(new Failure(FailureKind.ACTIVITY,
                "activity ChargeCard failed", null, false, List.of(), null,
                new Failure.ActivityInfo(5, 6, "ChargeCard", "charge", WORKER,
                        io.reprise.failure.RetryState.NON_RETRYABLE_FAILURE),
                "", declined, null)));

        start("activity-scheduled");
        completeNext("activity-scheduled", new Command.ScheduleActivityTask("charge", "ChargeCard",
                "activity-scheduled-activities", List.of(json("{\"amount\":1250}")), Duration.ofHours(1),
                Duration.ofMinutes(30), Duration.ofMinutes(5), null, new RetryPolicy(Duration.ofSeconds(2), 1.5,
                        Duration.ofMinutes(1), 10, List.of("InvalidCard", "FraudSuspected"))));

        start("activity-started");
        completeNext("activity-started", activity("ship", "Ship", "activity-started-activities",
                Duration.ofMinutes(30), Duration.ofMinutes(10), null));
        ActivityTask ship = pollActivity("activity-started-activities");
        engine.recordActivityHeartbeat(ship.taskToken(), List.of(json("{\"shipped\":3,\"of\":5}")), WORKER);

        start("activity-retry");
        completeNext("activity-retry", activity("charge", "ChargeCard", "activity-retry-activities",
                Duration.ofMinutes(5), Duration.ofMinutes(1), new RetryPolicy(Duration.ofMinutes(10), 2.0,
                        Duration.ofHours(1), 5, List.of("InvalidCard"))));
        ActivityTask charge = pollActivity("activity-retry-activities");
        engine.recordActivityHeartbeat(charge.taskToken(), List.of(json("\"half-way\"")), WORKER);
        engine.failActivityTask(charge.taskToken(), Failure.application("bank unavailable", "BankUnavailable", false,
                List.of(json("{\"retryAfter\":\"PT10M\"}")),
                Failure.application("connect timed out", "java.net.SocketTimeoutException", false, null, null)),
                WORKER);

        start("activity-cancel-requested");
        completeNext("activity-cancel-requested", activity("export", "Export",
                "activity-cancel-requested-activities", Duration.ofHours(1), Duration.ofMinutes(10), null));
        pollActivity("activity-cancel-requested-activities");
        engine.signalWorkflow(NS, "activity-cancel-requested", null, "stop", List.of(), "fixture-client");
        completeNext("activity-cancel-requested", new Command.RequestCancelActivityTask(
                scheduledEventId("activity-cancel-requested", "export")));

        start("signal-received");
        engine.completeWorkflowTask(poll("signal-received").taskToken(), List.of(), WORKER, STICKY, false,
                List.of("approve", "reject"));
        engine.signalWorkflow(NS, "signal-received", null, "approve", List.of(json("\"alice\"")), "fixture-client");

        start("signal-buffered");
        engine.completeWorkflowTask(poll("signal-buffered").taskToken(), List.of(), WORKER, null, false,
                List.of("approve"));
        engine.signalWorkflow(NS, "signal-buffered", null, "approve", List.of(json("\"alice\"")), "fixture-client");
        poll("signal-buffered");
        engine.signalWorkflow(NS, "signal-buffered", null, "approve", List.of(json("\"bob\"")), "fixture-client");

        start("cancel-requested");
        completeNext("cancel-requested", new Command.StartTimer("deadline", Duration.ofDays(1)));
        engine.requestCancelWorkflow(NS, "cancel-requested", null, "customer called", "fixture-client");

        start("canceled");
        completeNext("canceled", new Command.StartTimer("deadline", Duration.ofDays(1)));
        engine.requestCancelWorkflow(NS, "canceled", null, "customer called", "fixture-client");
        completeNext("canceled", new Command.CancelWorkflowExecution(List.of(json("\"cleaned up\""))));

        start("terminated");
        engine.terminateWorkflow(NS, "terminated", null, "stuck", List.of(json("\"ticket 42\"")), "operator");

        start("continued");
        completeNext("continued", new Command.ContinueAsNewWorkflowExecution(null, null, List.of(json("2")), null,
                null));

        engine.startWorkflow(new StartWorkflowRequest(NS, "cron", "FixtureWorkflow", "cron", List.of(json("\"daily\"")),
                Duration.ofDays(30), null, Duration.ofSeconds(20), "fixture-client", "request-cron",
                WorkflowIdReusePolicy.ALLOW_DUPLICATE, false, new RetryPolicy(Duration.ofSeconds(5), 2.0,
                        Duration.ofMinutes(5), 3, List.of()), "0 12 * * *"));

        engine.startWorkflow(new StartWorkflowRequest(NS, "retrying", "FixtureWorkflow", "retrying",
                List.of(json("\"again\"")), null, null, null, "fixture-client", null,
                WorkflowIdReusePolicy.ALLOW_DUPLICATE, false, new RetryPolicy(Duration.ofMinutes(2), 2.0,
                        Duration.ofMinutes(10), 3, List.of()), null));
        completeNext("retrying", new Command.FailWorkflowExecution(Failure.application("not yet", "NotReady", false,
                null, null)));

        start("external-target");
        completeNext("external-target");
        start("signaler");
        completeNext("signaler",
                new Command.SignalExternalWorkflowExecution("external-target", null, "ping", List.of(json("1"))),
                new Command.SignalExternalWorkflowExecution("nobody-home", null, "ping", List.of()),
                new Command.RequestCancelExternalWorkflowExecution("external-target", null),
                new Command.RequestCancelExternalWorkflowExecution("nobody-home", null));
        awaitHistory("signaler", EventType.ExternalWorkflowExecutionSignaled,
                EventType.SignalExternalWorkflowExecutionFailed, EventType.ExternalWorkflowExecutionCancelRequested,
                EventType.RequestCancelExternalWorkflowExecutionFailed);
        completeNext("signaler");

        start("parent");
        completeNext("parent",
                child("parent-child-pending", ParentClosePolicy.TERMINATE),
                child("parent-child-done", ParentClosePolicy.ABANDON),
                child("timer-waiting", ParentClosePolicy.REQUEST_CANCEL));
        awaitHistory("parent", EventType.ChildWorkflowExecutionStarted, EventType.ChildWorkflowExecutionStarted,
                EventType.StartChildWorkflowExecutionFailed);
        completeNext("parent-child-done", new Command.CompleteWorkflowExecution(json("\"child done\"")));
        awaitHistory("parent", EventType.ChildWorkflowExecutionCompleted);
        completeNext("parent");

        start("unreachable-target");
        completeNext("unreachable-target");
        store.refuse("unreachable-target", "unreachable-child");
        start("outbound-pending");
        completeNext("outbound-pending",
                new Command.SignalExternalWorkflowExecution("unreachable-target", null, "ping", List.of(json("2"))),
                new Command.RequestCancelExternalWorkflowExecution("unreachable-target", null),
                child("unreachable-child", ParentClosePolicy.ABANDON));
        while (store.refusals.get() < 3) {
            Thread.sleep(10);
        }

        start("updates");
        completeNext("updates");
        update("u-done", Duration.ofSeconds(30), new Command.CompleteWorkflowUpdate("u-done", json("\"limit 100\""),
                null));
        update("u-pending", Duration.ofSeconds(2));

        Map<String, Payload> memo = new LinkedHashMap<>();
        memo.put("customer", json("\"acme\""));
        memo.put("note", json("\"first order\""));
        Map<String, SearchAttributeValue> searchAttributes = new LinkedHashMap<>();
        searchAttributes.put("CustomerId", SearchAttributeValue.of(SearchAttributeType.KEYWORD, "acme"));
        searchAttributes.put("Comment", SearchAttributeValue.of(SearchAttributeType.TEXT, "gift wrap, ünïcode"));
        searchAttributes.put("Items", SearchAttributeValue.of(SearchAttributeType.INT, 3));
        searchAttributes.put("Amount", SearchAttributeValue.of(SearchAttributeType.DOUBLE, 12.5));
        searchAttributes.put("Express", SearchAttributeValue.of(SearchAttributeType.BOOL, true));
        searchAttributes.put("DueAt", SearchAttributeValue.of(SearchAttributeType.DATETIME,
                T0.plus(Duration.ofDays(1))));
        engine.startWorkflow(new StartWorkflowRequest(NS, "visibility", "FixtureWorkflow", "visibility",
                List.of(), null, null, null, "fixture-client", null, memo, searchAttributes));
        completeNext("visibility",
                new Command.UpsertWorkflowSearchAttributes(Map.of("Items", SearchAttributeValue.of(
                        SearchAttributeType.INT, 4)), List.of("Comment")),
                new Command.ModifyWorkflowProperties(Map.of("note", json("\"second thought\""), "region",
                        json("\"eu\""))),
                new Command.StartTimer("follow-up", Duration.ofDays(1)));

        start("json-batches");
        completeNext("json-batches", activity("lookup", "Lookup", "json-batches-activities",
                Duration.ofMinutes(5), null, null));
        engine.completeActivityTask(pollActivity("json-batches-activities").taskToken(), json("{\"found\":true}"),
                WORKER);
        completeNext("json-batches", new Command.StartTimer("later", Duration.ofHours(1)));

        engine.startWorkflow(new StartWorkflowRequest("billing", "invoice", "InvoiceWorkflow", "invoice",
                List.of(json("{\"invoice\":\"INV-7\"}")), null, null, null, "fixture-client", "request-invoice"));
    }

    // ---------------------------------------------------------------- driving the engine

    private void start(String workflowId) {
        engine.startWorkflow(new StartWorkflowRequest(NS, workflowId, "FixtureWorkflow", workflowId,
                List.of(json("\"" + workflowId + "\"")), null, null, null, "fixture-client", null));
    }

    private WorkflowTask poll(String workflowId) {
        Optional<WorkflowTask> task = engine.pollWorkflowTask(NS, workflowId, WORKER, WAIT);
        if (task.isEmpty() || task.get().isQuery()) {
            throw new IllegalStateException("no workflow task for " + workflowId + ": " + task);
        }
        return task.get();
    }

    private void completeNext(String workflowId, Command... commands) {
        engine.completeWorkflowTask(poll(workflowId).taskToken(), List.of(commands), WORKER, null);
    }

    private ActivityTask pollActivity(String queue) {
        return engine.pollActivityTask(NS, queue, WORKER, WAIT)
                .orElseThrow(() -> new IllegalStateException("no activity task on " + queue));
    }

    /** Sends an update from another thread, validates and accepts it, and completes the task with {@code commands}. */
    private void update(String updateId, Duration timeout, Command... commands) throws InterruptedException {
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                outcome.set(engine.updateWorkflow(new UpdateWorkflowRequest(NS, "updates", null, updateId, "setLimit",
                        List.of(json("100")), "fixture-client", timeout)));
            } catch (EngineException e) {
                outcome.set(e.getCode());
            }
        });
        WorkflowTask validation = engine.pollWorkflowTask(NS, "updates", WORKER, WAIT).orElseThrow();
        if (!validation.isQuery()) {
            throw new IllegalStateException("expected the validation of " + updateId);
        }
        engine.respondQueryTask(validation.taskToken(), null, null, WORKER);
        completeNext("updates", commands);
        caller.join();
        System.out.println("update " + updateId + ": " + outcome.get());
    }

    private long scheduledEventId(String workflowId, String activityId) {
        for (HistoryEvent event : engine.getHistory(NS, workflowId, null)) {
            if (event.attributes() instanceof io.reprise.engine.api.EventAttributes.ActivityTaskScheduled s
                    && s.activityId().equals(activityId)) {
                return event.eventId();
            }
        }
        throw new IllegalStateException("no activity " + activityId + " in " + workflowId);
    }

    /** Waits (real time) until the run's history holds {@code types}, counted with repetitions. */
    private void awaitHistory(String workflowId, EventType... types) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            List<EventType> history = new ArrayList<>(engine.getHistory(NS, workflowId, null).stream()
                    .map(HistoryEvent::eventType).toList());
            boolean all = true;
            for (EventType type : types) {
                all &= history.remove(type);
            }
            if (all) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(workflowId + " has no " + List.of(types) + ": "
                        + engine.getHistory(NS, workflowId, null));
            }
            try {
                Thread.sleep(EMPTY.toMillis() / 10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static Command.ScheduleActivityTask activity(String id, String type, String queue,
            Duration startToClose, Duration heartbeat, RetryPolicy retry) {
        return new Command.ScheduleActivityTask(id, type, queue, List.of(json("\"" + id + "\"")), null, null,
                startToClose, heartbeat, retry);
    }

    private static Command.StartChildWorkflowExecution child(String workflowId, ParentClosePolicy policy) {
        return new Command.StartChildWorkflowExecution(workflowId, "ChildWorkflow", workflowId,
                List.of(json("\"" + workflowId + "\"")), Duration.ofDays(7), null, null, null, null, policy,
                WorkflowIdReusePolicy.ALLOW_DUPLICATE);
    }

    /** A retry policy of one attempt. */
    private static RetryPolicy once() {
        return new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(100), 1, List.of());
    }

    private static Payload json(String text) {
        return new Payload(Payload.ENCODING_JSON, text.getBytes(StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- the expected JSON

    /**
     * Every run of the fixture as the build at hand reads it through its own store and codecs ({@link EventCodec},
     * {@link StateCodec}), in Workflow Id, start time and Run Id order.
     */
    static String expected(Path fixture) throws Exception {
        Path copy = Files.createTempDirectory("schema4-fixture-read").resolve("reprise.db");
        Files.copy(fixture, copy);
        List<ExecutionKey> keys = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + copy);
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT namespace, workflow_id, run_id FROM executions"
                        + " ORDER BY namespace, workflow_id, start_time, run_id")) {
            while (rs.next()) {
                keys.add(new ExecutionKey(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
        root.put("fixture", "store-schema4.sqlite");
        root.put("writtenBy", "Reprise at commit f9de747 (store schema 4, EventCodec format 1, StateCodec format 3)");
        ArrayNode runs = root.putArray("runs");
        try (JdbcExecutionStore store = JdbcExecutionStore.sqliteFile(copy)) {
            for (ExecutionKey key : keys) {
                ExecutionRow row = store.load(key).orElseThrow();
                ObjectNode run = runs.addObject();
                run.put("namespace", key.namespace());
                run.put("workflowId", key.workflowId());
                run.put("runId", key.runId());
                ObjectNode columns = run.putObject("row");
                columns.put("workflowType", row.workflowType());
                columns.put("taskQueue", row.taskQueue());
                columns.put("status", row.status());
                columns.put("startTime", row.startTimeMillis());
                columns.put("closeTime", row.closeTimeMillis());
                columns.put("nextTimerAt", row.nextTimerAtMillis());
                columns.put("version", row.version());
                columns.put("lastEventId", row.lastEventId());
                ArrayNode batches = run.putArray("batches");
                for (HistoryBatch batch : store.readHistory(key, 1)) {
                    ObjectNode b = batches.addObject();
                    b.put("firstEventId", batch.firstEventId());
                    b.put("lastEventId", batch.lastEventId());
                    b.put("form", batch.events()[0] == '[' ? "json" : "binary");
                }
                run.set("history", FrozenProjection.events(EventCodec.read(store, key, 1, row.lastEventId())));
                run.set("state", MutableStateProjection.of(StateCodec.fromRow(row)));
            }
        }
        return HistoryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }

    // ---------------------------------------------------------------- JSON batches

    /**
     * The store as the generator needs it: it writes the history of one Workflow Id as JSON batches, as releases
     * before the binary codec did, and refuses the commits of the Workflow Ids it is told to (as a failing database
     * would), so that deliveries to them stay pending.
     */
    private static final class FixtureStore implements ExecutionStore {
        private final ExecutionStore store;
        private final String workflowId;
        private final Set<String> refused = ConcurrentHashMap.newKeySet();
        private final AtomicInteger refusals = new AtomicInteger();

        FixtureStore(ExecutionStore store, String jsonWorkflowId) {
            this.store = store;
            this.workflowId = jsonWorkflowId;
        }

        void refuse(String... workflowIds) {
            refused.addAll(List.of(workflowIds));
        }

        @Override
        public void commit(Transition transition) {
            if (refused.contains(transition.row().key().workflowId())) {
                refusals.incrementAndGet();
                throw new StoreException("the fixture refuses writes to " + transition.row().key(), null);
            }
            store.commit(rewrite(transition));
        }

        private Transition rewrite(Transition transition) {
            if (transition == null || transition.history() == null
                    || !transition.row().key().workflowId().equals(workflowId)) {
                return transition;
            }
            HistoryBatch batch = transition.history();
            HistoryBatch json = new HistoryBatch(batch.firstEventId(), batch.lastEventId(),
                    HistoryJson.writeEvents(EventCodecAccess.decode(batch.events())));
            return new Transition(transition.row(), transition.expectedVersion(), json,
                    rewrite(transition.successor()));
        }

        @Override
        public Optional<ExecutionRow> load(ExecutionKey key) {
            return store.load(key);
        }

        @Override
        public Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) {
            return store.loadLatestRun(namespace, workflowId);
        }

        @Override
        public List<ExecutionRow> loadRunning() {
            return store.loadRunning();
        }

        @Override
        public List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) {
            return store.readHistory(key, fromEventId);
        }

        @Override
        public List<ExecutionSummary> listExecutions(ExecutionListQuery query) {
            return store.listExecutions(query);
        }

        @Override
        public boolean filtersQueries() {
            return store.filtersQueries();
        }

        @Override
        public long countExecutions(ExecutionListQuery query) {
            return store.countExecutions(query);
        }

        @Override
        public List<NamespaceRow> loadNamespaces() {
            return store.loadNamespaces();
        }

        @Override
        public boolean insertNamespace(NamespaceRow row) {
            return store.insertNamespace(row);
        }

        @Override
        public boolean updateNamespace(NamespaceRow row) {
            return store.updateNamespace(row);
        }

        @Override
        public OptionalLong earliestCloseTime(String namespace) {
            return store.earliestCloseTime(namespace);
        }

        @Override
        public List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit) {
            return store.deleteClosedRuns(namespace, closedAtOrBeforeMillis, limit);
        }

        @Override
        public void ping() {
            store.ping();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}
