package io.reprise.transport.grpc.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.DeliveryTargets;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.transport.grpc.ForwardingDeliveryTargets;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.ChildWorkflowOptions;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whole cluster nodes ({@link ClusterEngineNode}: engine in cluster mode, internal gRPC server, router, deliveries
 * between nodes) in one JVM on one PostgreSQL schema, with a 3 s lease: a client on one node, a worker on another and
 * signals through the third run workflows whose runs, and whose children's runs, are spread over all three; a node
 * that leaves in the middle hands its runs over and every workflow still completes, each activity run once.
 */
class ClusterEngineNodePostgresTest {

    static final String NS = NamespaceConfig.DEFAULT_NAMESPACE;
    static final String QUEUE = "cluster-orders";
    static final Duration PATIENCE = Duration.ofMinutes(2);

    @ActivityInterface
    public interface Steps {
        String step(String input);
    }

    @WorkflowInterface
    public interface Order {
        /** An activity, a 1 s timer, a child workflow (with an activity of its own), then waits for {@link #go}. */
        @WorkflowMethod
        String run(String id);

        @SignalMethod
        void go(String note);
    }

    @WorkflowInterface
    public interface Shipment {
        @WorkflowMethod
        String ship(String id);
    }

    static ActivityOptions activityOptions() {
        return ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build();
    }

    public static final class OrderImpl implements Order {
        private String note;

        @Override
        public String run(String id) {
            String paid = Workflow.newActivityStub(Steps.class, activityOptions()).step(id + ":pay");
            Workflow.sleep(Duration.ofSeconds(1));
            String shipped = Workflow.newChildWorkflowStub(Shipment.class).ship(id);
            Workflow.await(() -> note != null);
            return paid + "|" + shipped + "|" + note;
        }

        @Override
        public void go(String note) {
            this.note = note;
        }
    }

    @WorkflowInterface
    public interface Relay {
        /** Runs a {@link Shipment} with Workflow Id {@code childId} and returns what it returned. */
        @WorkflowMethod
        String run(String childId);
    }

    public static final class RelayImpl implements Relay {
        @Override
        public String run(String childId) {
            return "relayed " + Workflow.newChildWorkflowStub(Shipment.class,
                    ChildWorkflowOptions.newBuilder().setWorkflowId(childId).build()).ship(childId);
        }
    }

    public static final class ShipmentImpl implements Shipment {
        @Override
        public String ship(String id) {
            return Workflow.newActivityStub(Steps.class, activityOptions()).step(id + ":ship");
        }
    }

    /** Each activity execution, counted by its input. */
    static final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();

    static final class StepsImpl implements Steps {
        @Override
        public String step(String input) {
            executions.computeIfAbsent(input, k -> new AtomicInteger()).incrementAndGet();
            return input + ":ok";
        }
    }

    private String schema;
    private final Map<String, ClusterEngineNode> nodes = new LinkedHashMap<>();
    private final List<WorkerFactory> factories = new ArrayList<>();

    @BeforeEach
    void freshSchema() {
        schema = PostgresTestDatabase.newSchema();
        executions.clear();
    }

    @AfterEach
    void closeEverything() {
        factories.forEach(WorkerFactory::shutdownNow);
        nodes.values().forEach(ClusterEngineNode::close);
        PostgresTestDatabase.dropSchema(schema);
    }

    @Test
    void aClientOnOneNodeAWorkerOnAnotherAndSignalsThroughTheThirdRunWorkflowsOfEveryNode() throws Exception {
        ClusterEngineNode a = node("a");
        ClusterEngineNode b = node("b");
        ClusterEngineNode c = node("c");
        awaitShardsOwnedBy(List.of(a, b, c));
        worker(b);

        List<String> ids = ids("spread", 24);
        assertThat(ownersOf(a, ids)).as("the runs are spread over the three nodes").containsOnly("a", "b", "c")
                .hasSize(3);
        WorkflowClient client = WorkflowClient.newInstance(a.service());
        ids.forEach(id -> WorkflowClient.start(order(client, id)::run, id));
        WorkflowClient signaller = WorkflowClient.newInstance(c.service());
        ids.forEach(id -> signaller.newWorkflowStub(Order.class, id).go("via-c"));

        for (String id : ids) {
            assertThat(WorkflowStub.fromTyped(client.newWorkflowStub(Order.class, id)).getResult(PATIENCE, String.class))
                    .isEqualTo(id + ":pay:ok|" + id + ":ship:ok|via-c");
        }
        assertEachActivityRanOnce(ids);
        assertHistoriesDense(a, ids);
    }

