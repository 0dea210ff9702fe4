package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ForwardingServerCall;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.ParentClosePolicy;
import io.reprise.common.WorkflowExecution;
import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.cluster.ClusterDeliveryTargets;
import io.reprise.engine.cluster.NodeAddress;
import io.reprise.engine.cluster.ShardHash;
import io.reprise.engine.cluster.StaticShardDirectory;
import io.reprise.engine.store.InMemoryExecutionStore;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.ChildWorkflowFailure;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Async;
import io.reprise.workflow.ChildWorkflowOptions;
import io.reprise.workflow.Promise;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deliveries between runs of two cluster nodes: two engines in one JVM, each on a store of its own, each reaching
 * the other's internal service over loopback gRPC, with shard 0 on node A and shard 1 on node B. Parents run on A;
 * the children and the other runs they signal or cancel are on B, so what each asks of the other crosses the wire.
 */
class CrossNodeDeliveryTest {

    static final String NS = "default";
    static final String QUEUE = "cross-node";
    static final int SHARDS = 2;
    /** For waits that must end with something; only a failing test waits this long. */
    static final long PATIENCE_SECONDS = 60;
    /** {@link #PATIENCE_SECONDS} for result waits: a result that never comes fails the test instead of hanging it. */
    static final Duration PATIENCE = Duration.ofSeconds(PATIENCE_SECONDS);

    @WorkflowInterface
    public interface Greeter {
        @WorkflowMethod
        String greet(String name);
    }

    public static final class GreeterImpl implements Greeter {
        @Override
        public String greet(String name) {
            if (name.equals("nobody")) {
                throw ApplicationFailure.newFailure("cannot greet " + name, "NoName");
            }
            if (name.equals("sleepy")) {
                Workflow.await(() -> false);
            }
            return "Hello " + name + " from " + Workflow.getInfo().workflowId() + " (parent "
                    + Workflow.getInfo().parentWorkflowId() + ")";
        }
    }

    @WorkflowInterface
    public interface Mailbox {
        @WorkflowMethod
        List<String> collect(int count);

        @SignalMethod
        void deliver(String letter);
    }

    public static final class MailboxImpl implements Mailbox {
        private final List<String> letters = new ArrayList<>();

        @Override
        public List<String> collect(int count) {
            Workflow.await(() -> letters.size() >= count);
            return letters;
        }

        @Override
        public void deliver(String letter) {
            letters.add(letter);
        }
    }

    @WorkflowInterface
    public interface Parent {
        /** {@code scenario:target[:other]}. */
        @WorkflowMethod
        String run(String command);
    }

    public static final class ParentImpl implements Parent {
        @Override
        public String run(String command) {
            String[] parts = command.split(":");
            String target = parts[1];
            switch (parts[0]) {
                case "greet" -> {
                    return Workflow.newChildWorkflowStub(Greeter.class,
                            ChildWorkflowOptions.newBuilder().setWorkflowId(target).build()).greet("Ada");
                }
                case "fail" -> {
                    try {
                        Workflow.newChildWorkflowStub(Greeter.class,
                                ChildWorkflowOptions.newBuilder().setWorkflowId(target).build()).greet("nobody");
                        return "unexpected";
                    } catch (ChildWorkflowFailure e) {
                        return "child failed: " + ((ApplicationFailure) e.getCause()).getOriginalMessage();
                    }
                }
                case "signal" -> {
                    Workflow.newExternalWorkflowStub(Mailbox.class, target).deliver("from node A");
                    try {
                        Workflow.newUntypedExternalWorkflowStub(parts[2]).signal("deliver", "lost");
                        return "unexpected";
                    } catch (ApplicationFailure e) {
                        return "delivered; unknown target: " + e.getType();
                    }
                }
                case "cancel" -> {
                    Workflow.newUntypedExternalWorkflowStub(target).cancel();
                    return "cancel requested";
                }
                case "mailbox" -> {
                    // A child that waits for the parent's signal: it is still running when its start is recorded.
                    Mailbox child = Workflow.newChildWorkflowStub(Mailbox.class,
                            ChildWorkflowOptions.newBuilder().setWorkflowId(target).build());
                    Promise<List<String>> letters = Async.function(child::collect, 1);
                    Workflow.getWorkflowExecution(child).get();
                    Workflow.newExternalWorkflowStub(Mailbox.class, target).deliver("from the parent");
                    return String.join(",", letters.get());
                }
                case "await-mailbox" -> {
                    return String.join(",", Workflow.newChildWorkflowStub(Mailbox.class,
                            ChildWorkflowOptions.newBuilder().setWorkflowId(target).build()).collect(1));
                }
                case "leave" -> {
                    Greeter child = Workflow.newChildWorkflowStub(Greeter.class, ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(target).setParentClosePolicy(ParentClosePolicy.TERMINATE).build());
                    Async.function(child::greet, "sleepy");
                    WorkflowExecution started = Workflow.getWorkflowExecution(child).get();
                    return "left " + started.workflowId();
                }
                default -> throw new IllegalArgumentException(command);
            }
        }
    }

