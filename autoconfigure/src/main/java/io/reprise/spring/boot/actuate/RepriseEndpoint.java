package io.reprise.spring.boot.actuate;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowExecutionDescription;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.WorkflowExecutionStatus;
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
            ListExecutionsResponse page = query != null && !query.isBlank()
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
    private static Map<String, Object> body(ListExecutionsResponse page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("executions", page.executions());
        if (page.nextPageToken() != null) {
            body.put("nextPageToken", page.nextPageToken());
        }
        return body;
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }

    private static WebEndpointResponse<Object> notFound(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_NOT_FOUND);
    }
}
