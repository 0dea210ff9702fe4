package io.reprise.client;

import io.reprise.engine.api.RandomIds;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** The invocation handler behind typed workflow stubs. */
final class TypedWorkflowStub implements InvocationHandler {

    /** Set while {@link WorkflowClient#start} invokes a stub method: start, don't wait. */
    static final ThreadLocal<io.reprise.common.WorkflowExecution[]> START_ONLY = new ThreadLocal<>();

    /** Set while {@link WorkflowClient#signalWithStart} invokes stub methods: record the calls, send nothing. */
    static final ThreadLocal<SignalWithStart> SIGNAL_CAPTURE = new ThreadLocal<>();

    /** The signal and the start captured from two stub calls. */
    static final class SignalWithStart {
        WorkflowStub signalStub;
        String signalName;
        Object[] signalArgs;
        WorkflowStub startStub;
        Object[] startArgs;

        void signal(WorkflowStub stub, String name, Object[] args) {
            if (signalStub != null) {
                throw new IllegalArgumentException("signalWithStart takes exactly one signal call");
            }
            signalStub = stub;
            signalName = name;
            signalArgs = args;
        }

        void start(WorkflowStub stub, Object[] args) {
            if (startStub != null) {
                throw new IllegalArgumentException("signalWithStart takes exactly one workflow method call");
            }
            startStub = stub;
            startArgs = args;
        }
    }

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
        Object[] actual = args == null ? new Object[0] : args;
        if (!method.equals(metadata.workflowMethod())) {
            WorkflowInterfaceMetadata.Handler handler = metadata.handlerOf(method);
            if (handler == null) {
                throw new UnsupportedOperationException(method.getName() + " is not a @WorkflowMethod, @SignalMethod, "
                        + "@QueryMethod or @UpdateMethod of " + metadata.type().getName()
                        + "; only those can be called on a workflow stub");
            }
            SignalWithStart capture = SIGNAL_CAPTURE.get();
            if (capture != null && handler.kind() == WorkflowInterfaceMetadata.HandlerKind.SIGNAL) {
                capture.signal(untyped, handler.name(), actual);
                return null;
            }
            return switch (handler.kind()) {
                case SIGNAL -> {
                    untyped.signal(handler.name(), actual);
                    yield null;
                }
                case QUERY -> untyped.query(handler.name(), method.getReturnType(), method.getGenericReturnType(),
                        actual);
                case UPDATE -> untyped.update(handler.name(), RandomIds.next(),
                        method.getReturnType(), method.getGenericReturnType(), actual);
            };
        }
        SignalWithStart capture = SIGNAL_CAPTURE.get();
        if (capture != null) {
            capture.start(untyped, actual);
            return MethodArguments.defaultValue(method.getReturnType());
        }
        if (untyped.isBound()) {
            // A stub bound to an existing execution: calling the workflow method waits for its result.
            return untyped.getResult(metadata.returnClass(), metadata.returnType());
        }
        io.reprise.common.WorkflowExecution[] startOnly = START_ONLY.get();
        if (startOnly != null) {
            startOnly[0] = untyped.start(actual);
            return MethodArguments.defaultValue(method.getReturnType());
        }
        untyped.start(actual);
        return untyped.getResult(metadata.returnClass(), metadata.returnType());
    }
}