    /**
     * One node: its engine (on a store of its own, kept when the engine stops, as a database would), its internal
     * service's server, its workers, and a client on it.
     */
    final class Node {
        final String id;
        final int shard;
        final StaticShardDirectory directory;
        final GrpcClusterNodes channels = new GrpcClusterNodes(InsecureChannelCredentials.create(),
                Duration.ofSeconds(10));
        final ServerInterceptor interceptor;
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        CountingTargets targets;
        Engine engine;
        WorkflowClient client;
        WorkerFactory workers;
        GrpcEngineServer server;

        Node(String id, int shard, ServerInterceptor interceptor) {
            this.id = id;
            this.shard = shard;
            this.interceptor = interceptor;
            this.directory = new StaticShardDirectory(id, SHARDS);
            build();
        }

        private void build() {
            this.engine = Engine.builder().store(store)
                    .deliveryTargets(local -> targets = new CountingTargets(
                            new ClusterDeliveryTargets(local, directory, channels)))
                    .build();
            this.client = WorkflowClient.newInstance(engine);
            this.workers = WorkerFactory.newInstance(client);
            workers.newWorker(QUEUE).registerWorkflowImplementationTypes(ParentImpl.class, GreeterImpl.class,
                    MailboxImpl.class);
        }

        void serve(int port) {
            ClusterGrpcService cluster = new ClusterGrpcService(engine.localDeliveryTargets(), directory);
            server = GrpcEngineServer.newBuilder(engine).port(port)
                    .customize(netty -> netty.addService(ServerInterceptors.intercept(cluster, interceptor)))
                    .build().start();
        }

        /** Stops the node as a crash would (what it had in memory is gone), its store kept. */
        void stop() {
            workers.shutdownNow();
            if (server != null) {
                server.close();
                server = null;
            }
            engine.close();
        }

        /** Starts the node again on its store (recovering its open runs) and serves on {@code port}. */
        void restart(int port) {
            store = store.reopen();
            build();
            serve(port);
            workers.start();
        }

        NodeAddress address() {
            return new NodeAddress(id, "127.0.0.1:" + server.port());
        }

        /** The first Workflow Id {@code prefix-N} of this node's shard. */
        String idHere(String prefix) {
            for (int i = 1; ; i++) {
                String id = prefix + "-" + i;
                if (ShardHash.shardOf(NS, id, SHARDS) == shard) {
                    return id;
                }
            }
        }

        List<HistoryEvent> history(String workflowId) {
            return engine.getHistory(NS, workflowId, null);
        }

        WorkflowExecutionStatus status(String workflowId) {
            return engine.describeWorkflow(NS, workflowId, null).status();
        }

        void close() {
            workers.shutdownNow();
            if (server != null) {
                server.close();
            }
            engine.close();
            channels.close();
        }
    }

    final DropAnswers dropAnswers = new DropAnswers();
    Node a;
    Node b;

    @BeforeEach
    void startTwoNodes() {
        a = new Node("node-a", 0, new DropAnswers());
        b = new Node("node-b", 1, dropAnswers);
        a.serve(0);
        b.serve(0);
        for (Node node : List.of(a, b)) {
            node.directory.owner(0, a.address()).owner(1, b.address());
            node.workers.start();
        }
    }

