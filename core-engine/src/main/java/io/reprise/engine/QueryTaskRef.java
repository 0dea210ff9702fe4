package io.reprise.engine;

import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.WorkflowQuery;
import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.store.ExecutionKey;
import java.util.concurrent.CompletableFuture;

/**
 * A query (or an update's validation) waiting in a run's workflow task queue. It lives in memory
 * only: nothing about it is recorded, and the caller waits on {@link #answer}.
 */
final class QueryTaskRef extends QueuedTask {

    final long id;
    final ExecutionKey key;
    final String workflowType;
    final WorkflowQuery query;
    /** The queue it waits in, where a hand-back puts it again. */
    final TaskQueueId queue;
    final CompletableFuture<MessageResult> answer = new CompletableFuture<>();

    QueryTaskRef(long id, ExecutionKey key, String workflowType, WorkflowQuery query, TaskQueueId queue) {
        this.id = id;
        this.key = key;
        this.workflowType = workflowType;
        this.query = query;
        this.queue = queue;
    }
}
