package io.reprise.engine.api;

/**
 * A page of the runs of a namespace, newest first (by start time). Kept small on purpose: later
 * filters (a query) are added as new components, and a request without them keeps its meaning.
 *
 * @param namespace the namespace
 * @param status only runs with this status, or {@code null} for every status
 * @param pageSize the most runs in the page, 1 to {@link #MAX_PAGE_SIZE}; 0 means {@link #DEFAULT_PAGE_SIZE}
 * @param nextPageToken the token of the previous page's response, or {@code null} for the first page
 */
public record ListExecutionsRequest(String namespace, WorkflowExecutionStatus status, int pageSize,
        String nextPageToken) {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;
}
