package io.reprise.engine.api;

/**
 * A page of the runs of a namespace, newest first (by start time), optionally filtered by status and
 * by a visibility query.
 *
 * @param namespace the namespace
 * @param status only runs with this status, or {@code null} for every status
 * @param pageSize the most runs in the page, 1 to {@link #MAX_PAGE_SIZE}; 0 means {@link #DEFAULT_PAGE_SIZE}
 * @param nextPageToken the token of the previous page's response, or {@code null} for the first page
 * @param query a visibility query ({@code WorkflowType = 'Order' AND CustomerId = 'c-42'}; see
 *     {@code io.reprise.engine.visibility.VisibilityQuery} and docs/visibility.md), or {@code null} or blank for
 *     every run; combined with {@code status} by AND. The following pages must be asked with the same query.
 */
public record ListExecutionsRequest(String namespace, WorkflowExecutionStatus status, int pageSize,
        String nextPageToken, String query) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    /** A request without a query. */
    public ListExecutionsRequest(String namespace, WorkflowExecutionStatus status, int pageSize,
            String nextPageToken) {
        this(namespace, status, pageSize, nextPageToken, null);
    }

    /** A request filtered by a query only. */
    public static ListExecutionsRequest ofQuery(String namespace, String query, int pageSize, String nextPageToken) {
        return new ListExecutionsRequest(namespace, null, pageSize, nextPageToken, query);
    }
}
