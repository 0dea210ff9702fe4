package io.reprise.client;

import java.util.List;

/**
 * One page of runs, newest first (by start time), as {@link WorkflowClient#listExecutions(String, int, String)}
 * returns it.
 *
 * @param executions the runs of this page
 * @param nextPageToken pass it to the next call for the following page; {@code null} on the last page
 */
public record WorkflowExecutionPage(List<WorkflowExecutionMetadata> executions, String nextPageToken) {

    public WorkflowExecutionPage {
        executions = List.copyOf(executions);
    }
}
