package io.reprise.workflow;

/** A {@link Promise} completed by workflow code. Create one with {@link Workflow#newPromise()}. */
public interface CompletablePromise<V> extends Promise<V> {

    /** Completes with a value; returns false when already completed. */
    boolean complete(V value);

    /** Completes with a failure; returns false when already completed. */
    boolean completeExceptionally(RuntimeException failure);
}
