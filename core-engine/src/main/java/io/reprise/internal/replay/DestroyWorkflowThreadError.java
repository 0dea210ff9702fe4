package io.reprise.internal.replay;

/**
 * Unwinds a workflow thread whose run was evicted from the cache. An {@code Error} so that
 * {@code catch (Exception e)} in workflow code does not swallow it.
 */
final class DestroyWorkflowThreadError extends Error {

    DestroyWorkflowThreadError() {
        super("workflow thread destroyed", null, false, false);
    }
}
