package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionListQuery;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.ExecutionSummary;
import io.reprise.engine.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Lists runs page by page, newest first, straight from the store (the truth: every transition is
 * committed before it has effects). The page token is the position of the page's last run,
 * opaque to callers: {@code v1:<start millis>:<workflow id length>:<workflow id><run id>} in
 * URL-safe Base64.
 */
final class ExecutionListing {

    private static final String VERSION = "v1";

    private ExecutionListing() {
    }

    static ListExecutionsResponse list(ExecutionStore store, ListExecutionsRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("A list request is required");
        }
        RequestValidation.requireName(request.namespace(), "Namespace", "pass the namespace to list");
        int pageSize = request.pageSize() == 0 ? ListExecutionsRequest.DEFAULT_PAGE_SIZE : request.pageSize();
        if (pageSize < 1 || pageSize > ListExecutionsRequest.MAX_PAGE_SIZE) {
            throw EngineException.invalidArgument("Page size must be between 1 and "
                    + ListExecutionsRequest.MAX_PAGE_SIZE + " (0 for the default, "
                    + ListExecutionsRequest.DEFAULT_PAGE_SIZE + "), got " + request.pageSize());
        }
        ExecutionListQuery.Position after = decode(request.nextPageToken());
        String status = request.status() == null ? null : request.status().name();
        List<ExecutionSummary> rows;
        try {
            // One more than asked for: whether there is a next page.
            rows = store.listExecutions(new ExecutionListQuery(request.namespace(), status, pageSize + 1, after));
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to list the workflow "
                    + "executions of namespace \"" + request.namespace() + "\": " + e.getMessage()
                    + "; retry the request", e);
        }
        boolean more = rows.size() > pageSize;
        List<ExecutionSummary> page = more ? rows.subList(0, pageSize) : rows;
        List<WorkflowExecutionInfo> executions = new ArrayList<>(page.size());
        for (ExecutionSummary row : page) {
            executions.add(new WorkflowExecutionInfo(
                    new WorkflowExecution(row.key().workflowId(), row.key().runId()), row.workflowType(),
                    row.taskQueue(), WorkflowExecutionStatus.valueOf(row.status()),
                    Instant.ofEpochMilli(row.startTimeMillis()),
                    row.closeTimeMillis() == null ? null : Instant.ofEpochMilli(row.closeTimeMillis()),
                    row.lastEventId()));
        }
        return new ListExecutionsResponse(executions, more ? encode(page.get(page.size() - 1).position()) : null);
    }

    static String encode(ExecutionListQuery.Position position) {
        String plain = VERSION + ":" + position.startTimeMillis() + ":" + position.workflowId().length() + ":"
                + position.workflowId() + position.runId();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static ExecutionListQuery.Position decode(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split(":", 4);
            if (parts.length == 4 && parts[0].equals(VERSION)) {
                long start = Long.parseLong(parts[1]);
                int idLength = Integer.parseInt(parts[2]);
                if (idLength > 0 && idLength < parts[3].length()) {
                    return new ExecutionListQuery.Position(start, parts[3].substring(0, idLength),
                            parts[3].substring(idLength));
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below (NumberFormatException is one)
        }
        throw EngineException.invalidArgument("Malformed page token \"" + token + "\": pass the nextPageToken of the "
                + "previous page unchanged, or none for the first page");
    }
}
