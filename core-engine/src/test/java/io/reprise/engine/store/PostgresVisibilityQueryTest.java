package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.visibility.VisibilityAttributes;
import io.reprise.engine.visibility.VisibilityQuery;
import io.reprise.engine.visibility.VisibilityRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Visibility queries compiled to SQL select exactly the runs the Java evaluator matches: each query runs
 * against the same runs (of every status, with search attributes of every type, some missing) in
 * PostgreSQL and in {@link VisibilityQuery#matches}, and the two answers must be equal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresVisibilityQueryTest {

    private static final long T = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();

    private String schema;
    private JdbcExecutionStore store;
    private final List<ExecutionRow> rows = new ArrayList<>();

    @BeforeAll
    void storeRuns() {
        schema = PostgresTestDatabase.newSchema();
        store = JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build());
        String[] statuses = {"RUNNING", "COMPLETED", "FAILED", "TIMED_OUT", "CANCELED"};
        for (int i = 0; i < 30; i++) {
            Map<String, SearchAttributeValue> attributes = new LinkedHashMap<>();
            if (i % 3 != 0) {
                attributes.put("Customer", new SearchAttributeValue(SearchAttributeType.KEYWORD, "cust-" + (i % 4)));
            }
            if (i % 4 != 1) {
                attributes.put("Amount", i % 2 == 0 ? new SearchAttributeValue(SearchAttributeType.INT, (long) i * 10)
                        : new SearchAttributeValue(SearchAttributeType.DOUBLE, i * 10.5));
            }
            if (i % 5 == 2) {
                attributes.put("Amount", new SearchAttributeValue(SearchAttributeType.KEYWORD, "lots"));
            }
            if (i % 2 == 1) {
                attributes.put("Vip", new SearchAttributeValue(SearchAttributeType.BOOL, i % 3 == 1));
            }
            if (i % 3 == 2) {
                attributes.put("Note", new SearchAttributeValue(SearchAttributeType.TEXT, "Rush order, gift-wrap #" + i));
            }
            if (i % 4 == 3) {
                attributes.put("Due", new SearchAttributeValue(SearchAttributeType.DATETIME,
                        Instant.ofEpochMilli(T + i * 3_600_000L).plusNanos(500)));
            }
            String status = statuses[i % statuses.length];
            long start = T + (i - 15) * 60_000L;
            ExecutionRow row = new ExecutionRow(new ExecutionKey("default", "order-" + i, "run-" + i),
                    i % 2 == 0 ? "OrderWorkflow" : "RefundWorkflow", "orders", status, start,
                    status.equals("RUNNING") ? null : start + 30_000, null, 1, 1, bytes("s"),
                    VisibilityAttributes.of(attributes, Map.of()).encode());
            store.commit(new Transition(row, 0, null));
            rows.add(row);
        }
    }

    @AfterAll
    void dropTheSchema() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "WorkflowType = 'OrderWorkflow'", "WorkflowType != 'OrderWorkflow'", "WorkflowId < 'order-2'",
        "WorkflowId STARTS_WITH 'order-1'", "RunId IN ('run-1', 'run-7', 'run-99')", "TaskQueue = 'orders'",
        "ExecutionStatus = 'Running'", "ExecutionStatus != 'Running'", "ExecutionStatus IN ('Failed', 'TimedOut')",
        "StartTime > '2026-11-22T10:00:00Z'", "StartTime <= '2026-11-22T10:00:00Z'",
        "StartTime BETWEEN '2026-11-22T09:55:00Z' AND '2026-11-22T10:05:00Z'", "StartTime = '2026-11-22T10:00:00Z'",
        "StartTime = '2026-11-22T10:00:00.0005Z'", "StartTime != '2026-11-22T10:00:00.0005Z'",
        "CloseTime IS NULL", "CloseTime IS NOT NULL", "CloseTime < '2026-11-22T10:00:00Z'",
        "NOT CloseTime > '2026-11-22T10:00:00Z'", "CloseTime != '2026-11-22T10:00:00.0005Z'",
        "Customer = 'cust-1'", "Customer != 'cust-1'", "NOT Customer = 'cust-1'", "Customer IS NULL",
        "Customer IS NOT NULL", "Customer > 'cust-1'", "Customer STARTS_WITH 'cust'", "Customer IN ('cust-1', 'cust-3')",
        "Customer NOT IN ('cust-1', 'cust-3')", "Customer = 5",
        "Amount > 100", "Amount >= 105", "Amount = 105", "Amount = '120'", "Amount != 120", "Amount < 'abc'",
        "Amount BETWEEN 50 AND 150.5", "NOT Amount BETWEEN 50 AND 150.5", "Amount = 'lots'", "Amount STARTS_WITH 'lo'",
        "Vip = true", "Vip != true", "Vip = 'TRUE'", "Vip > false", "NOT Vip = false",
        "Note = 'rush'", "Note = 'GIFT wrap'", "Note != 'gift'", "Note = 'rush express'", "Note > 'a'",
        "Due > '2026-11-22T12:00:00Z'", "Due <= '2026-11-23'", "Due = '2026-11-22'", "Due IS NULL",
        "Missing = 1", "NOT Missing = 1", "Missing IS NULL",
        "Customer = 'cust-1' OR Amount > 200", "NOT (Customer = 'cust-1' OR Amount > 200)",
        "WorkflowType = 'OrderWorkflow' AND ExecutionStatus = 'Completed' AND Amount > 50",
        "(Vip = true OR Note = 'rush') AND NOT ExecutionStatus = 'Running'",
        "Customer = 'cust-2' AND (Amount IS NULL OR Amount < 100)"})
    void theDatabaseSelectsTheRunsTheEvaluatorMatches(String text) {
        VisibilityQuery query = VisibilityQuery.parse(text);
        List<String> expected = rows.stream().filter(row -> query.matches(record(row)))
                .sorted((a, b) -> Long.compare(b.startTimeMillis(), a.startTimeMillis()))
                .map(row -> row.key().workflowId()).toList();

        List<String> listed = store.listExecutions(new ExecutionListQuery("default", null, 100, null, query))
                .stream().map(summary -> summary.key().workflowId()).toList();

        assertThat(listed).as(text).isEqualTo(expected);
        assertThat(store.countExecutions(new ExecutionListQuery("default", null, 1, null, query))).as(text)
                .isEqualTo(expected.size());
    }

    private static VisibilityRecord record(ExecutionRow row) {
        return new VisibilityRecord() {
            @Override
            public String workflowId() {
                return row.key().workflowId();
            }

            @Override
            public String runId() {
                return row.key().runId();
            }

            @Override
            public String workflowType() {
                return row.workflowType();
            }

            @Override
            public String taskQueue() {
                return row.taskQueue();
            }

            @Override
            public WorkflowExecutionStatus status() {
                return WorkflowExecutionStatus.valueOf(row.status());
            }

            @Override
            public Instant startTime() {
                return Instant.ofEpochMilli(row.startTimeMillis());
            }

            @Override
            public Instant closeTime() {
                return row.closeTimeMillis() == null ? null : Instant.ofEpochMilli(row.closeTimeMillis());
            }

            @Override
            public Map<String, SearchAttributeValue> searchAttributes() {
                return VisibilityAttributes.decode(row.visibility()).searchAttributes();
            }
        };
    }
}