    @AfterEach
    void stopBoth() {
        a.close();
        b.close();
    }

    private String runParent(String workflowId, String command) {
        return a.client.newWorkflowStub(Parent.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId(workflowId).build()).run(command);
    }

    private static List<EventType> types(List<HistoryEvent> history) {
        return history.stream().map(HistoryEvent::eventType).toList();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited for " + what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static boolean hasStatus(Node node, String workflowId, WorkflowExecutionStatus status) {
        try {
            return node.status(workflowId) == status;
        } catch (EngineException notYet) {
            return false;
        }
    }

    private int runsOf(Node node, String workflowId) {
        return (int) node.engine.listExecutions(new ListExecutionsRequest(NS, null, 100, null)).executions().stream()
                .filter(info -> info.execution().workflowId().equals(workflowId)).count();
    }

    @Test
    void theWorkflowIdsOfTheTestAreOnTheNodesTheyAreMeantFor() {
        assertThat(ShardHash.shardOf(NS, a.idHere("parent"), SHARDS)).isZero();
        assertThat(ShardHash.shardOf(NS, b.idHere("child"), SHARDS)).isEqualTo(1);
        assertThat(a.directory.isLocal(0)).isTrue();
        assertThat(a.directory.isLocal(1)).isFalse();
        assertThat(b.directory.isLocal(1)).isTrue();
    }

