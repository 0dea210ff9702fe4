package io.reprise.engine.store;

import io.reprise.engine.visibility.VisibilityQuery;
import java.util.Objects;

/**
 * Which runs {@link ExecutionStore#listExecutions} returns: those of one namespace, optionally of
 * one status, newest first (start time, then Workflow Id, then Run Id, all descending), at most
 * {@code limit}, starting after {@code after} (keyset paging: a page is stable while runs start).
 *
 * @param namespace the namespace
 * @param status a {@code WorkflowExecutionStatus} name, or {@code null} for every status
 * @param limit the most rows to return, at least 1
 * @param after the position of the last row of the previous page, or {@code null} for the first page
 * @param filter a visibility query the rows must match, for a store that evaluates queries itself
 *     ({@link ExecutionStore#filtersQueries()}); {@code null} for none. Other stores ignore it.
 */
public record ExecutionListQuery(String namespace, String status, int limit, Position after, VisibilityQuery filter) {

    /** A query without a visibility filter. */
    public ExecutionListQuery(String namespace, String status, int limit, Position after) {
        this(namespace, status, limit, after, null);
    }

    public ExecutionListQuery {
        Objects.requireNonNull(namespace, "namespace");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
    }

    /** Where a run stands in the newest-first order. */
    public record Position(long startTimeMillis, String workflowId, String runId) {
        public Position {
            Objects.requireNonNull(workflowId, "workflowId");
            Objects.requireNonNull(runId, "runId");
        }
    }
}
