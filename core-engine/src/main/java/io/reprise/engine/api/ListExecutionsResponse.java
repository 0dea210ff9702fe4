package io.reprise.engine.api;

import java.util.List;

/**
 * One page of runs, newest first.
 *
 * @param executions the runs of this page
 * @param nextPageToken pass it in the next request for the following page; {@code null} on the last page
 */
public record ListExecutionsResponse(List<WorkflowExecutionInfo> executions, String nextPageToken) {

    public ListExecutionsResponse {
        executions = List.copyOf(executions);
    }
}
