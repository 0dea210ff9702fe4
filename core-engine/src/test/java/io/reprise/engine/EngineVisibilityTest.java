package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memo and search attributes at start and from commands, and listing and counting runs with a visibility
 * query, driven on the engine directly. {@link EngineVisibilityOnSqliteTest} runs the same cases on a SQLite
 * file, where the attributes live in the row's {@code visibility} column.
 */
class EngineVisibilityTest extends EngineTestBase {

    private static final Map<String, SearchAttributeValue> EVERY_TYPE = Map.of(
            "CustomerId", keyword("c-42"),
            "Note", text("Gift wrap, please"),
            "Items", integer(3),
            "Amount", decimal(120.5),
            "Vip", bool(true),
            "Due", dateTime("2026-02-01T00:00:00Z"));


    // ------------------------------------------------------------ start, describe, upsert

    @Test
    void startWithMemoAndEverySearchAttributeTypeIsRecordedDescribedAndListed() {
        Map<String, Payload> memo = Map.of("note", json("\"leave at the door\""), "priority", json("2"));
        engine.startWorkflow(request("order-1", "OrderWorkflow", memo, EVERY_TYPE));

        EventAttributes.WorkflowExecutionStarted started =
                history("order-1").get(0).attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.memo()).isEqualTo(memo);
        assertThat(started.searchAttributes()).isEqualTo(EVERY_TYPE);
        assertThat(started.searchAttributes().keySet())
                .containsExactly("Amount", "CustomerId", "Due", "Items", "Note", "Vip");

        ExecutionDescription description = engine.describeWorkflow(NS, "order-1", null);
        assertThat(description.memo()).isEqualTo(memo);
        assertThat(description.searchAttributes()).isEqualTo(EVERY_TYPE);
        assertThat(description.searchAttributes().get("Due").value())
                .isEqualTo(Instant.parse("2026-02-01T00:00:00Z"));
        assertThat(description.searchAttributes().get("Items").value()).isEqualTo(3L);

