package io.reprise.transport.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.DataConverter;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.TaskHandBack;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.UpdateMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Three nodes in one JVM ({@link ClusterNodes}): any node accepts any call, calls about a run reach its owner, and a
 * worker connected to one node gets the tasks of runs owned by every node.
 */
class ClusterRouterTest {

    static final String NS = "default";
    /** For waits that must end with something; only a failing test waits this long. */
    static final long PATIENCE_SECONDS = 60;

    ClusterNodes nodes;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : closeables.reversed()) {
            closeable.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }

    // ------------------------------------------------------------ workflows over three nodes

    @ActivityInterface
    public interface Stock {
        String reserve(String item);
    }

    static final class StockImpl implements Stock {
        @Override
        public String reserve(String item) {
            return "reserved " + item;
        }
    }

    @WorkflowInterface
    public interface Order {
        @WorkflowMethod
        String process(String item);

        @SignalMethod
        void approve(String by);

        @QueryMethod
        String stage();

        @UpdateMethod
        int setQuantity(int quantity);
    }

    public static final class OrderImpl implements Order {
        private String stage = "new";
        private String approvedBy;
        private int quantity = 1;

        @Override
        public String process(String item) {
            String reserved = Workflow.newActivityStub(Stock.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofMinutes(1)).build()).reserve(item);
            Workflow.sleep(Duration.ofMillis(10));
            stage = "awaiting approval";
            Workflow.await(() -> approvedBy != null);
            return reserved + " x" + quantity + " approved by " + approvedBy;
        }

        @Override
        public void approve(String by) {
            approvedBy = by;
        }

        @Override
        public String stage() {
            return stage;
        }

        @Override
        public int setQuantity(int newQuantity) {
            int previous = quantity;
            quantity = newQuantity;
            return previous;
        }
    }

    @Test
    void workflowsOfEveryNodesShardsCompleteWithTheClientOnOneNodeAndTheWorkerOnAnother() throws Exception {
        nodes = new ClusterNodes();
        // The worker knows node B's public endpoint only, which serves B's router.
        GrpcEngineServer publicB = GrpcEngineServer.newBuilder(nodes.routers.get(1)).port(0).build().start();
        closeables.add(publicB);
        GrpcEngineService workerEngine = GrpcEngineService.newBuilder().target("127.0.0.1:" + publicB.port()).build();
        closeables.add(workerEngine);
        startWorker(workerEngine, "orders", new StockImpl(), OrderImpl.class);
        WorkflowClient client = WorkflowClient.newInstance(nodes.routers.get(0));

        Map<String, Order> orders = new ConcurrentHashMap<>();
        for (int node = 0; node < 3; node++) {
            for (String prefix : List.of("order-" + node, "other-" + node)) {
                String id = nodes.workflowIdOwnedBy(node, prefix);
                Order order = client.newWorkflowStub(Order.class,
                        WorkflowOptions.newBuilder().setTaskQueue("orders").setWorkflowId(id).build());
                WorkflowClient.start(order::process, "item of " + id);
                orders.put(id, order);
            }
        }
        for (Map.Entry<String, Order> entry : orders.entrySet()) {
            Order order = entry.getValue();
            awaitTrue(() -> order.stage().equals("awaiting approval"));
            assertThat(order.setQuantity(3)).isEqualTo(1);
            order.approve("ops");
        }

        for (Map.Entry<String, Order> entry : orders.entrySet()) {
            String id = entry.getKey();
            assertThat(WorkflowStub.fromTyped(entry.getValue()).getResult(String.class))
                    .isEqualTo("reserved item of " + id + " x3 approved by ops");
            assertThat(nodes.routers.get(2).describeWorkflow(NS, id, null).info().status())
                    .isEqualTo(WorkflowExecutionStatus.COMPLETED);
            assertOnlyInTheStoreOfItsOwner(id);
            // No task was lost on its way between the nodes (it would have waited for its timeout).
            assertThat(nodes.engines.get(nodes.ownerOf(NS, id)).getHistory(NS, id, null))
                    .extracting(HistoryEvent::eventType).doesNotContain(EventType.WorkflowTaskTimedOut);
        }
        assertThat(orders.keySet()).extracting(id -> nodes.ownerOf(NS, id)).containsOnly(0, 1, 2);
    }

    @Test
    void cancelAndTerminateReachTheOwnersOfTheirRuns() {
        nodes = new ClusterNodes();
        startWorker(nodes.routers.get(1), "orders", new StockImpl(), OrderImpl.class);
        WorkflowClient client = WorkflowClient.newInstance(nodes.routers.get(0));
        String cancelled = nodes.workflowIdOwnedBy(2, "cancelled");
        String terminated = nodes.workflowIdOwnedBy(1, "terminated");
        for (String id : List.of(cancelled, terminated)) {
            Order order = client.newWorkflowStub(Order.class,
                    WorkflowOptions.newBuilder().setTaskQueue("orders").setWorkflowId(id).build());
            WorkflowClient.start(order::process, "item");
            awaitTrue(() -> order.stage().equals("awaiting approval"));
        }

        client.newUntypedWorkflowStub(cancelled).cancel("changed my mind");
        client.newUntypedWorkflowStub(terminated).terminate("operator stop");

        awaitTrue(() -> nodes.routers.get(0).describeWorkflow(NS, cancelled, null).info().status()
                == WorkflowExecutionStatus.CANCELED);
        assertThat(nodes.routers.get(1).describeWorkflow(NS, terminated, null).info().status())
                .isEqualTo(WorkflowExecutionStatus.TERMINATED);
        assertOnlyInTheStoreOfItsOwner(cancelled);
        assertOnlyInTheStoreOfItsOwner(terminated);
    }

    // ------------------------------------------------------------ wrong guesses

    @WorkflowInterface
    public interface Echo {
        @WorkflowMethod
        String echo(String text);
    }

    public static final class EchoImpl implements Echo {
        @Override
        public String echo(String text) {
            return "echo " + text;
        }
    }

    @Test
    void aWrongGuessOfThisNodesOwnEngineIsRetriedOnceAtTheOwnerItNames() {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "moved");
        int shard = nodes.directories.get(0).shardOf(NS, id);
        // Node A still believes it owns the shard; its engine knows better and names node B.
        nodes.directories.get(0).believe(shard, nodes.addresses.get(0));
        AtomicInteger refusals = new AtomicInteger();
        EngineService refusingEngineA = delegate(nodes.engines.get(0), (method, args, call) -> {
            if (method.getName().equals("startWorkflow")) {
                refusals.incrementAndGet();
                throw new NotOwnerException(shard, "node-b", "Not owner of shard " + shard);
            }
            return call.proceed();
        });
        ClusterRouter routerA = ClusterRouter.newBuilder(refusingEngineA, nodes.directories.get(0)).build();
        closeables.add(routerA);

        routerA.startWorkflow(EchoStarts.request(id));

        assertThat(refusals).hasValue(1);
        assertThat(nodes.directories.get(0).refreshes).hasValue(1);
        assertOnlyInTheStoreOfItsOwner(id);
    }

    @Test
    void aWrongGuessOfAnotherNodeCrossesTheWireAndIsRetriedOnceAtTheOwnerItNames() {
        AtomicInteger created = new AtomicInteger();
        AtomicInteger refusals = new AtomicInteger();
        AtomicInteger refusedShard = new AtomicInteger(-1);
        nodes = new ClusterNodes(engine -> created.getAndIncrement() != 2 ? engine
                : delegate(engine, (method, args, call) -> {
                    if (method.getName().equals("startWorkflow") && refusedShard.get() >= 0) {
                        refusals.incrementAndGet();
                        throw new NotOwnerException(refusedShard.get(), "node-b", "Not owner of shard "
                                + refusedShard.get() + "; node-b owns it");
                    }
                    return call.proceed();
                }), engine -> engine);
        String id = nodes.workflowIdOwnedBy(1, "moved");
        int shard = nodes.directories.get(0).shardOf(NS, id);
        refusedShard.set(shard);
        // Node A believes node C owns the shard; C refuses, naming B.
        nodes.directories.get(0).believe(shard, nodes.addresses.get(2));

        nodes.routers.get(0).startWorkflow(EchoStarts.request(id));

        assertThat(refusals).hasValue(1);
        assertThat(nodes.directories.get(0).refreshes).hasValue(1);
        assertOnlyInTheStoreOfItsOwner(id);
    }

    @Test
    void aCallAboutARunOfAShardWithoutOwnerWaitsForItsNewOwnerAndIsAppliedThere() throws Exception {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(2, "moving");
        int shard = moveShardOf(id, null);

        CompletableFuture<Object> start = startThroughNodeA(id);
        awaitTrue(() -> nodes.directories.get(0).refreshes.get() >= 3); // asked the lease table again, and again
        assertThat(start).as("a start waiting for the shard's new owner").isNotDone();
        nodes.directories.get(0).move(shard, nodes.addresses.get(2));

        start.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertOnlyInTheStoreOfItsOwner(id);
    }

    @Test
    void aCallAboutARunOfAShardThatStaysWithoutOwnerIsRefusedAsMovingAfterTheWaitAndChangesNothing() {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(2, "orphan");
        int shard = moveShardOf(id, null);
        ClusterRouter router = routerOfNodeA(Duration.ofMillis(300));

        assertThatThrownBy(() -> router.startWorkflow(EchoStarts.request(id)))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                    assertThat(e.shard()).isEqualTo(shard);
                    assertThat(e.ownerNodeId()).isEmpty();
                })
                .hasMessageContaining("shard " + shard + ", which no node owns at the moment: it is moving")
                .hasMessageContaining("no node took it while the call waited")
                .hasMessageEndingWith("retry the call in a few seconds");
        // It asked the lease table when it found no owner, and again after waiting.
        assertThat(nodes.directories.get(0).refreshes.get()).isGreaterThanOrEqualTo(2);
        for (Engine engine : nodes.engines) {
            assertThatThrownBy(() -> engine.describeWorkflow(NS, id, null)).isInstanceOfSatisfying(
                    EngineException.class, e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        }
    }

    @Test
    void aRouterWithoutMoveWaitRefusesACallAboutAMovingShardAfterOneLookAtTheLeaseTable() {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "orphan");
        int shard = moveShardOf(id, null);
        ClusterRouter router = routerOfNodeA(Duration.ZERO);

        assertThatThrownBy(() -> router.startWorkflow(EchoStarts.request(id)))
                .isInstanceOf(NotOwnerException.class).hasMessageContaining("it is moving");
        assertThat(nodes.directories.get(0).refreshes).hasValue(1);
    }

    @Test
    void aRefusalAsNotOwnerAfterTheOneRetryIsAskedAgainUntilTheOwnerTakesTheCall() {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(0, "handover");
        int shard = nodes.directories.get(0).shardOf(NS, id);
        // Node A's engine refuses the start three times, naming itself as the owner it will soon be again (its
        // lease being taken back): the one retry at once, then the waits.
        AtomicInteger refusals = new AtomicInteger();
        EngineService refusingEngineA = delegate(nodes.engines.get(0), (method, args, call) -> {
            if (method.getName().equals("startWorkflow") && refusals.incrementAndGet() <= 3) {
                throw new NotOwnerException(shard, "node-a", "Not owner of shard " + shard + " yet");
            }
            return call.proceed();
        });
        ClusterRouter routerA = ClusterRouter.newBuilder(refusingEngineA, nodes.directories.get(0)).build();
        closeables.add(routerA);

        routerA.startWorkflow(EchoStarts.request(id));

        assertThat(refusals).hasValue(4);
        assertOnlyInTheStoreOfItsOwner(id);
    }

    @Test
    void aCallWhoseOwnerCannotBeConnectedToWaitsForTheShardsNextOwner() throws Exception {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "stopped-owner");
        int shard = nodes.directories.get(0).shardOf(NS, id);
        // The owner as node A knows it has stopped: nothing listens at its address any more.
        nodes.directories.get(0).move(shard, new NodeAddress("node-gone", closedAddress()));

        CompletableFuture<Object> start = startThroughNodeA(id);
        awaitTrue(() -> nodes.directories.get(0).refreshes.get() >= 3);
        assertThat(start).as("a start waiting for the shard's next owner").isNotDone();
        nodes.directories.get(0).move(shard, nodes.addresses.get(1));

        start.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
        assertOnlyInTheStoreOfItsOwner(id);
    }

    @Test
    void aResultWaitAtAnOwnerThatCannotBeConnectedToGoesToTheNextOwnerOnceThereIsOne() throws Exception {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "awaited-gone");
        nodes.routers.get(0).startWorkflow(EchoStarts.request(id));
        int shard = moveShardOf(id, new NodeAddress("node-gone", closedAddress()));
        // A move that lasts longer than the router waits for one call: the result wait goes on regardless.
        ClusterRouter router = routerOfNodeA(Duration.ofMillis(200));

        CompletableFuture<Optional<WorkflowOutcome>> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                outcome.complete(router.awaitOutcome(NS, id, null, Duration.ofSeconds(PATIENCE_SECONDS)));
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        });
        // The wait is not held at the unreachable node: the router reads the lease table again and again, past
        // several of its 200 ms waits for a call.
        awaitTrue(() -> nodes.directories.get(0).refreshes.get() >= 12);
        assertThat(outcome).as("the result wait").isNotDone();
        nodes.directories.get(0).move(shard, nodes.addresses.get(1));
        startWorker(nodes.routers.get(2), "echo", null, EchoImpl.class);

        assertThat(outcome.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).hasValueSatisfying(
                o -> assertThat(o.status()).isEqualTo(WorkflowExecutionStatus.COMPLETED));
    }

    @Test
    void aCallWhoseOwnerStaysUnreachableIsRefusedAfterTheWaitNamingTheNode() throws Exception {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "dead-owner");
        int shard = nodes.directories.get(0).shardOf(NS, id);
        String goneAddress = closedAddress();
        nodes.directories.get(0).move(shard, new NodeAddress("node-gone", goneAddress));
        ClusterRouter router = routerOfNodeA(Duration.ofMillis(300));

        assertThatThrownBy(() -> router.startWorkflow(EchoStarts.request(id)))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                    assertThat(GrpcEngineService.neverConnected(e)).isTrue();
                })
                .hasMessageContaining(goneAddress);
        assertThat(nodes.directories.get(0).refreshes.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aCallThatFailedAfterReachingTheOwnerIsNotAskedAgainSinceItsEffectIsUnknown() {
        AtomicInteger calls = new AtomicInteger();
        nodes = new ClusterNodes(engine -> engine, client -> delegate(client, (method, args, call) -> {
            if (method.getName().equals("startWorkflow")) {
                calls.incrementAndGet();
                throw new EngineException(EngineException.Code.UNAVAILABLE, "connection reset mid-call");
            }
            return call.proceed();
        }));
        String id = nodes.workflowIdOwnedBy(1, "reset");

        assertThatThrownBy(() -> nodes.routers.get(0).startWorkflow(EchoStarts.request(id)))
                .isInstanceOf(EngineException.class).hasMessage("connection reset mid-call");
        assertThat(calls).hasValue(1);
        assertThat(nodes.directories.get(0).refreshes).hasValue(0);
    }

    @Test
    void aCallServedOverGrpcStopsWaitingForAMovingShardBeforeItsCallersDeadlineAndIsRefusedAsUnavailable() {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "deadline");
        int shard = moveShardOf(id, null);
        ClusterRouter router = routerOfNodeA(Duration.ofSeconds(PATIENCE_SECONDS));
        GrpcEngineServer server = GrpcEngineServer.newBuilder(router).port(0).build().start();
        closeables.add(server);
        GrpcEngineService client = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port())
                .rpcTimeout(Duration.ofSeconds(3)).build();
        closeables.add(client);

        // Not DEADLINE_EXCEEDED (whether the start took effect would be unknown): refused as moving, a second before.
        assertThatThrownBy(() -> client.startWorkflow(EchoStarts.request(id)))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                    assertThat(e.shard()).isEqualTo(shard);
                })
                .hasMessageContaining("it is moving");
        assertThat(nodes.directories.get(0).refreshes.get()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void aMoveWaitThatIsNullOrNegativeIsRefusedNamingTheFix() {
        ClusterRouter.Builder builder = ClusterRouter.newBuilder(
                fakeActivityPolls(new ArrayList<>(), new CountDownLatch(1)),
                new StaticShardDirectory("node-a", ClusterNodes.SHARDS, List.of()));
        assertThatThrownBy(() -> builder.moveWait(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("moveWait must be zero or positive, got PT-0.001S; zero refuses a call about a run of a"
                        + " moving shard at once");
        assertThatThrownBy(() -> builder.moveWait(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got null");
    }

    @Test
    void aResultWaitRidesOutAShardMovingAndReturnsOnceTheRunCompletesAtItsOwner() throws Exception {
        nodes = new ClusterNodes();
        String id = nodes.workflowIdOwnedBy(1, "awaited");
        nodes.routers.get(0).startWorkflow(EchoStarts.request(id));
        int shard = moveShardOf(id, null);

        CompletableFuture<Optional<WorkflowOutcome>> outcome = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> outcome.complete(nodes.routers.get(0).awaitOutcome(NS, id, null,
                Duration.ofSeconds(PATIENCE_SECONDS))));
        awaitTrue(() -> nodes.directories.get(0).refreshes.get() >= 2); // refused as moving, and asked again
        nodes.directories.get(0).move(shard, nodes.addresses.get(1));
        startWorker(nodes.routers.get(2), "echo", null, EchoImpl.class);

        assertThat(outcome.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).hasValueSatisfying(
                o -> assertThat(o.status()).isEqualTo(WorkflowExecutionStatus.COMPLETED));
        assertOnlyInTheStoreOfItsOwner(id);
    }

    // ------------------------------------------------------------ task queues across nodes

    @Test
    void aTaskThatArrivesForAForwardedPollNoLongerWantedIsHandedBackAndItsWorkflowStillCompletes()
            throws Exception {
        AtomicBoolean holdNext = new AtomicBoolean(true);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger handBacks = new AtomicInteger();
        nodes = new ClusterNodes(engine -> engine, peer -> delegate(peer, (method, args, call) -> {
            if (method.getName().equals("handBackWorkflowTask")) {
                handBacks.incrementAndGet();
            }
            Object result = call.proceed();
            if (method.getName().equals("pollWorkflowTask") && ((Optional<?>) result).isPresent()
                    && holdNext.compareAndSet(true, false)) {
                held.countDown();
                awaitUninterruptibly(release);
            }
            return result;
        }));
        ClusterRouter routerB = nodes.routers.get(1);
        CompletableFuture<Optional<WorkflowTask>> poll = new CompletableFuture<>();
        Thread poller = Thread.ofVirtual().start(() -> poll.complete(
                routerB.pollWorkflowTask(NS, "echo", "poller-on-b", Duration.ofSeconds(PATIENCE_SECONDS))));
        awaitTrue(() -> routerB.forwardedPolls(NS, "echo", true) == 2);
        String id = nodes.workflowIdOwnedBy(0, "handed-back");
        nodes.routers.get(0).startWorkflow(EchoStarts.request(id));
        assertThat(held.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).as("node A's task reached B's forwarded poll")
                .isTrue();

        poller.interrupt(); // the worker's poll ends while its task is on the way
        assertThat(poll.get(PATIENCE_SECONDS, TimeUnit.SECONDS)).isEmpty();
        release.countDown();
        awaitTrue(() -> handBacks.get() == 1);

        startWorker(routerB, "echo", null, EchoImpl.class);
        assertThat(WorkflowClient.newInstance(nodes.routers.get(2)).newUntypedWorkflowStub(id)
                .getResult(String.class)).isEqualTo("echo " + id);
        // Handed back unstarted: the task went to the worker at once, not after its timeout.
        assertThat(nodes.engines.get(0).getHistory(NS, id, null)).extracting(HistoryEvent::eventType)
                .doesNotContain(EventType.WorkflowTaskTimedOut);
    }

    @Test
    void aQueryTaskHandedBackIsQueuedAgainWhileItsCallerWaits() throws Exception {
        nodes = new ClusterNodes();
        Engine engine = nodes.engines.get(0);
        engine.startWorkflow(EchoStarts.request("queried"));
        assertThat(engine.pollWorkflowTask(NS, "echo", "worker", Duration.ofSeconds(PATIENCE_SECONDS))).isPresent();
        CompletableFuture<MessageResult> answer = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> answer.complete(engine.queryWorkflow(new QueryWorkflowRequest(NS, "queried",
                null, "stage", List.of(), Duration.ofSeconds(PATIENCE_SECONDS)))));
        WorkflowTask query = engine.pollWorkflowTask(NS, "echo", "worker", Duration.ofSeconds(PATIENCE_SECONDS))
                .orElseThrow();
        assertThat(query.query()).isNotNull();

        engine.handBackWorkflowTask(query.taskToken());
        WorkflowTask again = engine.pollWorkflowTask(NS, "echo", "worker", Duration.ofSeconds(PATIENCE_SECONDS))
                .orElseThrow();
        engine.respondQueryTask(again.taskToken(), DataConverter.getDefaultInstance().toPayload("asked twice"), null,
                "worker");

        assertThat(again.query()).isEqualTo(query.query());
        assertThat(answer.get(PATIENCE_SECONDS, TimeUnit.SECONDS).result())
                .isEqualTo(DataConverter.getDefaultInstance().toPayload("asked twice"));
    }

    @Test
    void anActivityQueuesRateLimitIsSplitOverTheLiveNodes() throws Exception {
        List<PollActivityTaskRequest> localPolls = new CopyOnWriteArrayList<>();
        List<PollActivityTaskRequest> forwardedPolls = new CopyOnWriteArrayList<>();
        CountDownLatch bothPeersPolled = new CountDownLatch(2);
        EngineService localEngine = fakeActivityPolls(localPolls, new CountDownLatch(0));
        List<NodeAddress> three = List.of(new NodeAddress("node-a", "unused:1"), new NodeAddress("node-b", "unused:2"),
                new NodeAddress("node-c", "unused:3"));
        ClusterRouter router = ClusterRouter.newBuilder(localEngine, new StaticShardDirectory("node-a", 12, three))
                .peerConnector(node -> fakeActivityPolls(forwardedPolls, bothPeersPolled)).build();
        closeables.add(router);

        Thread poller = Thread.ofVirtual().start(() -> router.pollActivityTask(
                new PollActivityTaskRequest(NS, "limited", "worker", Duration.ofSeconds(PATIENCE_SECONDS), 9.0)));
        assertThat(bothPeersPolled.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        awaitTrue(() -> localPolls.size() == 2); // the look for a queued task, then the wait

        assertThat(localPolls).extracting(PollActivityTaskRequest::maxTasksPerSecond).containsOnly(3.0);
        assertThat(forwardedPolls).extracting(PollActivityTaskRequest::maxTasksPerSecond).containsOnly(3.0);
        assertThat(router.shareOfRate(new PollActivityTaskRequest(NS, "q", "w", Duration.ZERO, null))
                .maxTasksPerSecond()).isNull();
        poller.interrupt();
        poller.join();
    }

    // ------------------------------------------------------------ helpers

    /** The run's history is in its owner's store, and no other node's store has the Workflow Id. */
    private void assertOnlyInTheStoreOfItsOwner(String workflowId) {
        int owner = nodes.ownerOf(NS, workflowId);
        for (int node = 0; node < 3; node++) {
            Engine engine = nodes.engines.get(node);
            if (node == owner) {
                assertThat(engine.getHistory(NS, workflowId, null)).as("the history of %s at its owner", workflowId)
                        .isNotEmpty();
            } else {
                assertThatThrownBy(() -> engine.describeWorkflow(NS, workflowId, null))
                        .as("%s at node %s, not its owner", workflowId, node)
                        .isInstanceOfSatisfying(EngineException.class,
                                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
            }
        }
    }

    private void startWorker(EngineService engine, String queue, Object activities, Class<?> workflow) {
        WorkerFactory workers = WorkerFactory.newInstance(WorkflowClient.newInstance(engine));
        var worker = workers.newWorker(queue);
        worker.registerWorkflowImplementationTypes(workflow);
        if (activities != null) {
            worker.registerActivitiesImplementations(activities);
        }
        workers.start();
        closeables.add(workers::shutdownNow);
    }

    /** Node A's directory gives the shard of {@code workflowId} to {@code owner} ({@code null}: no node); the shard. */
    private int moveShardOf(String workflowId, NodeAddress owner) {
        int shard = nodes.directories.get(0).shardOf(NS, workflowId);
        nodes.directories.get(0).move(shard, owner);
        return shard;
    }

    /** Node A's router, waiting at most {@code moveWait} for a moving shard. */
    private ClusterRouter routerOfNodeA(Duration moveWait) {
        ClusterRouter router = ClusterRouter.newBuilder(nodes.engines.get(0), nodes.directories.get(0))
                .moveWait(moveWait).build();
        closeables.add(router);
        return router;
    }

    /**
     * Starts the workflow {@code id} through a router of node A that waits for a moving shard as long as a test may
     * take, on a thread of its own.
     */
    private CompletableFuture<Object> startThroughNodeA(String id) {
        ClusterRouter patient = routerOfNodeA(Duration.ofSeconds(PATIENCE_SECONDS));
        CompletableFuture<Object> start = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                start.complete(patient.startWorkflow(EchoStarts.request(id)));
            } catch (RuntimeException e) {
                start.completeExceptionally(e);
            }
        });
        return start;
    }

    /** The address of a loopback port where nothing listens: a server's, once it stopped. */
    private String closedAddress() {
        GrpcEngineServer stopped = GrpcEngineServer.newBuilder(nodes.engines.get(1)).port(0).build().start();
        int port = stopped.port();
        stopped.close();
        return "127.0.0.1:" + port;
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the condition did not hold within " + PATIENCE_SECONDS + " s");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** An engine whose activity polls record their request and wait until interrupted. */
    private static EngineService fakeActivityPolls(List<PollActivityTaskRequest> polls, CountDownLatch polled) {
        return (EngineService) Proxy.newProxyInstance(ClusterRouterTest.class.getClassLoader(),
                new Class<?>[] {EngineService.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pollActivityTask") && args.length == 1) {
                        PollActivityTaskRequest request = (PollActivityTaskRequest) args[0];
                        polls.add(request);
                        polled.countDown();
                        if (!request.pollWait().isZero()) {
                            try {
                                Thread.sleep(request.pollWait());
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        return Optional.empty();
                    }
                    if (method.getName().equals("liveNodes") || method.getName().equals("close")) {
                        return null;
                    }
                    if (method.getName().equals("toString")) {
                        return "fake engine";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    interface Interceptor {
        Object intercept(Method method, Object[] args, Call call);
    }

    interface Call {
        Object proceed();
    }

    /** {@code target} (an engine or a client, with its hand-back) with {@code interceptor} around its calls. */
    static EngineService delegate(EngineService target, Interceptor interceptor) {
        return (EngineService) Proxy.newProxyInstance(ClusterRouterTest.class.getClassLoader(),
                new Class<?>[] {EngineService.class, TaskHandBack.class}, (proxy, method, args) -> {
                    Call call = () -> {
                        try {
                            return method.invoke(target, args);
                        } catch (InvocationTargetException e) {
                            if (e.getCause() instanceof RuntimeException r) {
                                throw r;
                            }
                            throw new IllegalStateException(e.getCause());
                        } catch (IllegalAccessException e) {
                            throw new IllegalStateException(e);
                        }
                    };
                    return method.getDeclaringClass() == Object.class ? call.proceed()
                            : interceptor.intercept(method, args, call);
                });
    }
}
