package io.reprise.engine;

import java.util.Optional;

/**
 * What a gateway in front of the engine may read from a task token without the engine: the namespace of the
 * execution it names, so that a server can check a worker's right to answer the task before the engine acts on it,
 * and its Workflow Id, so that a cluster node can send the answer to the node that owns the run's shard. Task tokens
 * are otherwise opaque.
 */
public final class TaskTokens {

    private TaskTokens() {
    }

    /**
     * The namespace a task token (of a workflow, activity or query task) names; empty when the token is missing or
     * malformed, which the engine refuses with {@code INVALID_ARGUMENT} when it is used.
     */
    public static Optional<String> namespace(byte[] taskToken) {
        return TaskToken.namespaceOf(taskToken);
    }

    /**
     * The Workflow Id of the execution a task token (of a workflow, activity or query task) names; empty when the
     * token is missing or malformed. With {@link #namespace} it gives the run's shard.
     */
    public static Optional<String> workflowId(byte[] taskToken) {
        return TaskToken.workflowIdOf(taskToken);
    }
}
