package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.StoreException;
import java.util.function.Supplier;

/**
 * Finds the run, or the Task Queue, a request names: checks the names it gives and the namespace,
 * then looks the run up by its key or by a task token, refusing with {@code NOT_FOUND} what does
 * not exist or (for calls that change a run) is no longer running.
 */
final class RunLookup {

    private final ExecutionRegistry registry;
    private final NamespaceRegistry namespaces;

    RunLookup(ExecutionRegistry registry, NamespaceRegistry namespaces) {
        this.registry = registry;
        this.namespaces = namespaces;
    }

    /** The run {@code runId} of the Workflow Id, or its latest run when {@code runId} is null or blank. */
    RunEntry findRun(String namespace, String workflowId, String runId) {
        requireNamespace(namespace, "pass the namespace of the workflow execution");
        RequestValidation.requireName(workflowId, "Workflow id", "pass the workflow id of the execution");
        RunEntry run = storeRead(null, () -> runId == null || runId.isBlank()
                ? registry.findLatest(namespace, workflowId)
                : registry.find(new ExecutionKey(namespace, workflowId, runId)));
        if (run == null) {
            throw EngineException.notFound("Workflow execution not found: namespace \"" + namespace
                    + "\", workflowId \"" + workflowId + "\""
                    + (runId == null || runId.isBlank() ? "" : ", runId \"" + runId + "\""));
        }
        return run;
    }

    /** The run a task token belongs to. */
    RunEntry findForToken(TaskToken token) {
        RunEntry run = storeRead(token.key(), () -> registry.find(token.key()));
        if (run == null) {
            throw token.notFound("the workflow execution does not exist");
        }
        return run;
    }

    /** The Task Queue a poll names, once its namespace and name are checked. */
    TaskQueueId queueId(String namespace, String taskQueue, TaskQueueKind kind) {
        requireNamespace(namespace, "pass the namespace to poll");
        RequestValidation.requireName(taskQueue, "Task queue", "pass the task queue to poll");
        return new TaskQueueId(namespace, taskQueue, kind);
    }

    /** A non-blank, registered namespace, or {@code INVALID_ARGUMENT} / {@code NOT_FOUND}. */
    void requireNamespace(String namespace, String fix) {
        RequestValidation.requireName(namespace, "Namespace", fix);
        namespaces.require(namespace);
    }

    /** Refuses a request that only a running run accepts ({@code action} says what it would do). */
    static Void requireRunning(MutableState state, String action) {
        if (!state.isRunning()) {
            throw EngineException.notFound("Workflow execution " + state.key() + " is " + state.status()
                    + "; only a running execution accepts this (cannot " + action + ")");
        }
        return null;
    }

    /** Runs a store read, turning store failures into {@code UNAVAILABLE}. */
    static <T> T storeRead(ExecutionKey key, Supplier<T> read) {
        try {
            return read.get();
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to read"
                    + (key == null ? "" : " execution " + key) + ": " + e.getMessage() + "; retry the request", e);
        }
    }
}
