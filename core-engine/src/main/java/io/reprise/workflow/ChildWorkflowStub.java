package io.reprise.workflow;

import io.reprise.common.WorkflowExecution;
import java.lang.reflect.Type;

/**
 * An untyped handle on one child workflow, for use in workflow code; see
 * {@link Workflow#newUntypedChildWorkflowStub}. A stub starts one child.
 */
public interface ChildWorkflowStub {

    String getWorkflowType();

    /** Starts the child and waits for its result; a failure is a {@code ChildWorkflowFailure}. */
    <R> R execute(Class<R> resultClass, Object... args);

    /** Starts the child; the promise completes with its result (or {@code ChildWorkflowFailure}). */
    <R> Promise<R> executeAsync(Class<R> resultClass, Object... args);

    /** Like {@link #executeAsync(Class, Object...)}, reading the result as {@code resultType}. */
    <R> Promise<R> executeAsync(Class<R> resultClass, Type resultType, Object... args);

    /** Completes when the child started (its Workflow Id and first Run Id). */
    Promise<WorkflowExecution> getExecution();

    /** Signals the started child (waits for it to start, then for the signal to be recorded). */
    void signal(String signalName, Object... args);
}
