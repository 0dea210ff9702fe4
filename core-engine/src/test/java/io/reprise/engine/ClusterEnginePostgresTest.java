package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.PausableDataSource;
import io.reprise.engine.cluster.ShardDirectory;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.engine.store.StoreException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import io.reprise.engine.timer.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Engines in cluster mode on one PostgreSQL schema, in one JVM, with distinct node ids and a short lease (3 s,
 * renewed every second): each serves only the runs of its shards and refuses the others naming their owner;
 * workflows with activities and a timer complete with a worker per engine; a node that leaves hands its runs over;
 * a node whose leases expired drops its runs and commits nothing for them.
 */
class ClusterEnginePostgresTest {

    static final String NS = NamespaceConfig.DEFAULT_NAMESPACE;
    static final String MAIN = "cluster-main";
    static final String LATE = "cluster-late";
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RENEWAL = Duration.ofSeconds(1);
    /** How long a test waits for the nodes to get somewhere before it fails: long, the machine is loaded. */
    static final Duration PATIENCE = Duration.ofMinutes(2);

    @ActivityInterface
    public interface Errand {
        String errand(String input);
    }

    @WorkflowInterface
    public interface Chores {
        /** An activity on {@link #MAIN}, a timer of {@code sleepSeconds}, then an activity on {@link #LATE}. */
        @WorkflowMethod
        String run(String name, int sleepSeconds);
    }

    public static final class ChoresImpl implements Chores {
        @Override
        public String run(String name, int sleepSeconds) {
            String first = Workflow.newActivityStub(Errand.class, options(MAIN)).errand(name + ":first");
            Workflow.sleep(Duration.ofSeconds(sleepSeconds));
            return Workflow.newActivityStub(Errand.class, options(LATE)).errand(first + ":late");
        }

        private static ActivityOptions options(String queue) {
            return ActivityOptions.newBuilder().setTaskQueue(queue).setStartToCloseTimeout(Duration.ofSeconds(30))
                    .build();
        }
    }

    /** Counts each activity execution by its input. */
    static final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    static final class ErrandImpl implements Errand {
        @Override
        public String errand(String input) {
            executions.computeIfAbsent(input, k -> new AtomicInteger()).incrementAndGet();
            return input + ":done";
        }
    }

    private String schema;
    private final Map<String, Engine> engines = new LinkedHashMap<>();
    private final List<WorkerFactory> factories = new ArrayList<>();
    private final PausableDataSource leases = new PausableDataSource();

    @BeforeEach
    void freshSchema() {
        schema = PostgresTestDatabase.newSchema();
        executions.clear();
    }

