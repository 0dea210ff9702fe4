package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionListQuery;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.ExecutionSummary;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.visibility.VisibilityAttributes;
import io.reprise.engine.visibility.VisibilityQuery;
import io.reprise.engine.visibility.VisibilityQueryException;
import io.reprise.engine.visibility.VisibilityRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Lists and counts runs page by page, newest first, straight from the store (the truth: every
 * transition is committed before it has effects). The page token is the position of the page's last
 * run, opaque to callers: {@code v1:<start millis>:<workflow id length>:<workflow id><run id>} in
 * URL-safe Base64.
 *
 * <p>A store that {@link ExecutionStore#filtersQueries() filters queries} (PostgreSQL) gets the query and
 * returns only matching rows, a page per call. On the others, the query is evaluated here, in Java, on the
 * rows the store returns: the store selects
 * by namespace, position and (when the request or the query's top-level AND fixes it) status, and
 * this class reads the rows in chunks until a page is full. A selective query therefore costs a scan
 * of every run of the namespace that it does not match (in the worst case, all of them): fine for the
 * embedded engine's thousands to low millions of runs, and what an index would replace.
 */
final class ExecutionListing {

    private static final String VERSION = "v1";
    /** Rows read per store call while filtering: enough to fill most pages in one call. */
    private static final int SCAN_CHUNK = 500;

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
        VisibilityQuery query = parse(request.query());
        ExecutionListQuery.Position after = decode(request.nextPageToken());
        Filter filter = Filter.of(request.status(), query);
        // One more than asked for: whether there is a next page.
        List<ExecutionSummary> matched = new ArrayList<>(pageSize + 1);
        if (!filter.empty() && store.filtersQueries()) {
            // The store selects by the query itself (PostgreSQL: compiled to SQL): one page, one call.
            matched.addAll(storeCall(request.namespace(), () -> store.listExecutions(
                    new ExecutionListQuery(request.namespace(), filter.status(), pageSize + 1, after, query))));
        } else if (!filter.empty()) {
            int chunk = query.expression().isEmpty() ? pageSize + 1 : Math.max(pageSize + 1, SCAN_CHUNK);
            scan(store, request.namespace(), filter, chunk, after, pageSize + 1, matched::add);
        }
        boolean more = matched.size() > pageSize;
        List<ExecutionSummary> page = more ? matched.subList(0, pageSize) : matched;
        List<WorkflowExecutionInfo> executions = new ArrayList<>(page.size());
        for (ExecutionSummary row : page) {
            VisibilityAttributes visibility = VisibilityAttributes.decode(row.visibility());
            executions.add(new WorkflowExecutionInfo(
                    new WorkflowExecution(row.key().workflowId(), row.key().runId()), row.workflowType(),
                    row.taskQueue(), WorkflowExecutionStatus.valueOf(row.status()),
                    Instant.ofEpochMilli(row.startTimeMillis()),
                    row.closeTimeMillis() == null ? null : Instant.ofEpochMilli(row.closeTimeMillis()),
                    row.lastEventId(), visibility.memo(), visibility.searchAttributes()));
        }
        return new ListExecutionsResponse(executions, more ? encode(page.get(page.size() - 1).position()) : null);
    }

    /** How many runs of the namespace match the query: a scan of the runs the store selects (see above). */
    static long count(ExecutionStore store, String namespace, String queryText) {
        RequestValidation.requireName(namespace, "Namespace", "pass the namespace to count in");
        Filter filter = Filter.of(null, parse(queryText));
        if (filter.empty()) {
            return 0;
        }
        if (store.filtersQueries()) {
            return storeCall(namespace, () -> store.countExecutions(
                    new ExecutionListQuery(namespace, filter.status(), 1, null, filter.query())));
        }
        long[] count = new long[1];
        scan(store, namespace, filter, ListExecutionsRequest.MAX_PAGE_SIZE, null, Long.MAX_VALUE, row -> count[0]++);
        return count[0];
    }

    /**
     * Reads the namespace's rows after {@code after} in chunks, newest first, and hands those that pass the
     * filter to {@code sink}, until {@code wanted} passed or the rows run out.
     */
    private static void scan(ExecutionStore store, String namespace, Filter filter, int chunk,
            ExecutionListQuery.Position after, long wanted, Consumer<ExecutionSummary> sink) {
        long found = 0;
        while (true) {
            List<ExecutionSummary> rows;
            try {
                rows = store.listExecutions(new ExecutionListQuery(namespace, filter.status(), chunk, after));
            } catch (StoreException e) {
                throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to list the workflow "
                        + "executions of namespace \"" + namespace + "\": " + e.getMessage() + "; retry the request",
                        e);
            }
            for (ExecutionSummary row : rows) {
                if (filter.query().matches(new ListedRun(row))) {
                    sink.accept(row);
                    if (++found >= wanted) {
                        return;
                    }
                }
            }
            if (rows.size() < chunk) {
                return;
            }
            after = rows.get(rows.size() - 1).position();
        }
    }

    private static <T> T storeCall(String namespace, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to list the workflow "
                    + "executions of namespace \"" + namespace + "\": " + e.getMessage() + "; retry the request", e);
        }
    }

    private static VisibilityQuery parse(String query) {
        try {
            return VisibilityQuery.parse(query);
        } catch (VisibilityQueryException e) {
            throw new EngineException(EngineException.Code.INVALID_ARGUMENT, e.getMessage() + " (query: "
                    + e.query() + ")", e);
        }
    }

    /**
     * What the store selects by (a status, or {@code null} for all) and the query evaluated on its rows;
     * {@code empty} when the request's status and the query's required status differ, so nothing can match.
     */
    private record Filter(String status, VisibilityQuery query, boolean empty) {
        static Filter of(WorkflowExecutionStatus requested, VisibilityQuery query) {
            WorkflowExecutionStatus required = query.requiredStatus().orElse(null);
            if (requested != null && required != null && requested != required) {
                return new Filter(null, query, true);
            }
            WorkflowExecutionStatus status = requested != null ? requested : required;
            return new Filter(status == null ? null : status.name(), query, false);
        }
    }

    /** A listed row as a query sees it; its search attributes are decoded only if the query reads them. */
    private static final class ListedRun implements VisibilityRecord {
        private final ExecutionSummary row;
        private Map<String, SearchAttributeValue> searchAttributes;

        ListedRun(ExecutionSummary row) {
            this.row = row;
        }

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
            if (searchAttributes == null) {
                searchAttributes = VisibilityAttributes.decode(row.visibility()).searchAttributes();
            }
            return searchAttributes;
        }
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