    @Test
    void aParentOnOneNodeStartsAChildOnAnotherAndGetsItsResult() {
        String parent = a.idHere("parent-greet");
        String child = b.idHere("child-greet");

        String result = runParent(parent, "greet:" + child);

        assertThat(result).isEqualTo("Hello Ada from " + child + " (parent " + parent + ")");
        List<HistoryEvent> parentHistory = a.history(parent);
        assertThat(types(parentHistory)).containsSubsequence(EventType.StartChildWorkflowExecutionInitiated,
                EventType.ChildWorkflowExecutionStarted, EventType.ChildWorkflowExecutionCompleted,
                EventType.WorkflowExecutionCompleted);
        EventAttributes.WorkflowExecutionStarted started = b.history(child).get(0)
                .attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.parentExecution().workflowId()).isEqualTo(parent);
        assertThat(started.parentExecution().runId()).isEqualTo(a.engine.describeWorkflow(NS, parent, null)
                .execution().runId());
        // The child is in node B's store only.
        assertThatThrownBy(() -> a.status(child)).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
        assertThat(b.status(child)).isEqualTo(WorkflowExecutionStatus.COMPLETED);
    }

    @Test
    void aChildsFailureOnAnotherNodeReachesTheParent() {
        String parent = a.idHere("parent-fail");
        String child = b.idHere("child-fail");

        assertThat(runParent(parent, "fail:" + child)).isEqualTo("child failed: cannot greet nobody");
        assertThat(types(a.history(parent))).containsSubsequence(EventType.ChildWorkflowExecutionStarted,
                EventType.ChildWorkflowExecutionFailed);
        assertThat(b.status(child)).isEqualTo(WorkflowExecutionStatus.FAILED);
    }

    @Test
    void aRunSignalsAnotherOnAnotherNodeAndLearnsWhenTheTargetDoesNotExistThere() throws Exception {
        String mailbox = b.idHere("mailbox");
        WorkflowStub box = b.client.newUntypedWorkflowStub("Mailbox", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(mailbox).build());
        box.start(1);

        assertThat(runParent(a.idHere("parent-signal"), "signal:" + mailbox + ":" + b.idHere("no-such-mailbox")))
                .isEqualTo("delivered; unknown target: EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND");
        assertThat(box.getResult(PATIENCE, List.class)).containsExactly("from node A");
        assertThat(types(b.history(mailbox)).stream().filter(EventType.WorkflowExecutionSignaled::equals))
                .hasSize(1);
        assertThat(types(a.history(a.idHere("parent-signal")))).containsSubsequence(
                EventType.SignalExternalWorkflowExecutionInitiated, EventType.ExternalWorkflowExecutionSignaled,
                EventType.SignalExternalWorkflowExecutionInitiated, EventType.SignalExternalWorkflowExecutionFailed);
    }

    @Test
    void aRunCancelsAnotherOnAnotherNode() throws InterruptedException {
        String mailbox = b.idHere("mailbox-cancel");
        b.client.newUntypedWorkflowStub("Mailbox", WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId(mailbox).build()).start(5);
        String parent = a.idHere("parent-cancel");

        assertThat(runParent(parent, "cancel:" + mailbox)).isEqualTo("cancel requested");

        await("the mailbox on node B to be canceled", () -> hasStatus(b, mailbox, WorkflowExecutionStatus.CANCELED));
        assertThat(types(b.history(mailbox))).contains(EventType.WorkflowExecutionCancelRequested);
        assertThat(types(a.history(parent))).containsSubsequence(
                EventType.RequestCancelExternalWorkflowExecutionInitiated,
                EventType.ExternalWorkflowExecutionCancelRequested);
    }

    @Test
    void theTerminateParentClosePolicyOfAParentTerminatesItsChildOnAnotherNode() throws InterruptedException {
        String parent = a.idHere("parent-leave");
        String child = b.idHere("child-left");

        assertThat(runParent(parent, "leave:" + child)).isEqualTo("left " + child);

        await("the child on node B to be terminated", () -> hasStatus(b, child, WorkflowExecutionStatus.TERMINATED));
        List<HistoryEvent> history = b.history(child);
        assertThat(history.get(history.size() - 1).attributes(EventAttributes.WorkflowExecutionTerminated.class)
                .reason()).contains("ParentClosePolicy.TERMINATE").contains(parent);
    }

    @Test
    void aChildStartMadeWhileItsNodeIsDownIsMadeOnceItIsBackAndOnlyOnce() throws Exception {
        int port = b.server.port();
        b.server.close();
        String parent = a.idHere("parent-down");
        String child = b.idHere("child-down");
        WorkflowStub stub = a.client.newUntypedWorkflowStub("Parent", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(parent).build());
        stub.start("greet:" + child);

        assertThat(a.targets.failedStarts.await(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .as("a child start failed while node B was down").isTrue();
        b.serve(port);

        assertThat(stub.getResult(PATIENCE, String.class))
                .isEqualTo("Hello Ada from " + child + " (parent " + parent + ")");
        assertThat(runsOf(b, child)).isEqualTo(1);
        List<EventType> parentEvents = types(a.history(parent));
        assertThat(parentEvents.stream().filter(EventType.ChildWorkflowExecutionStarted::equals)).hasSize(1);
        assertThat(parentEvents.stream().filter(EventType.ChildWorkflowExecutionCompleted::equals)).hasSize(1);
    }

    @Test
    void aChildsCloseThatCannotReachItsParentsNodeReachesItOnceItIsBackAndOnlyOnce() throws Exception {
        String parent = a.idHere("parent-away");
        String child = b.idHere("child-of-away");
        WorkflowStub stub = a.client.newUntypedWorkflowStub("Parent", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId(parent).build());
        stub.start("await-mailbox:" + child);
        await("the child on node B to run", () -> hasStatus(b, child, WorkflowExecutionStatus.RUNNING));
        int port = a.server.port();
        a.server.close();

        b.client.newWorkflowStub(Mailbox.class, child).deliver("from the test");
        await("the child on node B to complete", () -> hasStatus(b, child, WorkflowExecutionStatus.COMPLETED));
        assertThat(b.targets.failedCloses.await(PATIENCE_SECONDS, TimeUnit.SECONDS))
                .as("telling the parent failed while node A was down").isTrue();
        a.serve(port);

        assertThat(stub.getResult(PATIENCE, String.class)).isEqualTo("from the test");
        assertThat(types(a.history(parent)).stream().filter(EventType.ChildWorkflowExecutionCompleted::equals))
                .hasSize(1);
    }

    @Test
    void aParentRecoveredOnItsNodeLearnsThatItsChildOnAnotherNodeClosedWhileNeitherNodeCouldTell()
            throws Exception {
        String parent = a.idHere("parent-recovered");
        String child = b.idHere("child-of-recovered");
        a.client.newUntypedWorkflowStub("Parent", WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId(parent).build()).start("await-mailbox:" + child);
        await("the child on node B to run", () -> hasStatus(b, child, WorkflowExecutionStatus.RUNNING));
        int portA = a.server.port();
        int portB = b.server.port();
        a.stop();

        // The child closes while its parent's node is down, and its node stops before it could tell the parent.
        b.client.newWorkflowStub(Mailbox.class, child).deliver("while A was down");
        await("the child on node B to complete", () -> hasStatus(b, child, WorkflowExecutionStatus.COMPLETED));
        assertThat(b.targets.failedCloses.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
        b.stop();
        b.restart(portB);
        a.restart(portA);

        // Recovering the parent checks its started child at node B (GetClosedChild) and records its close.
        assertThat(a.client.newUntypedWorkflowStub(parent).getResult(PATIENCE, String.class))
                .isEqualTo("while A was down");
        assertThat(a.targets.closedChildrenFound.get()).isEqualTo(1);
        assertThat(types(a.history(parent)).stream().filter(EventType.ChildWorkflowExecutionCompleted::equals))
                .hasSize(1);
    }

    @Test
    void theReadsOfTheChecksAreAnsweredByTheOwnerOverTheWire() throws InterruptedException {
        String parent = a.idHere("parent-reads");
        String child = b.idHere("child-reads");
        String other = b.idHere("child-left-by-reads");
        assertThat(runParent(parent, "greet:" + child)).startsWith("Hello Ada");
        String parentRunId = a.engine.describeWorkflow(NS, parent, null).execution().runId();
        String childRunId = b.engine.describeWorkflow(NS, child, null).execution().runId();
        long initiated = a.history(parent).stream()
                .filter(e -> e.eventType() == EventType.StartChildWorkflowExecutionInitiated).findFirst().orElseThrow()
                .eventId();
        DeliveryTargets atB = a.channels.apply(b.address());
        DeliveryTargets atA = b.channels.apply(a.address());

        Optional<DeliveryTargets.ClosedChild> closed = atB.closedChild(NS, child, parentRunId, initiated);
        assertThat(closed).hasValueSatisfying(c -> {
            assertThat(c.firstRunId()).isEqualTo(childRunId);
            assertThat(c.runId()).isEqualTo(childRunId);
            assertThat(c.closeEvent().eventType()).isEqualTo(EventType.WorkflowExecutionCompleted);
        });
        assertThat(atB.closedChild(NS, child, "another-parent-run", initiated)).isEmpty();
        assertThat(atB.runningChildRunId(NS, child, parentRunId)).isEmpty();
        assertThat(atA.openChildOfClosedParent(new EventAttributes.ParentExecution(NS, parent, parentRunId,
                initiated))).isEmpty(); // the parent saw its child close

        // A parent that closed leaving a running child keeps it among its children.
        String leaving = a.idHere("parent-leaving");
        assertThat(runParent(leaving, "leave:" + other)).isEqualTo("left " + other);
        String leavingRunId = a.engine.describeWorkflow(NS, leaving, null).execution().runId();
        long leftAt = a.history(leaving).stream()
                .filter(e -> e.eventType() == EventType.StartChildWorkflowExecutionInitiated).findFirst().orElseThrow()
                .eventId();
        assertThat(atA.openChildOfClosedParent(new EventAttributes.ParentExecution(NS, leaving, leavingRunId,
                leftAt))).contains(new DeliveryTargets.OpenChild(other, ParentClosePolicy.TERMINATE));
        await("the left child on node B to be terminated", () -> hasStatus(b, other,
                WorkflowExecutionStatus.TERMINATED));
        assertThat(atB.runningChildRunId(NS, other, leavingRunId)).isEmpty();
    }

    @Test
    void aChildStartWhoseAnswerWasLostIsMadeAgainAndStartsNoSecondChild() throws Exception {
        dropAnswers.armFor("StartChildWorkflow");
        String parent = a.idHere("parent-lost");
        String child = b.idHere("child-lost");

        String result = runParent(parent, "mailbox:" + child);

        assertThat(dropAnswers.dropped.getCount()).as("an answer was dropped").isZero();
        // The child was started by the first call; the parent learnt it from the second, made with the same
        // request id, which found the child running.
        assertThat(a.targets.startCalls.get()).isGreaterThanOrEqualTo(2);
        assertThat(result).isEqualTo("from the parent");
        assertThat(runsOf(b, child)).isEqualTo(1);
        assertThat(types(a.history(parent)).stream().filter(EventType.ChildWorkflowExecutionStarted::equals))
                .hasSize(1);
    }

    @Test
    void aNodeRefusesACallAboutAShardItDoesNotOwnAsUnavailable() {
        DeliveryTargets atB = a.channels.apply(b.address());
        String onA = a.idHere("not-b");

        assertThatThrownBy(() -> atB.startChild(new StartWorkflowRequest(NS, onA, "Greeter", QUEUE, List.of(), null,
                null, null, "test", "run/1", null, false, null, null),
                new EventAttributes.ParentExecution(NS, "p", "run", 1)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE))
                .hasMessageContaining("Node node-b does not own shard 0").hasMessageContaining("node node-a does");
        assertThat(runsOf(b, onA)).isZero();
        assertThat(runsOf(a, onA)).isZero();
    }

    @Test
    void nodesReachedOverTheCallersChannelsLeaveThemOpen() {
        ManagedChannel channel = NettyChannelBuilder.forTarget(b.address().target(),
                InsecureChannelCredentials.create()).build();
        try {
            GrpcClusterNodes nodes = GrpcClusterNodes.overChannels(node -> channel, Duration.ofSeconds(10));

            assertThat(nodes.apply(b.address()).runningChildRunId(NS, b.idHere("nobody"), "run")).isEmpty();
            nodes.close();

            assertThat(channel.isShutdown()).isFalse();
        } finally {
            channel.shutdownNow();
        }
    }

    /** Drops the answer of the next call of a method (after the node made it), answering UNAVAILABLE instead. */
    static final class DropAnswers implements ServerInterceptor {
        private volatile String method;
        private final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch dropped = new CountDownLatch(1);

        void armFor(String method) {
            this.method = method;
            armed.set(true);
        }

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            if (!call.getMethodDescriptor().getBareMethodName().equals(method) || !armed.compareAndSet(true, false)) {
                return next.startCall(call, headers);
            }
            return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(R message) {
                    // Lost on the way back.
                }

                @Override
                public void close(Status status, Metadata trailers) {
                    dropped.countDown();
                    super.close(status.isOk() ? Status.UNAVAILABLE.withDescription("the answer was lost (test)")
                            : status, trailers);
                }
            }, headers);
        }
    }

    /** Counts the child starts a node makes, and those that failed. */
    static final class CountingTargets extends ForwardingDeliveryTargets {
        final AtomicInteger startCalls = new AtomicInteger();
        final CountDownLatch failedStarts = new CountDownLatch(1);
        final CountDownLatch failedCloses = new CountDownLatch(1);
        final AtomicInteger closedChildrenFound = new AtomicInteger();

        CountingTargets(DeliveryTargets delegate) {
            super(delegate);
        }

        @Override
        public io.reprise.engine.api.WorkflowExecution startChild(StartWorkflowRequest request,
                EventAttributes.ParentExecution parent) {
            startCalls.incrementAndGet();
            try {
                return delegate.startChild(request, parent);
            } catch (RuntimeException e) {
                failedStarts.countDown();
                throw e;
            }
        }

        @Override
        public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId,
                String childRunId, HistoryEvent closeEvent) {
            try {
                delegate.recordChildClosed(parent, childFirstRunId, childRunId, closeEvent);
            } catch (RuntimeException e) {
                failedCloses.countDown();
                throw e;
            }
        }

        @Override
        public Optional<ClosedChild> closedChild(String namespace, String childWorkflowId, String parentRunId,
                long initiatedEventId) {
            Optional<ClosedChild> closed = delegate.closedChild(namespace, childWorkflowId, parentRunId,
                    initiatedEventId);
            closed.ifPresent(found -> closedChildrenFound.incrementAndGet());
            return closed;
        }
    }
}
