package io.reprise.engine.api;

/**
 * Asks one page of a run's Event History, oldest event first.
 *
 * @param runId the run, or {@code null} for the latest run of the Workflow Id (the first page's run: the token of
 *     the next page names it)
 * @param pageSize the most events in the page, 1 to {@link #MAX_PAGE_SIZE}; 0 means {@link #DEFAULT_PAGE_SIZE}. A page
 *     also ends before {@link #MAX_PAGE_BYTES} of events, so that it fits in one gRPC message
 * @param nextPageToken the {@link HistoryPage#nextPageToken()} of the previous page, unchanged; {@code null} for the
 *     first page
 */
public record GetHistoryRequest(String namespace, String workflowId, String runId, int pageSize,
        String nextPageToken) {

    public static final int DEFAULT_PAGE_SIZE = 1000;
    public static final int MAX_PAGE_SIZE = 1000;
    /**
     * The most bytes of events in a page, counted in their proto form: 4 MiB, well under the 16 MiB a server reads
     * and the 64 MiB a client reads in one message. A page holds at least one event, however big (an event is at
     * most about a request's size, since a request made it).
     */
    public static final int MAX_PAGE_BYTES = 4 * 1024 * 1024;

    /** The first page, of the default size. */
    public static GetHistoryRequest firstPage(String namespace, String workflowId, String runId) {
        return new GetHistoryRequest(namespace, workflowId, runId, 0, null);
    }
}
