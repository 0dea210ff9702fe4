package io.reprise.engine.api;

/**
 * Asks one page of a run's Event History, oldest event first.
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id (the first page's run: the token of
 *     the next page names it)
 * @param pageSize the most events in the page, 1 to {@link #MAX_PAGE_SIZE}; 0 means {@link #DEFAULT_PAGE_SIZE}
 * @param nextPageToken the {@link HistoryPage#nextPageToken()} of the previous page, unchanged; {@code null} for the
 *     first page
 */
public record GetHistoryRequest(String namespace, String workflowId, String runId, int pageSize,
        String nextPageToken) {

    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int MAX_PAGE_SIZE = 1000;

    /** The first page, of the default size. */
    public static GetHistoryRequest firstPage(String namespace, String workflowId, String runId) {
        return new GetHistoryRequest(namespace, workflowId, runId, 0, null);
    }
}