    @Test
    void aNodeThatLeavesInTheMiddleHandsItsRunsOverAndEveryWorkflowCompletes() throws Exception {
        ClusterEngineNode a = node("a");
        ClusterEngineNode b = node("b");
        ClusterEngineNode c = node("c");
        awaitShardsOwnedBy(List.of(a, b, c));
        worker(a);

        List<String> ids = ids("handover", 30);
        List<String> ofC = ids.stream().filter(id -> owner(a, id).equals("c")).toList();
        assertThat(ofC).as("some runs are node c's").isNotEmpty();
        WorkflowClient client = WorkflowClient.newInstance(a.service());
        ids.forEach(id -> WorkflowClient.start(order(client, id)::run, id));
        // Node c leaves while its runs are in their timer or child (none has had its signal yet).
        nodes.remove("c").close();
        awaitShardsOwnedBy(List.of(a, b));
        ids.forEach(id -> client.newWorkflowStub(Order.class, id).go("after-c"));

        for (String id : ids) {
            assertThat(WorkflowStub.fromTyped(client.newWorkflowStub(Order.class, id)).getResult(PATIENCE, String.class))
                    .isEqualTo(id + ":pay:ok|" + id + ":ship:ok|after-c");
        }
        assertEachActivityRanOnce(ids);
        assertHistoriesDense(b, ids);
    }

    @Test
    void callsAboutTheRunsOfANodeThatJustStoppedWaitForTheirShardsNewOwnersInsteadOfFailing() throws Exception {
        ClusterEngineNode a = node("a");
        ClusterEngineNode b = node("b");
        ClusterEngineNode c = node("c");
        awaitShardsOwnedBy(List.of(a, b, c));
        worker(a);
        List<String> started = ids("before-stop", 12);
        List<String> ofC = started.stream().filter(id -> owner(a, id).equals("c")).toList();
        assertThat(ofC).as("some runs are node c's").isNotEmpty();
        List<String> fresh = ids("after-stop", 12).stream().filter(id -> owner(a, id).equals("c")).toList();
        assertThat(fresh).as("some new runs are of node c's shards").isNotEmpty();
        WorkflowClient client = WorkflowClient.newInstance(a.service());
        started.forEach(id -> WorkflowClient.start(order(client, id)::run, id));

        // Node c stops (a rolling upgrade): its shards have no owner until a and b take them at their next round.
        // Calls about their runs made at once, through node a, wait for that instead of being refused.
        nodes.remove("c").close();
        fresh.forEach(id -> WorkflowClient.start(order(client, id)::run, id));
        ofC.forEach(id -> client.newWorkflowStub(Order.class, id).go("during-move"));

        for (String id : ofC) {
            assertThat(WorkflowStub.fromTyped(client.newWorkflowStub(Order.class, id)).getResult(PATIENCE, String.class))
                    .isEqualTo(id + ":pay:ok|" + id + ":ship:ok|during-move");
        }
        fresh.forEach(id -> client.newWorkflowStub(Order.class, id).go("after-move"));
        for (String id : fresh) {
            assertThat(WorkflowStub.fromTyped(client.newWorkflowStub(Order.class, id)).getResult(PATIENCE, String.class))
                    .isEqualTo(id + ":pay:ok|" + id + ":ship:ok|after-move");
        }
    }

    @Test
    void aChildsCloseItsNodeNeverToldTheParentReachesTheParentOnceTheChildsShardMoves() throws Exception {
        ClusterEngineNode a = node("a");
        WithheldChildCloses withheld = new WithheldChildCloses();
        ClusterEngineNode b = node("b", withheld);
        awaitShardsOwnedBy(List.of(a, b));
        worker(a);
        String parentId = ids("relay", 64).stream().filter(id -> owner(a, id).equals("a")).findFirst().orElseThrow();
        String childId = ids("relayed", 64).stream().filter(id -> owner(a, id).equals("b")).findFirst().orElseThrow();
        WorkflowClient client = WorkflowClient.newInstance(a.service());
        Relay relay = client.newWorkflowStub(Relay.class, WorkflowOptions.newBuilder().setWorkflowId(parentId)
                .setTaskQueue(QUEUE).build());
        WorkflowClient.start(relay::run, childId);

        // Node b committed the child's close, and "stops" before telling the parent, as a node killed right then.
        awaitUntil("the child's close withheld by node b", () -> withheld.count.get() > 0);
        assertThat(a.service().getHistory(NS, parentId, null)).extracting(HistoryEvent::eventType)
                .doesNotContain(EventType.ChildWorkflowExecutionCompleted);
        nodes.remove("b").close();

        assertThat(WorkflowStub.fromTyped(client.newWorkflowStub(Relay.class, parentId)).getResult(PATIENCE,
                String.class)).isEqualTo("relayed " + childId + ":ship:ok");
        assertThat(withheld.count).as("closes node b withheld").hasValue(1);
    }

    // ------------------------------------------------------------ helpers