    @AfterEach
    void closeEverything() {
        leases.resume(); // a node leaving releases its shards on a connection of its lease data source
        factories.forEach(WorkerFactory::shutdownNow);
        engines.values().forEach(Engine::close);
        if (schema != null) { // null: the test was not run (no server)
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void eachNodeRefusesTheCallsAboutRunsOfShardsItDoesNotOwnNamingTheOwner() {
        Engine a = node("a");
        Engine b = node("b");
        Engine c = node("c");
        awaitBalanced();
        String wf = workflowIdOwnedBy(b, "refused");
        int shard = directory(a).shardOf(NS, wf);
        // Each node reads the owners at the end of its own lease round: a and c both refuse below, naming b.
        for (Engine asker : List.of(a, c)) {
            awaitUntil("node " + directory(asker).localNodeId() + " knows that node b owns shard " + shard,
                    () -> directory(asker).ownerOf(shard).map(NodeAddress::nodeId).equals(Optional.of("b")));
        }
        assertThat(directory(a).ownerOf(shard)).contains(new NodeAddress("b", "127.0.0.1:17002"));
        directory(a).refresh(); // reads the owners and the live nodes now
        assertThat(directory(a).liveNodes()).containsExactly(new NodeAddress("a", "127.0.0.1:17001"),
                new NodeAddress("b", "127.0.0.1:17002"), new NodeAddress("c", "127.0.0.1:17003"));
        assertThat(directory(a).localNodeId()).isEqualTo("a");
        assertThat(directory(a).ownerOf(directory(a).shardOf(NS, workflowIdOwnedBy(a, "mine"))))
                .contains(new NodeAddress("a", "127.0.0.1:17001"));

        StartWorkflowRequest start = new StartWorkflowRequest(NS, wf, "Chores", MAIN, List.of(), null, null, null,
                "test", null);
        assertRefusedNamingB(() -> a.startWorkflow(start), shard, wf);
        assertRefusedNamingB(() -> c.startWorkflow(start), shard, wf);
        b.startWorkflow(start);
        WorkflowTask task = b.pollWorkflowTask(NS, MAIN, "test", Duration.ofMinutes(1)).orElseThrow();

        assertRefusedNamingB(() -> a.signalWithStartWorkflow(new SignalWithStartWorkflowRequest(start, "go", List.of(),
                Map.of())), shard, wf);
        assertRefusedNamingB(() -> a.signalWorkflow(new SignalWorkflowRequest(NS, wf, null, "go", List.of(), "test",
                null, Map.of())), shard, wf);
        assertRefusedNamingB(() -> a.queryWorkflow(new QueryWorkflowRequest(NS, wf, null, "q", List.of(),
                Duration.ofSeconds(1))), shard, wf);
        assertRefusedNamingB(() -> a.updateWorkflow(new UpdateWorkflowRequest(NS, wf, null, "u-1", "u", List.of(),
                "test", Duration.ofSeconds(1), null)), shard, wf);
        assertRefusedNamingB(() -> a.requestCancelWorkflow(new RequestCancelWorkflowRequest(NS, wf, null, "why",
                "test", null)), shard, wf);
        assertRefusedNamingB(() -> a.terminateWorkflow(new TerminateWorkflowRequest(NS, wf, null, "why", List.of(),
                "test", null)), shard, wf);
        assertRefusedNamingB(() -> a.describeWorkflow(NS, wf, null), shard, wf);
        assertRefusedNamingB(() -> a.getHistory(NS, wf, null), shard, wf);
        assertRefusedNamingB(() -> a.getHistory(new GetHistoryRequest(NS, wf, null, 0, null)), shard, wf);
        assertRefusedNamingB(() -> a.awaitOutcome(NS, wf, null, Duration.ofSeconds(1)), shard, wf);
        assertRefusedNamingB(() -> a.completeWorkflowTask(task.taskToken(), List.of(), "test", null, false,
                List.of()), shard, wf);
        assertRefusedNamingB(() -> a.failWorkflowTask(task.taskToken(), null, null, "test"), shard, wf);
        assertRefusedNamingB(() -> a.completeActivityTask(task.taskToken(), null, "test"), shard, wf);
        assertRefusedNamingB(() -> a.recordActivityHeartbeat(task.taskToken(), List.of(), "test"), shard, wf);
        assertRefusedNamingB(() -> a.respondQueryTask(task.taskToken(), null, null, "test"), shard, wf);
        assertRefusedNamingB(() -> a.completeActivityTaskById(NS, wf, null, "1", null, "test"), shard, wf);
        assertRefusedNamingB(() -> a.failActivityTaskById(NS, wf, null, "1", null, "test"), shard, wf);
        assertRefusedNamingB(() -> a.recordActivityHeartbeatById(NS, wf, null, "1", List.of(), "test"), shard, wf);
        assertRefusedNamingB(() -> a.reportActivityTaskCanceledById(NS, wf, null, "1", List.of(), "test"), shard, wf);

        // The owner serves them, and the refusals changed nothing.
        assertThat(b.describeWorkflow(NS, wf, null).status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(b.getHistory(NS, wf, null)).extracting(HistoryEvent::eventType).containsExactly(
                EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted);
        assertThat(PostgresTestDatabase.query("SELECT shard FROM " + schema + ".executions WHERE workflow_id = '"
                + wf + "'")).isEqualTo(String.valueOf(shard));
    }

    @Test
    void aNodeThatHasLeftRefusesCallsAsNotOwnerNamingNoOwnerSoThatRoutersLookForTheNextOne() {
        Engine a = node("a");
        String wf = workflowIdOwnedBy(a, "left");
        int shard = directory(a).shardOf(NS, wf);
        StartWorkflowRequest start = new StartWorkflowRequest(NS, wf, "Chores", MAIN, List.of(), null, null, null,
                "test", null);
        a.startWorkflow(start);
        WorkflowTask task = a.pollWorkflowTask(NS, MAIN, "test", Duration.ofMinutes(1)).orElseThrow();
        a.close();

        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> a.startWorkflow(start),
                () -> a.describeWorkflow(NS, wf, null),
                () -> a.completeWorkflowTask(task.taskToken(), List.of(), "test", null, false, List.of()))) {
            assertThatThrownBy(call).isInstanceOfSatisfying(NotOwnerException.class, e -> {
                assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                assertThat(e.shard()).isEqualTo(shard);
                assertThat(e.ownerNodeId()).isEmpty();
            }).hasMessage("Node \"a\" has left the cluster (closed); shard " + shard + " of Workflow Id \"" + wf
                    + "\" of namespace \"" + NS + "\" goes to another node at its next lease round; nothing was"
                    + " changed, retry shortly");
        }
        // A call about no run in particular: the closed engine's own refusal.
        assertThatThrownBy(() -> a.countExecutions(NS, null)).isInstanceOf(EngineException.class)
                .isNotInstanceOf(NotOwnerException.class).hasMessageContaining("The engine is closed");
    }

    @Test
    void workflowsWithActivitiesAndATimerCompleteWithAWorkerPerNode() throws Exception {
        List<Engine> nodes = List.of(node("a"), node("b"), node("c"));
        awaitBalanced();
        for (Engine engine : nodes) {
            startWorkers(engine, MAIN, LATE);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String wf = "chores-" + i;
            startOnOwner(wf, 1);
            ids.add(wf);
        }
        for (String wf : ids) {
            assertThat(resultOf(wf)).isEqualTo(wf + ":first:done:late:done");
            assertCompletedOnce(wf);
        }
        // every node served some of them
        for (Engine engine : nodes) {
            assertThat(ids).anyMatch(wf -> directory(engine).isLocal(directory(engine).shardOf(NS, wf)));
        }
    }

    @Test
    void aNodeThatLeavesHandsItsRunsOverWithTheirTimersAndScheduledActivities() throws Exception {
        node("a");
        node("b");
        Engine leaving = node("c");
        awaitBalanced();
        for (Engine engine : engines.values()) {
            startWorkers(engine, MAIN); // no worker on LATE yet: those activities stay scheduled
        }
        List<String> waitingOnActivity = new ArrayList<>();
        List<String> waitingOnTimer = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waitingOnActivity.add(startOnOwner(workflowIdOwnedBy(leaving, "activity-" + i), 1));
        }
        for (String wf : waitingOnActivity) {
            awaitHistory(leaving, wf, EventType.ActivityTaskScheduled, 2);
        }
        for (int i = 0; i < 3; i++) {
            waitingOnTimer.add(startOnOwner(workflowIdOwnedBy(leaving, "timer-" + i), 20));
        }
        for (String wf : waitingOnTimer) {
            awaitHistory(leaving, wf, EventType.TimerStarted, 1);
        }
        int timersPending = 0;
        for (String wf : waitingOnTimer) {
            timersPending += count(leaving.getHistory(NS, wf, null), EventType.TimerFired) == 0 ? 1 : 0;
        }

        leaving.close();
        engines.remove("c");
        awaitUntil("nodes a and b own every shard", () -> ownedBy(engines.values()) == 64);
        for (Engine engine : engines.values()) {
            startWorkers(engine, LATE);
        }
        for (String wf : waitingOnActivity) {
            assertThat(resultOf(wf)).isEqualTo(wf + ":first:done:late:done");
            assertCompletedOnce(wf);
        }
        for (String wf : waitingOnTimer) {
            assertThat(resultOf(wf)).isEqualTo(wf + ":first:done:late:done");
            assertCompletedOnce(wf);
        }
        System.out.printf("ClusterEnginePostgresTest: node c left with %d run(s) waiting on an activity and %d on a"
                + " pending timer; nodes a and b finished them%n", waitingOnActivity.size(), timersPending);
    }

