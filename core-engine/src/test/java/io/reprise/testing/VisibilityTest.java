package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowExecutionDescription;
import io.reprise.client.WorkflowExecutionMetadata;
import io.reprise.client.WorkflowExecutionPage;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.SearchAttributeKey;
import io.reprise.common.SearchAttributes;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.worker.NonDeterministicException;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Memo and typed search attributes through the public API: options, workflow code, describe, list and count. */
class VisibilityTest {

    static final String QUEUE = "visibility";
    static final SearchAttributeKey<String> CUSTOMER_ID = SearchAttributeKey.forKeyword("CustomerId");
    static final SearchAttributeKey<String> NOTE = SearchAttributeKey.forText("Note");
    static final SearchAttributeKey<Long> ITEMS = SearchAttributeKey.forLong("Items");
    static final SearchAttributeKey<Double> AMOUNT = SearchAttributeKey.forDouble("Amount");
    static final SearchAttributeKey<Boolean> VIP = SearchAttributeKey.forBoolean("Vip");
    static final SearchAttributeKey<OffsetDateTime> DUE = SearchAttributeKey.forOffsetDateTime("Due");
    static final SearchAttributeKey<String> STAGE = SearchAttributeKey.forKeyword("Stage");
    static final SearchAttributeKey<Long> BATCH = SearchAttributeKey.forLong("Batch");

    static final SearchAttributes EVERY_TYPE = SearchAttributes.newBuilder()
            .set(CUSTOMER_ID, "c-42")
            .set(NOTE, "Gift wrap, please")
            .set(ITEMS, 3L)
            .set(AMOUNT, 120.5)
            .set(VIP, true)
            .set(DUE, OffsetDateTime.parse("2026-02-01T10:00:00+02:00"))
            .build();

    @WorkflowInterface
    public interface OrderFlow {
        @WorkflowMethod
        String process();

        @SignalMethod
        void ship();
    }

    /** Reads what it started with, upserts, waits for {@code ship}, upserts again. */
    public static final class OrderFlowImpl implements OrderFlow {
        private boolean shipped;

        @Override
        public String process() {
            SearchAttributes start = Workflow.getTypedSearchAttributes();
            String seen = start.get(CUSTOMER_ID) + "," + start.get(ITEMS) + "," + start.get(VIP) + ","
                    + Workflow.getMemo("note", String.class);
            Workflow.upsertTypedSearchAttributes(STAGE.valueSet("packed"), VIP.valueUnset());
            Map<String, Object> memo = new HashMap<>();
            memo.put("note", "packed");
            memo.put("gift", null);
            Workflow.upsertMemo(memo);
            SearchAttributes now = Workflow.getTypedSearchAttributes();
            String after = now.get(STAGE) + "," + now.containsKey(VIP) + "," + Workflow.getMemo("note", String.class)
                    + "," + Workflow.getMemo("gift", Boolean.class);
            Workflow.await(() -> shipped);
            Workflow.upsertTypedSearchAttributes(STAGE.valueSet("shipped"));
            return seen + " | " + after;
        }

        @Override
        public void ship() {
            shipped = true;
        }
    }

    /** Changed code: upserts another attribute where the recorded run upserted Stage and Vip. */
    public static final class OrderFlowChanged implements OrderFlow {
        private boolean shipped;

        @Override
        public String process() {
            Workflow.upsertTypedSearchAttributes(ITEMS.valueSet(4L));
            Workflow.await(() -> shipped);
            return "changed";
        }

        @Override
        public void ship() {
            shipped = true;
        }
    }

    @WorkflowInterface
    public interface Oversized {
        @WorkflowMethod
        String run();
    }

    /** Tries an upsert that breaks the value limit, and reports what it was told. */
    public static final class OversizedImpl implements Oversized {
        @Override
        public String run() {
            try {
                Workflow.upsertTypedSearchAttributes(STAGE.valueSet("x".repeat(3000)));
                return "accepted";
            } catch (IllegalArgumentException e) {
                return e.getMessage() + " / Stage=" + Workflow.getTypedSearchAttributes().get(STAGE);
            }
        }
    }

