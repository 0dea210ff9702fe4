package io.reprise.engine;

import java.util.Optional;

/**
 * What a gateway in front of the engine may read from a task token without the engine: the namespace of the
 * execution it names, so that a server can check a worker's right to answer the task before the engine acts on it.
 * Task tokens are otherwise opaque.
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
}
