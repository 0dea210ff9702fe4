package io.reprise.internal.replay;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Supplier;

/**
 * Creating the workflow object of an execution, and saying clearly why it could not be created.
 * Frameworks wrap a constructor's exception several times (reflection, then Spring's bean
 * creation), so the reason a user needs is the innermost cause, not the outermost message.
 */
public final class WorkflowInstances {

    private WorkflowInstances() {
    }

    /**
     * A factory calling the no-argument constructor of {@code implementation}.
     *
     * @param fix what to do instead when there is no such constructor, appended to the error
     * @throws IllegalArgumentException when {@code implementation} has no no-argument constructor
     */
    public static Supplier<Object> noArgumentConstructor(Class<?> implementation, String fix) {
        Constructor<?> constructor;
        try {
            constructor = implementation.getDeclaredConstructor();
            constructor.setAccessible(true);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("Workflow implementation " + implementation.getName()
                    + " has no no-argument constructor; " + fix);
        }
        return () -> {
            try {
                return constructor.newInstance();
            } catch (InvocationTargetException e) {
                throw rethrown(e);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot call the constructor of " + implementation.getName()
                        + ": " + e, e);
            }
        };
    }

    /**
     * What user code threw through reflection, to throw on: an unchecked exception or error as it is,
     * a checked one wrapped.
     */
    static RuntimeException rethrown(InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e.getCause());
    }

    /**
     * The failure to report when the factory of {@code definition} threw {@code failure}: one line
     * naming the Workflow Type, the class and the innermost cause, with {@code failure} kept as
     * the cause for the stack trace.
     */
    static IllegalStateException creationFailed(WorkflowDefinition definition, Throwable failure) {
        return new IllegalStateException("Cannot create the workflow object of Workflow Type \""
                + definition.workflowType() + "\" (" + definition.implementationClass().getName() + "): "
                + describeRootCause(failure), failure);
    }

    /** The innermost cause of {@code failure} as {@code SimpleName: message}. */
    public static String describeRootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
