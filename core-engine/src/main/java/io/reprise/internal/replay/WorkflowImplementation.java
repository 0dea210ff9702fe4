package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.RepriseFailure;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.worker.WorkflowPanicPolicy;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The run's object of the user's workflow implementation: created when the run starts, it runs the
 * workflow method and the signal, query and update handlers, keeps the method's outcome, and turns
 * that outcome into the command that closes the run (complete, fail, cancel or continue as new).
 */
final class WorkflowImplementation {

    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final WorkflowPanicPolicy panicPolicy;
    private final int maxPayloadSize;
    /** Shared by the workflow method and the handlers. */
    private Object instance;
    private Throwable instanceFailure;
    private boolean done;
    private Payload result;
    private Throwable failure;

    WorkflowImplementation(WorkflowDefinition definition, DataConverter converter, FailureConverter failures,
            WorkflowPanicPolicy panicPolicy, int maxPayloadSize) {
        this.definition = definition;
        this.converter = converter;
        this.failures = failures;
        this.panicPolicy = panicPolicy;
        this.maxPayloadSize = maxPayloadSize;
    }

    /** Creates the workflow object; a failure is kept and reported by the first method or handler run. */
    void create() {
        try {
            instance = definition.factory().get();
        } catch (RuntimeException e) {
            instanceFailure = WorkflowInstances.creationFailed(definition, e);
        }
    }

    /** The body of the workflow-method thread: runs the method and keeps its result or failure. */
    void runWorkflowMethod(List<Payload> input) {
        try {
            if (instanceFailure != null) {
                throw instanceFailure;
            }
            Method method = definition.metadata().workflowMethod();
            Object[] args = MethodArguments.decode(method, input, converter);
            Object value;
            try {
                method.setAccessible(true);
                value = method.invoke(instance, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            result = converter.toPayload(value);
        } catch (DestroyWorkflowThreadError e) {
            throw e;
        } catch (Throwable t) {
            failure = t;
        }
        done = true;
    }

    /** A handler threw a deliberate failure: as from the workflow method, it fails the workflow. */
    void failFromHandler(RepriseFailure handlerFailure) {
        if (!done) {
            failure = handlerFailure;
            done = true;
        }
    }

    /** Whether the workflow method ended (or a handler failed the workflow). */
    boolean isDone() {
        return done;
    }

    /** Calls a signal, query or update handler (or an update validator) with its decoded arguments. */
    Object invokeHandler(Method handler, List<Payload> input) {
        if (instance == null) {
            throw instanceFailure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(instanceFailure.getMessage(), instanceFailure);
        }
        Object[] args = MethodArguments.decode(handler, input, converter);
        try {
            handler.setAccessible(true);
            return handler.invoke(instance, args);
        } catch (InvocationTargetException e) {
            throw WorkflowInstances.rethrown(e);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot call " + handler + ": " + e, e);
        }
    }

    /**
     * The command that closes the run, once {@link #isDone}.
     *
     * @param cancelRequested whether a client asked to cancel the run: a method that then ends with a
     *     cancellation cancels the run instead of failing it
     * @throws WorkflowTaskFailure when the task must fail instead (an oversize result, or an unexpected
     *     exception under {@link WorkflowPanicPolicy#FAIL_WORKFLOW_TASK})
     */
    Command completionCommand(boolean cancelRequested) {
        if (failure instanceof ContinueAsNewRequest request) {
            return request.command();
        }
        if (failure != null && cancelRequested && isCancellation(failure)) {
            return new Command.CancelWorkflowExecution(List.of());
        }
        if (failure == null) {
            if (result.size() > maxPayloadSize) {
                throw new WorkflowTaskFailure(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE,
                        new IllegalArgumentException("Result of workflow \"" + definition.workflowType() + "\" is "
                                + result.size() + " bytes, over the payload limit of " + maxPayloadSize
                                + " bytes; return a reference (an id, a URL) instead of the data"));
            }
            return new Command.CompleteWorkflowExecution(result);
        }
        if (failure instanceof RepriseFailure) {
            return new Command.FailWorkflowExecution(failures.toFailure(failure));
        }
        if (panicPolicy == WorkflowPanicPolicy.FAIL_WORKFLOW) {
            return new Command.FailWorkflowExecution(failures.toFailure(failure));
        }
        throw new WorkflowTaskFailure(WorkflowTaskFailedCause.WORKFLOW_WORKER_UNHANDLED_FAILURE, failure);
    }

    /** Whether {@code failure} is, or was caused by, a {@link CanceledFailure}. */
    private static boolean isCancellation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CanceledFailure) {
                return true;
            }
        }
        return false;
    }
}