    @Test
    void aNodeWhoseLeasesExpiredDropsItsRunsAndReleasesItsWaitersAndTheNewOwnerFinishesThem() throws Exception {
        Engine stalled = node("stalled", leases);
        Engine other = node("other");
        awaitBalanced();
        String wf = workflowIdOwnedBy(stalled, "stalled");
        int shard = directory(stalled).shardOf(NS, wf);
        stalled.startWorkflow(new StartWorkflowRequest(NS, wf, "Chores", MAIN, payloads(wf, 1), null, null, null,
                "test", null));
        CompletableFuture<Optional<WorkflowOutcome>> waiter = CompletableFuture.supplyAsync(
                () -> stalled.awaitOutcome(NS, wf, null, PATIENCE));

        leases.pause();
        awaitUntil("node stalled lost shard " + shard, () -> !directory(stalled).isLocal(shard));

        // The waiter (which waited on the run, or came after the loss) is sent to the new owner.
        assertThatThrownBy(() -> waiter.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .hasCauseInstanceOf(NotOwnerException.class)
                .cause().hasMessageContaining("shard " + shard);
        assertThatThrownBy(() -> stalled.describeWorkflow(NS, wf, null)).isInstanceOf(NotOwnerException.class);
        awaitUntil("the stalled node's runs of shard " + shard + " left its memory",
                () -> stalled.registry().openRuns().stream().noneMatch(r -> r.key.workflowId().equals(wf)));

        awaitUntil("node other owns shard " + shard, () -> directory(other).isLocal(shard));
        startWorkers(other, MAIN, LATE);
        assertThat(resultOf(wf)).isEqualTo(wf + ":first:done:late:done");
        assertCompletedOnce(wf);
    }

    @Test
    void aTransitionOfAShardAnotherNodeTookIsFencedOffAndChangesNothing() {
        Engine node = node("a");
        awaitBalanced();
        String wf = "fenced";
        int shard = directory(node).shardOf(NS, wf);
        node.startWorkflow(new StartWorkflowRequest(NS, wf, "Chores", MAIN, payloads(wf, 0), null, null, null, "test",
                null));
        List<HistoryEvent> before = node.getHistory(NS, wf, null);
        // Another node acquires the shard behind this one's back, before its local deadline passed.
        PostgresTestDatabase.execute("UPDATE " + schema + ".shard_leases SET owner = 'intruder', epoch = epoch + 1,"
                + " lease_until = now() + interval '1 hour' WHERE shard = " + shard);

        assertThatThrownBy(() -> node.signalWorkflow(new SignalWorkflowRequest(NS, wf, null, "go", List.of(), "test",
                null, Map.of())))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> {
                    assertThat(e.shard()).isEqualTo(shard);
                    assertThat(e.ownerNodeId()).contains("intruder");
                    assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                })
                .hasMessageContaining("Not owner of shard " + shard);
        assertThat(historyInDatabase(wf)).isEqualTo(before.size());
        awaitUntil("node a hears that it lost shard " + shard, () -> !directory(node).isLocal(shard));
        // The loss may be heard from the fenced write before a renewal round reads the owners again.
        directory(node).refresh();
        assertThatThrownBy(() -> node.describeWorkflow(NS, wf, null)).isInstanceOfSatisfying(NotOwnerException.class,
                e -> assertThat(e.ownerNodeId()).contains("intruder"));
    }

