package io.reprise.internal.replay;

/**
 * The function of a {@code Workflow.sideEffect} or {@code Workflow.mutableSideEffect} threw. Nothing
 * was recorded, so letting workflow code handle the exception would make replay diverge (a replay
 * would call the function again and might get a value). An {@code Error}, so that
 * {@code catch (Exception e)} in workflow code does not swallow it: it fails the workflow task, and
 * the retried task calls the function again.
 */
public final class SideEffectFailedError extends Error {

    SideEffectFailedError(String message, Throwable cause) {
        super(message, cause);
    }
}
