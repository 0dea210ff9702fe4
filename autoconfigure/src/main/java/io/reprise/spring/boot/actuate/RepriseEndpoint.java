package io.reprise.spring.boot.actuate;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowExecutionDescription;
import io.reprise.client.WorkflowExecutionMetadata;
import io.reprise.client.WorkflowExecutionPage;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.common.WorkflowExecutionStatus;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code reprise} actuator endpoint: the Workflow Executions of the application's namespace.
 * <ul>
 *   <li>{@code GET /actuator/reprise?status=&query=&pageSize=&nextPageToken=}: a page of runs, newest first,
 *       filtered by status or by a visibility query;</li>
 *   <li>{@code GET /actuator/reprise/{workflowId}?runId=}: one run described (status, times, pending activities);</li>
 *   <li>{@code GET /actuator/reprise/{workflowId}/history?runId=}: its Event History as the JSON
 *       document {@code WorkflowReplayer} reads ({@code WorkflowHistory.toJson()}).</li>
 * </ul>
 * Read-only. Like every endpoint but {@code health}, it is not exposed over HTTP unless
 * {@code management.endpoints.web.exposure.include} names it; histories hold workflow inputs
 * and results, so secure it as you would the data.
 */
@Endpoint(id = "reprise")
public class RepriseEndpoint {

    private static final JsonMapper JSON = JsonMapper.shared();

    private final WorkflowClient client;

    public RepriseEndpoint(WorkflowClient client) {
        this.client = client;
    }

    /**
     * A page of runs, newest first; {@code status} or a visibility {@code query}
     * ({@code WorkflowType = 'Order' AND CustomerId = 'c-42'}) filters, {@code pageSize} defaults to 100.
     */
    @ReadOperation
    public WebEndpointResponse<Object> executions(@Nullable String status, @Nullable String query,
            @Nullable Integer pageSize, @Nullable String nextPageToken) {
        WorkflowExecutionStatus wanted = null;
        if (status != null && !status.isBlank()) {
            if (query != null && !query.isBlank()) {
                return badRequest("Pass either status or query, not both; filter by status in the query: "
                        + "ExecutionStatus = 'Running' AND …");
            }
            try {
                wanted = WorkflowExecutionStatus.valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return badRequest("Unknown status \"" + status + "\"; use one of "
                        + Arrays.toString(WorkflowExecutionStatus.values()));
            }
        }
        int size = pageSize == null ? 0 : pageSize;
        try {
            WorkflowExecutionPage page = query != null && !query.isBlank()
                    ? client.listExecutions(query, size, nextPageToken)
                    : client.listExecutions(wanted, size, nextPageToken);
            return new WebEndpointResponse<>(body(page));
        } catch (IllegalArgumentException e) {
            return badRequest(e.getMessage());
        }
    }

    /** The latest run of {@code workflowId} (or run {@code runId}) described; 404 when there is none. */
    @ReadOperation
    public WebEndpointResponse<Object> execution(@Selector String workflowId, @Nullable String runId) {
        try {
            WorkflowExecutionDescription description = client.describe(workflowId, runId);
            return new WebEndpointResponse<>(description);
        } catch (WorkflowNotFoundException e) {
            return notFound(e.getMessage());
        }
    }

    /**
     * {@code /{workflowId}/history}: the run's history in the format of {@code WorkflowHistory.toJson()},
     * replayable with {@code WorkflowReplayer}; 404 for an unknown run (with {@code {"error": "..."}}, as
     * {@link #execution}) or another path.
     */
    @ReadOperation(produces = "application/json")
    public WebEndpointResponse<String> history(@Selector String workflowId, @Selector String part,
            @Nullable String runId) {
        if (!"history".equals(part)) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        try {
            return new WebEndpointResponse<>(client.fetchHistory(workflowId, runId).toJson());
        } catch (WorkflowNotFoundException e) {
            // The history is written as a JSON string, so the error body is too; same shape as the other 404s.
            return new WebEndpointResponse<>(JSON.writeValueAsString(Map.of("error", e.getMessage())),
                    WebEndpointResponse.STATUS_NOT_FOUND);
        }
    }

    /** The page as JSON: {@code nextPageToken} only when there is a next page, as documented. */
    private static Map<String, Object> body(WorkflowExecutionPage page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("executions", page.executions().stream().map(RepriseEndpoint::row).toList());
        if (page.nextPageToken() != null) {
            body.put("nextPageToken", page.nextPageToken());
        }
        return body;
    }

    /**
     * One run of a page, written field by field so that the endpoint's JSON is its own contract (as
     * documented in docs/spring-boot.md): each search attribute shows its type and value.
     */
    private static Map<String, Object> row(WorkflowExecutionMetadata run) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("execution", run.execution());
        row.put("workflowType", run.workflowType());
        row.put("taskQueue", run.taskQueue());
        row.put("status", run.status());
        row.put("startTime", run.startTime());
        row.put("closeTime", run.closeTime());
        row.put("historyLength", run.historyLength());
        row.put("memo", run.memo());
        Map<String, Object> searchAttributes = new LinkedHashMap<>();
        run.typedSearchAttributes().getUntypedValues().forEach((key, value) -> {
            Map<String, Object> typed = new LinkedHashMap<>();
            typed.put("type", key.getValueType());
            typed.put("value", value instanceof OffsetDateTime time ? time.toInstant() : value);
            searchAttributes.put(key.getName(), typed);
        });
        row.put("searchAttributes", searchAttributes);
        return row;
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private static WebEndpointResponse<Object> notFound(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