    @Test
    void aNodeConfiguredWithAnotherShardCountIsRefusedNamingBothCounts() {
        node("a");
        assertThatThrownBy(() -> Engine.builder().cluster(ClusterSettings.builder().nodeId("b").shardCount(32)
                .leaseDuration(LEASE).renewalInterval(RENEWAL).build(), PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build()).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Schema \"" + schema + "\" has 64 shards, fixed when its first cluster node started, but"
                        + " this node is configured with 32 (reprise.cluster.shard-count): the shard count of a schema"
                        + " cannot change, since every run's shard depends on it. Set it to 64 or leave it unset on"
                        + " every node");
        // the refused node left nothing behind: a node with the right count joins
        node("c");
    }

    @Test
    void anEngineThatRunsAloneAndAClusterNodeRefuseEachOthersSchema() {
        node("a");
        assertThatThrownBy(() -> JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build()))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.LOCKED))
                .hasMessageContaining("is used by the nodes of a Reprise cluster")
                .hasMessageContaining("Run this engine in cluster mode too");
        engines.remove("a").close();

        try (JdbcExecutionStore alone = JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build())) {
            assertThatThrownBy(() -> node("b"))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.reason()).isEqualTo(StoreException.Reason.LOCKED))
                    .hasMessageContaining("is used by a Reprise engine that runs alone (single-node mode)")
                    .hasMessageContaining("so this cluster node cannot join");
        }
        node("b");
    }

    @Test
    void eachNodeDeletesOnlyTheClosedRunsOfItsOwnShardsPastTheirRetention() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ManualClock clockA = new ManualClock(t0);
        ManualClock clockB = new ManualClock(t0);
        Engine a = node("a", null, clockA);
        Engine b = node("b", null, clockB);
        awaitBalanced();
        List<String> ofA = new ArrayList<>();
        List<String> ofB = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ofA.add(workflowIdOwnedBy(a, "kept-by-a-" + i));
            ofB.add(workflowIdOwnedBy(b, "kept-by-b-" + i));
        }
        for (String wf : ofA) {
            startAndTerminate(a, wf);
        }
        for (String wf : ofB) {
            startAndTerminate(b, wf);
        }
        assertThat(runsInDatabase(ofA)).isEqualTo(3);
        assertThat(runsInDatabase(ofB)).isEqualTo(3);

        // The default namespace keeps closed runs 3 days: only node a's clock gets there.
        clockA.advance(NamespaceConfig.DEFAULT_RETENTION.plusMinutes(1));
        awaitUntil("node a deleted its closed runs", () -> runsInDatabase(ofA) == 0);
        assertThat(runsInDatabase(ofB)).as("node b's runs, which node a does not own").isEqualTo(3);

        clockB.advance(NamespaceConfig.DEFAULT_RETENTION.plusMinutes(1));
        awaitUntil("node b deleted its closed runs", () -> runsInDatabase(ofB) == 0);
    }

    // ---------------------------------------------------------------- helpers

    private void startAndTerminate(Engine owner, String wf) {
        owner.startWorkflow(new StartWorkflowRequest(NS, wf, "Chores", MAIN, payloads(wf, 1), null, null, null,
                "test", null));
        owner.terminateWorkflow(new TerminateWorkflowRequest(NS, wf, null, "done", List.of(), "test", null));
    }

    private int runsInDatabase(List<String> workflowIds) {
        return Integer.parseInt(PostgresTestDatabase.query("SELECT count(*) FROM " + schema + ".executions"
                + " WHERE workflow_id IN ('" + String.join("','", workflowIds) + "')"));
    }

    private Engine node(String nodeId) {
        return node(nodeId, null);
    }

    private Engine node(String nodeId, PausableDataSource leases) {
        return node(nodeId, leases, null);
    }

    private Engine node(String nodeId, PausableDataSource leases, ManualClock clock) {
        Engine.Builder builder = Engine.builder().cluster(ClusterSettings.builder().nodeId(nodeId)
                        .leaseDuration(LEASE).renewalInterval(RENEWAL)
                        .advertisedAddress("127.0.0.1:" + (17000 + nodeId.charAt(0) - 'a' + 1)).build(),
                PostgresTestDatabase.dataSource(), PostgresOptions.builder().schema(schema).build());
        if (leases != null) {
            builder.leaseDataSource(leases);
        }
        if (clock != null) {
            builder.clock(clock);
        }
        Engine engine = builder.build();
        engines.put(nodeId, engine);
        return engine;
    }

    private static ShardDirectory directory(Engine engine) {
        return engine.shardDirectory().orElseThrow();
    }

    /** Waits until the open nodes own every shard between them, each its fair share at most. */
    private void awaitBalanced() {
        int share = (64 + engines.size() - 1) / engines.size();
        awaitUntil("the " + engines.size() + " node(s) own the 64 shards, at most " + share + " each",
                () -> ownedBy(engines.values()) == 64 && engines.values().stream()
                        .allMatch(e -> owned(e) <= share && owned(e) > 0));
    }

    private static int owned(Engine engine) {
        int count = 0;
        for (int shard = 0; shard < 64; shard++) {
            count += directory(engine).isLocal(shard) ? 1 : 0;
        }
        return count;
    }

    private static int ownedBy(Iterable<Engine> nodes) {
        int total = 0;
        for (Engine engine : nodes) {
            total += owned(engine);
        }
        return total;
    }

    private static String workflowIdOwnedBy(Engine engine, String prefix) {
        for (int i = 0; ; i++) {
            String wf = prefix + "-" + i;
            if (directory(engine).isLocal(directory(engine).shardOf(NS, wf))) {
                return wf;
            }
        }
    }

    /** The open node that owns the shard of {@code wf} now, if any. */
    private Optional<Engine> ownerOf(String wf) {
        return engines.values().stream().filter(e -> directory(e).isLocal(directory(e).shardOf(NS, wf))).findFirst();
    }

    private String startOnOwner(String wf, int sleepSeconds) {
        Engine owner = ownerOf(wf).orElseThrow();
        owner.startWorkflow(new StartWorkflowRequest(NS, wf, "Chores", MAIN, payloads(wf, sleepSeconds), null, null,
                null, "test", null));
        return wf;
    }

    private static List<io.reprise.common.Payload> payloads(String name, int sleepSeconds) {
        io.reprise.common.DataConverter converter = io.reprise.common.DataConverter.getDefaultInstance();
        return List.of(converter.toPayload(name), converter.toPayload(sleepSeconds));
    }

    private void startWorkers(Engine engine, String... queues) {
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(engine));
        for (String queue : queues) {
            Worker worker = factory.newWorker(queue);
            if (queue.equals(MAIN)) {
                worker.registerWorkflowImplementationTypes(ChoresImpl.class);
            }
            worker.registerActivitiesImplementations(new ErrandImpl());
        }
        factory.start();
        factories.add(factory);
    }

    /** The result of {@code wf}, asked of its owner, again at the new owner when the shard moves meanwhile. */
    private String resultOf(String wf) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<Engine> owner = ownerOf(wf);
            if (owner.isEmpty()) {
                Thread.sleep(50);
                continue;
            }
            try {
                Optional<WorkflowOutcome> outcome = owner.get().awaitOutcome(NS, wf, null, Duration.ofSeconds(5));
                if (outcome.isPresent()) {
                    assertThat(outcome.get().status()).as(wf).isEqualTo(WorkflowExecutionStatus.COMPLETED);
                    EventAttributes.WorkflowExecutionCompleted completed =
                            (EventAttributes.WorkflowExecutionCompleted) outcome.get().closeEvent().attributes();
                    return io.reprise.common.DataConverter.getDefaultInstance().fromPayload(completed.result(),
                            String.class, String.class);
                }
            } catch (NotOwnerException e) {
                // moved meanwhile: ask the new owner
            }
        }
        return fail("workflow " + wf + " did not complete within " + PATIENCE);
    }

    /** Dense event ids, one completion per activity, each activity executed once by a worker. */
    private void assertCompletedOnce(String wf) {
        List<HistoryEvent> events = ownerOf(wf).orElseThrow().getHistory(NS, wf, null);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).eventId()).as("%s: event ids are dense", wf).isEqualTo(i + 1);
        }
        assertThat(count(events, EventType.ActivityTaskCompleted)).as(wf).isEqualTo(2);
        assertThat(count(events, EventType.TimerFired)).as(wf).isEqualTo(1);
        assertThat(count(events, EventType.WorkflowExecutionStarted)).as(wf).isEqualTo(1);
        assertThat(executions.get(wf + ":first")).as(wf).hasValue(1);
        assertThat(executions.get(wf + ":first:done:late")).as(wf).hasValue(1);
    }

    private static long count(List<HistoryEvent> events, EventType type) {
        return events.stream().filter(e -> e.eventType() == type).count();
    }

    private static void awaitHistory(Engine engine, String wf, EventType type, int count) {
        awaitUntil(wf + " has " + count + " " + type, () -> count(engine.getHistory(NS, wf, null), type) >= count);
    }

    private int historyInDatabase(String wf) {
        return Integer.parseInt(PostgresTestDatabase.query("SELECT last_event_id FROM " + schema + ".executions"
                + " WHERE workflow_id = '" + wf + "'"));
    }

    private static void assertRefusedNamingB(Runnable call, int shard, String wf) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(NotOwnerException.class, e -> {
            assertThat(e.shard()).isEqualTo(shard);
            assertThat(e.ownerNodeId()).contains("b");
            assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
        }).hasMessageContaining("Workflow Id \"" + wf + "\" of namespace \"" + NS + "\" is in shard " + shard)
                .hasMessageEndingWith("node \"b\" owns it; send the call there");
    }

    static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Still not true after " + PATIENCE + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }
}