    // The tests that need a worker start it; the others look at runs no worker has touched.
    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(OrderFlowImpl.class, OversizedImpl.class)
            .setTaskQueue(QUEUE)
            .setDoNotStart(true)
            .build();

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp(TestWorkflowEnvironment env, WorkflowClient client) {
        this.env = env;
        this.client = client;
    }

    private static WorkflowOptions.Builder options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId);
    }

    @Test
    void describeAndListShowTheMemoAndEverySearchAttributeTypeTheRunStartedWith() {
        // No worker polls "Idle": the run stays as it started.
        client.newUntypedWorkflowStub("Idle", options("order-1").setMemo(Map.of("note", "leave at the door",
                "priority", 2)).setTypedSearchAttributes(EVERY_TYPE).build()).start();

        WorkflowExecutionDescription description = client.describe("order-1");
        assertThat(description.getMemo("note", String.class)).isEqualTo("leave at the door");
        assertThat(description.getMemo("priority", Integer.class)).isEqualTo(2);
        assertThat(description.getMemo("absent", String.class)).isNull();
        assertThat(description.memo().keys()).containsExactlyInAnyOrder("note", "priority");
        SearchAttributes attributes = description.typedSearchAttributes();
        assertThat(attributes.get(CUSTOMER_ID)).isEqualTo("c-42");
        assertThat(attributes.get(NOTE)).isEqualTo("Gift wrap, please");
        assertThat(attributes.get(ITEMS)).isEqualTo(3L);
        assertThat(attributes.get(AMOUNT)).isEqualTo(120.5);
        assertThat(attributes.get(VIP)).isTrue();
        assertThat(attributes.get(DUE)).isEqualTo(OffsetDateTime.parse("2026-02-01T08:00:00Z"));
        assertThat(attributes).isEqualTo(SearchAttributes.newBuilder(EVERY_TYPE)
                .set(DUE, OffsetDateTime.parse("2026-02-01T08:00:00Z")).build());
        // A key of another type under the same name reads nothing.
        assertThat(attributes.get(SearchAttributeKey.forLong("CustomerId"))).isNull();

        WorkflowExecutionMetadata listed = client.listExecutions("CustomerId = 'c-42' AND Vip = true").findFirst()
                .orElseThrow();
        assertThat(listed.execution().workflowId()).isEqualTo("order-1");
        assertThat(listed.workflowType()).isEqualTo("Idle");
        assertThat(listed.status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(listed.typedSearchAttributes()).isEqualTo(attributes);
        assertThat(listed.getMemo("note", String.class)).isEqualTo("leave at the door");
        for (String query : List.of("Note = 'please'", "Items = 3", "Amount BETWEEN 120 AND 121",
                "Due = '2026-02-01T08:00:00Z'", "CustomerId STARTS_WITH 'c-'")) {
            assertThat(client.countExecutions(query)).as(query).isEqualTo(1);
        }
    }

    @Test
    void upsertsFromWorkflowCodeAreSeenAtOnceByTheCodeAndByQueriesOnceTheTaskCompletes() throws Exception {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("OrderFlow", options("order-1")
                .setMemo(Map.of("note", "fragile", "gift", true))
                .setTypedSearchAttributes(SearchAttributes.newBuilder().set(CUSTOMER_ID, "c-42").set(ITEMS, 3L)
                        .set(VIP, true).build())
                .build());
        stub.start();
        awaitTrue(() -> client.countExecutions("Stage = 'packed'") == 1);

        assertThat(ids("Stage = 'packed' AND Vip IS NULL AND CustomerId = 'c-42'")).containsExactly("order-1");
        WorkflowExecutionDescription packed = client.describe("order-1");
        assertThat(packed.getMemo("note", String.class)).isEqualTo("packed");
        assertThat(packed.memo().keys()).containsExactly("note");
        assertThat(packed.typedSearchAttributes()).isEqualTo(SearchAttributes.newBuilder()
                .set(CUSTOMER_ID, "c-42").set(ITEMS, 3L).set(STAGE, "packed").build());

        stub.signal("ship");
        assertThat(stub.getResult(String.class)).isEqualTo("c-42,3,true,fragile | packed,false,packed,null");

        assertThat(ids("Stage = 'shipped' AND ExecutionStatus = 'Completed'")).containsExactly("order-1");
        assertThat(client.countExecutions("Stage = 'packed'")).isZero();
        WorkflowHistory history = client.fetchHistory("order-1");
        List<EventAttributes.UpsertWorkflowSearchAttributes> upserts = EngineHistory.events(history).stream()
                .map(HistoryEvent::attributes)
                .filter(EventAttributes.UpsertWorkflowSearchAttributes.class::isInstance)
                .map(EventAttributes.UpsertWorkflowSearchAttributes.class::cast).toList();
        assertThat(upserts).extracting(EventAttributes.UpsertWorkflowSearchAttributes::unset)
                .containsExactly(List.of("Vip"), List.of());
        assertThat(upserts).extracting(u -> u.searchAttributes().get("Stage").value())
                .containsExactly("packed", "shipped");
        assertThat(EngineHistory.events(history)).extracting(HistoryEvent::eventType)
                .containsOnlyOnce(EventType.WorkflowPropertiesModified);

        WorkflowReplayer.replayWorkflowExecution(WorkflowHistory.fromJson(history.toJson()), OrderFlowImpl.class);
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, OrderFlowChanged.class))
                .isInstanceOf(NonDeterministicException.class)
                .hasMessageContaining("History has event #5 UpsertWorkflowSearchAttributes where the workflow code "
                        + "produced UpsertWorkflowSearchAttributes(set=[Items], unset=[])");
    }

    @Test
    void anUpsertOverTheLimitFailsInTheWorkflowCodeAndChangesNothing() {
        env.start();
        WorkflowStub stub = client.newUntypedWorkflowStub("Oversized", options("big").build());
        stub.start();

        assertThat(stub.getResult(String.class)).isEqualTo("Workflow.upsertTypedSearchAttributes: the value of "
                + "search attribute \"Stage\" is 3000 bytes, over the limit of 2048 bytes / Stage=null");
        assertThat(EngineHistory.events(client.fetchHistory("big"))).extracting(HistoryEvent::eventType)
                .doesNotContain(EventType.UpsertWorkflowSearchAttributes);
        assertThat(client.describe("big").typedSearchAttributes()).isEqualTo(SearchAttributes.EMPTY);
    }

    @Test
    void listingPagesThroughEveryMatchingRunAndCountsThem() {
        // All start at the same test-clock instant: newest first then orders by Workflow Id, descending.
        for (int i = 0; i < 105; i++) {
            client.newUntypedWorkflowStub("Idle", options(String.format("run-%03d", i))
                    .setTypedSearchAttributes(SearchAttributes.newBuilder().set(BATCH, (long) i).build()).build())
                    .start();
        }
        List<String> expected = IntStream.iterate(104, i -> i >= 2, i -> i - 1)
                .mapToObj(i -> String.format("run-%03d", i)).toList();

        assertThat(client.listExecutions("Batch >= 2").map(m -> m.execution().workflowId()).toList())
                .isEqualTo(expected);
        assertThat(client.countExecutions("Batch >= 2")).isEqualTo(103);
        assertThat(client.countExecutions("")).isEqualTo(105);

        WorkflowExecutionPage first = client.listExecutions("Batch >= 2", 50, null);
        WorkflowExecutionPage second = client.listExecutions("Batch >= 2", 50, first.nextPageToken());
        WorkflowExecutionPage third = client.listExecutions("Batch >= 2", 50, second.nextPageToken());
        assertThat(pageIds(first)).isEqualTo(expected.subList(0, 50));
        assertThat(pageIds(second)).isEqualTo(expected.subList(50, 100));
        assertThat(pageIds(third)).containsExactly("run-004", "run-003", "run-002");
        assertThat(third.nextPageToken()).isNull();
    }

    @Test
    void closedStatusesIncludingTimedOutCanBeQueried() {
        client.newUntypedWorkflowStub("Idle", options("times-out")
                .setWorkflowRunTimeout(Duration.ofMinutes(1)).build()).start();
        client.newUntypedWorkflowStub("Idle", options("terminated").build()).start();
        client.newUntypedWorkflowStub("terminated").terminate("test");
        client.newUntypedWorkflowStub("Idle", options("running").build()).start();
        env.sleep(Duration.ofMinutes(2));

        assertThat(ids("ExecutionStatus = 'TimedOut'")).containsExactly("times-out");
        assertThat(ids("ExecutionStatus = 'Terminated'")).containsExactly("terminated");
        assertThat(ids("ExecutionStatus = 'Running'")).containsExactly("running");
        assertThat(ids("CloseTime IS NOT NULL")).containsExactlyInAnyOrder("times-out", "terminated");
    }

    @Test
    void aBadQueryIsAnIllegalArgumentExceptionNamingThePosition() {
        String message = "Invalid query at position 13: expected a value after '=' but found end of query "
                + "(query: CustomerId = )";
        assertThatThrownBy(() -> client.listExecutions("CustomerId = ", 10, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> client.listExecutions("CustomerId = "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
        assertThatThrownBy(() -> client.countExecutions("CustomerId = "))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @Test
    void badSearchAttributeNamesAndValuesAreRefusedClearlyAndStartNothing() {
        assertThatThrownBy(() -> SearchAttributeKey.forKeyword("WorkflowType"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Search attribute name \"WorkflowType\" is reserved for a built-in attribute;"
                        + " choose another name (reserved: ");
        assertThatThrownBy(() -> SearchAttributeKey.forLong("2fast"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Search attribute name \"2fast\" is not an identifier: use letters, digits and '_', "
                        + "starting with a letter or '_' (e.g. \"CustomerId\")");
        assertThatThrownBy(() -> SearchAttributes.newBuilder().set(AMOUNT, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value of search attribute Amount is NaN; a double search attribute must be a finite"
                        + " number");
        assertThatThrownBy(() -> SearchAttributes.newBuilder().set(CUSTOMER_ID, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The value of search attribute CustomerId is null; use unset (or valueUnset()) to remove "
                        + "an attribute");

        WorkflowStub tooLong = client.newUntypedWorkflowStub("Idle", options("order-1")
                .setTypedSearchAttributes(SearchAttributes.newBuilder().set(CUSTOMER_ID, "c".repeat(3000)).build())
                .build());
        assertThatThrownBy(tooLong::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WorkflowOptions.typedSearchAttributes: the value of search attribute \"CustomerId\" is "
                        + "3000 bytes, over the limit of 2048 bytes");
        WorkflowStub bigMemo = client.newUntypedWorkflowStub("Idle", options("order-1")
                .setMemo(Map.of("blob", "x".repeat(WorkflowClient.MAX_PAYLOAD_SIZE))).build());
        assertThatThrownBy(bigMemo::start)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Payload too large: WorkflowOptions.memo \"blob\" is 2097154 bytes, over the "
                        + "limit of 2097152 bytes");
        assertThat(client.countExecutions("")).isZero();
    }

    private List<String> ids(String query) {
        return client.listExecutions(query).map(m -> m.execution().workflowId()).toList();
    }

    private static List<String> pageIds(WorkflowExecutionPage page) {
        return page.executions().stream().map(e -> e.execution().workflowId()).toList();
    }

    /** Waits (real time, for the worker thread) until {@code condition} holds. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within 10 s").isLessThan(deadline);
            Thread.sleep(2);
        }
    }
}