    /** Node b's deliveries, except that it tells no parent of a child's close (and counts those it withheld). */
    static final class WithheldChildCloses implements UnaryOperator<DeliveryTargets> {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public DeliveryTargets apply(DeliveryTargets delegate) {
            return new ForwardingDeliveryTargets(delegate) {
                @Override
                public void recordChildClosed(EventAttributes.ParentExecution parent, String childFirstRunId,
                        String childRunId, HistoryEvent closeEvent) {
                    count.incrementAndGet();
                }
            };
        }
    }

    private ClusterEngineNode node(String id) {
        return node(id, UnaryOperator.identity());
    }

    private ClusterEngineNode node(String id, UnaryOperator<DeliveryTargets> deliveries) {
        ClusterEngineNode node = ClusterEngineNode.newBuilder(PostgresTestDatabase.dataSource(),
                        PostgresOptions.builder().schema(schema).build())
                .deliveryTargets(deliveries)
                .settings(ClusterSettings.builder().nodeId(id).leaseDuration(Duration.ofSeconds(3))
                        .renewalInterval(Duration.ofSeconds(1)).build())
                .internalAddress("127.0.0.1")
                .internalPort(0)
                .start();
        nodes.put(id, node);
        return node;
    }

    private void worker(ClusterEngineNode node) {
        WorkerFactory factory = WorkerFactory.newInstance(WorkflowClient.newInstance(node.service()));
        Worker worker = factory.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(OrderImpl.class, ShipmentImpl.class, RelayImpl.class);
        worker.registerActivitiesImplementations(new StepsImpl());
        factory.start();
        factories.add(factory);
    }

    private static Order order(WorkflowClient client, String id) {
        return client.newWorkflowStub(Order.class, WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(QUEUE)
                .build());
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i);
        }
        return ids;
    }

    private static String owner(ClusterEngineNode asker, String workflowId) {
        int shard = asker.directory().shardOf(NS, workflowId);
        return asker.directory().ownerOf(shard).orElseThrow().nodeId();
    }

    private static Set<String> ownersOf(ClusterEngineNode asker, List<String> ids) {
        Set<String> owners = new HashSet<>();
        ids.forEach(id -> owners.add(owner(asker, id)));
        return owners;
    }

    /** Waits until every shard is owned by one of {@code live}, and each of them knows every owner. */
    private void awaitShardsOwnedBy(List<ClusterEngineNode> live) {
        Set<String> ids = new HashSet<>();
        live.forEach(n -> ids.add(n.nodeId()));
        awaitUntil("every shard owned by one of " + ids + ", each with a share, and known to all", () -> {
            int shards = live.get(0).directory().shardCount();
            Map<String, Integer> counts = new ConcurrentHashMap<>();
            for (int shard = 0; shard < shards; shard++) {
                int holders = 0;
                for (ClusterEngineNode n : live) {
                    if (n.directory().isLocal(shard)) {
                        holders++;
                        counts.merge(n.nodeId(), 1, Integer::sum);
                    }
                }
                if (holders != 1) {
                    return false;
                }
                for (ClusterEngineNode n : live) {
                    n.directory().refresh();
                    int s = shard;
                    if (n.directory().ownerOf(s).filter(o -> ids.contains(o.nodeId())).isEmpty()) {
                        return false;
                    }
                }
            }
            return counts.keySet().equals(ids);
        });
    }

    private static void assertEachActivityRanOnce(List<String> ids) {
        for (String id : ids) {
            assertThat(executions.get(id + ":pay")).as(id + ":pay").hasValue(1);
            assertThat(executions.get(id + ":ship")).as(id + ":ship").hasValue(1);
        }
    }

    /** Every run's event ids are 1, 2, 3, … with no gap and no repeat, its child's too. */
    private static void assertHistoriesDense(ClusterEngineNode node, List<String> ids) {
        for (String id : ids) {
            for (String workflowId : List.of(id, childIdOf(node, id))) {
                List<HistoryEvent> events = node.service().getHistory(NS, workflowId, null);
                for (int i = 0; i < events.size(); i++) {
                    assertThat(events.get(i).eventId()).as(workflowId + " event " + i).isEqualTo(i + 1L);
                }
            }
        }
    }

    private static String childIdOf(ClusterEngineNode node, String parentId) {
        return node.service().getHistory(NS, parentId, null).stream()
                .filter(e -> e.attributes() instanceof io.reprise.engine.api.EventAttributes.ChildWorkflowExecutionStarted)
                .map(e -> ((io.reprise.engine.api.EventAttributes.ChildWorkflowExecutionStarted) e.attributes())
                        .workflowId())
                .findFirst().orElseThrow(() -> new AssertionError(parentId + " started no child"));
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("Not within " + PATIENCE + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("Interrupted waiting for " + what);
            }
        }
    }
}