        WorkflowExecutionInfo listed = list("", 10, null).executions().get(0);
        assertThat(listed.memo()).isEqualTo(memo);
        assertThat(listed.searchAttributes()).isEqualTo(EVERY_TYPE);
    }

    @Test
    void upsertCommandsChangeWhatListingSeesAndAreRecordedAfterTheTaskCompletion() {
        engine.startWorkflow(request("order-1", "OrderWorkflow", Map.of("note", json("\"v1\"")),
                Map.of("CustomerId", keyword("c-42"), "Coupon", keyword("SPRING"))));
        assertThat(ids("Stage = 'shipped'")).isEmpty();

        complete(pollWorkflowTask(),
                new Command.UpsertWorkflowSearchAttributes(Map.of("Stage", keyword("shipped")), List.of("Coupon")),
                new Command.ModifyWorkflowProperties(Map.of("note", json("\"v2\""), "carrier", json("\"DHL\""))),
                new Command.ModifyWorkflowProperties(Map.of("carrier", Payload.nullValue())));

        List<HistoryEvent> history = history("order-1");
        assertThat(types(history)).containsExactly(EventType.WorkflowExecutionStarted,
                EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted, EventType.WorkflowTaskCompleted,
                EventType.UpsertWorkflowSearchAttributes, EventType.WorkflowPropertiesModified,
                EventType.WorkflowPropertiesModified);
        assertThat(history.get(4).attributes()).isEqualTo(new EventAttributes.UpsertWorkflowSearchAttributes(
                Map.of("Stage", keyword("shipped")), List.of("Coupon"), 4));
        assertThat(history.get(5).attributes()).isEqualTo(new EventAttributes.WorkflowPropertiesModified(
                Map.of("note", json("\"v2\""), "carrier", json("\"DHL\"")), 4));

        assertThat(ids("Stage = 'shipped'")).containsExactly("order-1");
        assertThat(ids("Coupon IS NULL AND CustomerId = 'c-42'")).containsExactly("order-1");
        ExecutionDescription description = engine.describeWorkflow(NS, "order-1", null);
        assertThat(description.searchAttributes())
                .isEqualTo(Map.of("CustomerId", keyword("c-42"), "Stage", keyword("shipped")));
        assertThat(description.memo()).isEqualTo(Map.of("note", json("\"v2\"")));
    }

    @Test
    void memoAndSearchAttributesSurviveARestart() {
        engine.startWorkflow(request("order-1", "OrderWorkflow", Map.of("note", json("\"v1\"")), EVERY_TYPE));
        complete(pollWorkflowTask(),
                new Command.UpsertWorkflowSearchAttributes(Map.of("Items", integer(4)), List.of("Vip")));

        engine.close();
        store = reopenStore();
        engine = newEngine();

        Map<String, SearchAttributeValue> expected = new LinkedHashMap<>(EVERY_TYPE);
        expected.put("Items", integer(4));
        expected.remove("Vip");
        ExecutionDescription description = engine.describeWorkflow(NS, "order-1", null);
        assertThat(description.searchAttributes()).isEqualTo(expected);
        assertThat(description.memo()).isEqualTo(Map.of("note", json("\"v1\"")));
        assertThat(ids("Items = 4 AND Vip IS NULL")).containsExactly("order-1");
    }

    // ------------------------------------------------------------ queries

    @Test
    void queriesOverTheBuiltInAttributesSelectExactlyTheMatchingRuns() {
        fiveRuns();

        assertThat(ids("")).containsExactly("order-4", "order-3", "payment-1", "order-2", "order-1");
        assertThat(ids("WorkflowType = 'OrderWorkflow'")).containsExactly("order-4", "order-3", "order-2", "order-1");
        assertThat(ids("WorkflowType != 'OrderWorkflow'")).containsExactly("payment-1");
        assertThat(ids("WorkflowId = 'payment-1'")).containsExactly("payment-1");
        assertThat(ids("WorkflowId IN ('order-1', 'order-3', 'nope')")).containsExactly("order-3", "order-1");
        assertThat(ids("TaskQueue = 'orders'")).hasSize(5);
        assertThat(ids("ExecutionStatus = 'Running'")).containsExactly("order-2");
        assertThat(ids("ExecutionStatus = 'Completed'")).containsExactly("order-1");
        assertThat(ids("ExecutionStatus = 'Failed'")).containsExactly("payment-1");
        assertThat(ids("ExecutionStatus = 'Terminated'")).containsExactly("order-3");
        assertThat(ids("ExecutionStatus = 'CANCELED'")).containsExactly("order-4");
        assertThat(ids("ExecutionStatus = 'TimedOut'")).isEmpty();
        assertThat(ids("ExecutionStatus IN ('Failed', 'Canceled')")).containsExactly("order-4", "payment-1");
        assertThat(ids("ExecutionStatus != 'Running'")).containsExactly("order-4", "order-3", "payment-1", "order-1");
        assertThat(ids("StartTime >= '2026-01-01T00:02:00Z'")).containsExactly("order-4", "order-3", "payment-1");
        assertThat(ids("StartTime BETWEEN '2026-01-01T00:01:00Z' AND '2026-01-01T00:03:00Z'"))
                .containsExactly("order-3", "payment-1", "order-2");
        assertThat(ids("StartTime < '2026-01-01'")).isEmpty();
        assertThat(ids("CloseTime < '2026-01-01T00:03:00Z'")).containsExactly("payment-1", "order-1");
        assertThat(ids("CloseTime > '2026-01-01T00:03:00Z'")).containsExactly("order-4", "order-3");
        assertThat(ids("CloseTime IS NULL")).containsExactly("order-2");
    }

    @Test
    void queriesOverEachCustomTypeCompareByTheStoredType() {
        fiveRuns();

        assertThat(ids("CustomerId = 'c-42'")).containsExactly("order-4", "payment-1", "order-1");
        assertThat(ids("CustomerId STARTS_WITH 'c-4'")).containsExactly("order-4", "payment-1", "order-1");
        assertThat(ids("CustomerId IS NULL")).containsExactly("order-3");
        assertThat(ids("Note = 'please GIFT'")).containsExactly("order-1");
        assertThat(ids("Note = 'gift card'")).isEmpty();
        assertThat(ids("Items BETWEEN 2 AND 10")).containsExactly("order-4", "order-1");
        assertThat(ids("Items >= 7")).containsExactly("order-4");
        assertThat(ids("Amount > 100")).containsExactly("order-1");
        assertThat(ids("Amount <= 99")).containsExactly("payment-1", "order-2");
        assertThat(ids("Amount = 15.25")).containsExactly("payment-1");
        assertThat(ids("Vip = true")).containsExactly("order-1");
        assertThat(ids("Vip = false")).containsExactly("order-2");
        assertThat(ids("Due < '2026-01-20'")).containsExactly("order-2");
        assertThat(ids("Due >= '2026-01-20T00:00:00Z'")).containsExactly("order-1");
    }

    @Test
    void andOrAndNotCombinePredicates() {
        fiveRuns();

        assertThat(ids("WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Running' AND CustomerId = 'c-7'"))
                .containsExactly("order-2");
        assertThat(ids("(CustomerId = 'c-42' AND Items > 5) OR WorkflowType = 'PaymentWorkflow'"))
                .containsExactly("order-4", "payment-1");
        assertThat(ids("CustomerId = 'c-42' AND (Items > 5 OR WorkflowType = 'PaymentWorkflow')"))
                .containsExactly("order-4", "payment-1");
        assertThat(ids("Vip = true OR ExecutionStatus = 'Terminated'")).containsExactly("order-3", "order-1");
        // A run without CustomerId matches neither the predicate nor its negation.
        assertThat(ids("NOT CustomerId = 'c-42'")).containsExactly("order-2");
    }

    @Test
    void theStatusFilterAndTheQueryBothApply() {
        fiveRuns();

        assertThat(ids(list(WorkflowExecutionStatus.COMPLETED, "CustomerId = 'c-42'", 10, null)))
                .containsExactly("order-1");
        assertThat(ids(list(WorkflowExecutionStatus.RUNNING, "ExecutionStatus = 'Completed'", 10, null))).isEmpty();
        assertThat(ids(list(WorkflowExecutionStatus.FAILED, null, 10, null))).containsExactly("payment-1");
    }

    @Test
    void countCountsTheMatchingRuns() {
        fiveRuns();

        assertThat(engine.countExecutions(NS, null)).isEqualTo(5);
        assertThat(engine.countExecutions(NS, "CustomerId = 'c-42'")).isEqualTo(3);
        assertThat(engine.countExecutions(NS, "ExecutionStatus = 'Running'")).isEqualTo(1);
        assertThat(engine.countExecutions(NS, "ExecutionStatus != 'Running' AND Amount > 0")).isEqualTo(2);
        assertThat(engine.countExecutions("other-namespace", "")).isZero();
    }

    // ------------------------------------------------------------ paging

    @Test
    void pagesOfAQueryAreNewestFirstWithExactIds() {
        for (int i = 1; i <= 7; i++) {
            Map<String, SearchAttributeValue> attributes =
                    i % 2 == 0 ? Map.of("CustomerId", keyword("c-42")) : Map.of();
            engine.startWorkflow(request("run-" + i, i % 3 == 0 ? "PaymentWorkflow" : "OrderWorkflow", Map.of(),
                    attributes));
            clock.advance(Duration.ofSeconds(1));
        }
        String query = "WorkflowType = 'OrderWorkflow' OR CustomerId = 'c-42'"; // all but run-3

        ListExecutionsResponse first = list(null, query, 2, null);
        assertThat(ids(first)).containsExactly("run-7", "run-6");
        ListExecutionsResponse second = list(null, query, 2, first.nextPageToken());
        assertThat(ids(second)).containsExactly("run-5", "run-4");
        ListExecutionsResponse third = list(null, query, 2, second.nextPageToken());
        assertThat(ids(third)).containsExactly("run-2", "run-1");
        assertThat(third.nextPageToken()).isNull();

        ListExecutionsResponse customers = list(null, "CustomerId = 'c-42'", 3, null);
        assertThat(ids(customers)).containsExactly("run-6", "run-4", "run-2");
        assertThat(customers.nextPageToken()).isNull();
    }

    @Test
    void aPageIsFilledFromRowsBeyondOneScanChunk() {
        for (int i = 1; i <= 520; i++) {
            Map<String, SearchAttributeValue> attributes =
                    i == 1 || i == 520 ? Map.of("Rare", bool(true)) : Map.of();
            engine.startWorkflow(request(String.format("run-%03d", i), "OrderWorkflow", Map.of(), attributes));
            clock.advance(Duration.ofMillis(1));
        }

        ListExecutionsResponse first = list(null, "Rare = true", 1, null);
        assertThat(ids(first)).containsExactly("run-520");
        assertThat(first.nextPageToken()).isNotNull();
        ListExecutionsResponse second = list(null, "Rare = true", 1, first.nextPageToken());
        assertThat(ids(second)).containsExactly("run-001");
        assertThat(second.nextPageToken()).isNull();
        assertThat(engine.countExecutions(NS, "Rare = true")).isEqualTo(2);
        assertThat(engine.countExecutions(NS, "")).isEqualTo(520);
    }

    // ------------------------------------------------------------ bad input

    @Test
    void aBadQueryIsRefusedNamingThePosition() {
        fiveRuns();

        assertThatThrownBy(() -> list(null, "WorkflowType = 'Order' AND", 10, null))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage("Invalid query at position 26: expected an attribute name, NOT or '(' but found end of"
                        + " query (query: WorkflowType = 'Order' AND)");
        assertThatThrownBy(() -> engine.countExecutions(NS, "ExecutionStatus = 'Sleeping'"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessageStartingWith("Invalid query at position 18: expected an execution status (Running, "
                        + "Completed, Failed, TimedOut, Canceled, Terminated, ContinuedAsNew) for ExecutionStatus but found");
    }

    @Test
    void badSearchAttributesAtStartAreRefusedAndStartNothing() {
        assertStartRefused(Map.of("WorkflowId", keyword("x")), "WorkflowOptions.typedSearchAttributes: Search "
                + "attribute name \"WorkflowId\" is reserved for a built-in attribute; choose another name (reserved: "
                + "BinaryChecksums, BuildIds, CloseTime, ExecutionDuration, ExecutionStatus, ExecutionTime, "
                + "HistoryLength, HistorySizeBytes, NamespaceId, ParentRunId, ParentWorkflowId, RootRunId, "
                + "RootWorkflowId, RunId, StartTime, StateTransitionCount, TaskQueue, TemporalChangeVersion, "
                + "WorkflowId, WorkflowType)");
        assertStartRefused(Map.of("customer-id", keyword("x")), "WorkflowOptions.typedSearchAttributes: Search "
                + "attribute name \"customer-id\" is not an identifier: use letters, digits and '_', starting with a "
                + "letter or '_' (e.g. \"CustomerId\")");
        assertStartRefused(Map.of("Notes", text("x".repeat(2049))), "WorkflowOptions.typedSearchAttributes: the "
                + "value of search attribute \"Notes\" is 2049 bytes, over the limit of 2048 bytes");
        assertStartRefused(Map.of("CustomerId", keyword("c-\u00001")), "WorkflowOptions.typedSearchAttributes: the"
                + " value of search attribute \"CustomerId\" contains the character U+0000 at index 2, which a search"
                + " attribute cannot hold; remove it");
        assertStartRefused(Map.of("Amount", decimal(Double.NaN)), "WorkflowOptions.typedSearchAttributes: the "
                + "value of search attribute \"Amount\" is NaN; a DOUBLE search attribute must be a finite number");
        Map<String, SearchAttributeValue> tooMany = new LinkedHashMap<>();
        for (int i = 0; i < 101; i++) {
            tooMany.put("A" + i, integer(i));
        }
        assertStartRefused(tooMany, "WorkflowOptions.typedSearchAttributes: a run may have at most 100 search "
                + "attributes, these are 101");
    }

    @Test
    void aMemoOverThePayloadLimitIsRefusedAndStartsNothing() {
        Payload big = new Payload(Payload.ENCODING_JSON, new byte[options().getMaxPayloadSize() / 2 + 1]);
        assertThatThrownBy(() -> engine.startWorkflow(request("order-1", "OrderWorkflow",
                Map.of("a", big, "b", big), Map.of())))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage("WorkflowOptions.memo is " + (2 * big.size()) + " bytes in all, over the limit of "
                        + options().getMaxPayloadSize() + " bytes (EngineOptions.maxPayloadSize); keep large data "
                        + "elsewhere and a reference in the memo");
        assertThat(engine.countExecutions(NS, "")).isZero();
    }

    @Test
    void aBadUpsertCommandIsRefusedAndChangesNothing() {
        engine.startWorkflow(request("order-1", "OrderWorkflow", Map.of(), Map.of("CustomerId", keyword("c-42"))));
        WorkflowTask task = pollWorkflowTask();
        List<HistoryEvent> before = history("order-1");

        assertThatThrownBy(() -> complete(task,
                new Command.UpsertWorkflowSearchAttributes(Map.of("Stage", keyword("packed")), List.of()),
                new Command.UpsertWorkflowSearchAttributes(Map.of("Bad Name", keyword("x")), List.of())))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage("command 1 (UpsertWorkflowSearchAttributes [Bad Name]): upserted search attributes: "
                        + "Search attribute name \"Bad Name\" is not an identifier: use letters, digits and '_', "
                        + "starting with a letter or '_' (e.g. \"CustomerId\")");
        assertThatThrownBy(() -> complete(task, new Command.UpsertWorkflowSearchAttributes(
                Map.of("Stage", keyword("packed")), List.of("Stage"))))
                .hasMessage("command 0 (UpsertWorkflowSearchAttributes [Stage] unset [Stage]): upserted search "
                        + "attributes: search attribute \"Stage\" is both set and unset; do one of the two");

        assertThat(history("order-1")).isEqualTo(before);
        assertThat(engine.describeWorkflow(NS, "order-1", null).searchAttributes())
                .isEqualTo(Map.of("CustomerId", keyword("c-42")));
        assertThat(ids("Stage = 'packed'")).isEmpty();
    }

    // ------------------------------------------------------------ fixtures

    /**
     * Five runs a minute apart from T0, newest first: order-4 (canceled), order-3 (terminated, no search
     * attributes), payment-1 (failed), order-2 (running), order-1 (completed).
     */
    private void fiveRuns() {
        engine.startWorkflow(request("order-1", "OrderWorkflow", Map.of(), EVERY_TYPE));
        WorkflowTask task = pollWorkflowTask();
        clock.advance(Duration.ofSeconds(5)); // within the workflow task's 10 s timeout
        complete(task, new Command.CompleteWorkflowExecution(json("\"done\"")));

        clock.advanceTo(T0.plus(Duration.ofMinutes(1)));
        engine.startWorkflow(request("order-2", "OrderWorkflow", Map.of(), Map.of("CustomerId", keyword("c-7"),
                "Amount", decimal(99.0), "Items", integer(1), "Vip", bool(false),
                "Due", dateTime("2026-01-15T00:00:00Z"))));
        complete(pollWorkflowTask());

        clock.advanceTo(T0.plus(Duration.ofMinutes(2)));
        engine.startWorkflow(request("payment-1", "PaymentWorkflow", Map.of(),
                Map.of("CustomerId", keyword("c-42"), "Amount", decimal(15.25))));
        task = pollWorkflowTask();
        clock.advance(Duration.ofSeconds(5));
        complete(task, new Command.FailWorkflowExecution(failure("Declined")));

        clock.advanceTo(T0.plus(Duration.ofMinutes(3)));
        engine.startWorkflow(request("order-3", "OrderWorkflow", Map.of(), Map.of()));
        complete(pollWorkflowTask());
        clock.advance(Duration.ofSeconds(30));
        engine.terminateWorkflow(NS, "order-3", null, "test", List.of(), "client-1");

        clock.advanceTo(T0.plus(Duration.ofMinutes(4)));
        engine.startWorkflow(request("order-4", "OrderWorkflow", Map.of(),
                Map.of("CustomerId", keyword("c-42"), "Items", integer(7))));
        complete(pollWorkflowTask());
        engine.requestCancelWorkflow(NS, "order-4", null, "test", "client-1");
        clock.advance(Duration.ofSeconds(20));
        complete(pollWorkflowTask(), new Command.CancelWorkflowExecution(List.of()));
    }

    private void assertStartRefused(Map<String, SearchAttributeValue> attributes, String message) {
        assertThatThrownBy(() -> engine.startWorkflow(request("order-1", "OrderWorkflow", Map.of(), attributes)))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT))
                .hasMessage(message);
        assertThat(engine.countExecutions(NS, "")).isZero();
        assertThatThrownBy(() -> engine.describeWorkflow(NS, "order-1", null))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }

    static StartWorkflowRequest request(String workflowId, String workflowType, Map<String, Payload> memo,
            Map<String, SearchAttributeValue> searchAttributes) {
        return new StartWorkflowRequest(NS, workflowId, workflowType, QUEUE, List.of(json("1")), null, null, null,
                "client-1", null, memo, searchAttributes);
    }

    private ListExecutionsResponse list(WorkflowExecutionStatus status, String query, int pageSize, String token) {
        return engine.listExecutions(new ListExecutionsRequest(NS, status, pageSize, token, query));
    }

    private ListExecutionsResponse list(String query, int pageSize, String token) {
        return list(null, query, pageSize, token);
    }

    /** The Workflow Ids of every run the query matches, newest first, in pages of 2 (so paging is exercised). */
    private List<String> ids(String query) {
        List<String> ids = new java.util.ArrayList<>();
        String token = null;
        do {
            ListExecutionsResponse page = list(query, 2, token);
            ids.addAll(ids(page));
            token = page.nextPageToken();
        } while (token != null);
        return ids;
    }

    private static List<String> ids(ListExecutionsResponse page) {
        return page.executions().stream().map(e -> e.execution().workflowId()).toList();
    }

    static SearchAttributeValue keyword(String value) {
        return new SearchAttributeValue(SearchAttributeType.KEYWORD, value);
    }

    static SearchAttributeValue text(String value) {
        return new SearchAttributeValue(SearchAttributeType.TEXT, value);
    }

    static SearchAttributeValue integer(long value) {
        return new SearchAttributeValue(SearchAttributeType.INT, value);
    }

    static SearchAttributeValue decimal(double value) {
        return new SearchAttributeValue(SearchAttributeType.DOUBLE, value);
    }

    static SearchAttributeValue bool(boolean value) {
        return new SearchAttributeValue(SearchAttributeType.BOOL, value);
    }

    static SearchAttributeValue dateTime(String value) {
        return new SearchAttributeValue(SearchAttributeType.DATETIME, Instant.parse(value));
    }
}
