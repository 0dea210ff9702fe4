package io.reprise.client;

import io.reprise.internal.metadata.MethodArguments;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** The invocation handler behind typed workflow stubs. */
final class TypedWorkflowStub implements InvocationHandler {

    /** Set while {@link WorkflowClient#start} invokes a stub method: start, don't wait. */
    static final ThreadLocal<io.reprise.engine.api.WorkflowExecution[]> START_ONLY = new ThreadLocal<>();

    private final WorkflowInterfaceMetadata metadata;
    private final WorkflowStub untyped;

    private TypedWorkflowStub(WorkflowInterfaceMetadata metadata, WorkflowStub untyped) {
        this.metadata = metadata;
        this.untyped = untyped;
    }

    @SuppressWarnings("unchecked")
    static <T> T create(Class<T> iface, WorkflowInterfaceMetadata metadata, WorkflowStub untyped) {
        return (T) Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
                new TypedWorkflowStub(metadata, untyped));
    }

    static WorkflowStub untyped(Object typedStub) {
        if (typedStub != null && Proxy.isProxyClass(typedStub.getClass())
                && Proxy.getInvocationHandler(typedStub) instanceof TypedWorkflowStub handler) {
            return handler.untyped;
        }
        throw new IllegalArgumentException("Not a typed workflow stub created by WorkflowClient.newWorkflowStub: "
                + typedStub);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "toString" -> "WorkflowStub<" + metadata.type().getSimpleName() + ">"
                        + untyped.getExecution().map(e -> "(" + e.workflowId() + ")").orElse("");
                case "hashCode" -> System.identityHashCode(proxy);
                case "equals" -> proxy == args[0];
                default -> throw new UnsupportedOperationException(method.getName());
            };
        }
        if (!method.equals(metadata.workflowMethod())) {
            throw new UnsupportedOperationException("Only the @WorkflowMethod " + metadata.workflowMethod().getName()
                    + " can be called on a workflow stub so far; " + method.getName() + " is not supported yet");
        }
        Object[] actual = args == null ? new Object[0] : args;
        io.reprise.engine.api.WorkflowExecution[] startOnly = START_ONLY.get();
        if (startOnly != null) {
            startOnly[0] = untyped.start(actual);
            return MethodArguments.defaultValue(method.getReturnType());
        }
        untyped.start(actual);
        return untyped.getResult(metadata.returnClass(), metadata.returnType());
    }
}
