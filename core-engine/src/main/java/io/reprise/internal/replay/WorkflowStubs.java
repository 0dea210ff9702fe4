package io.reprise.internal.replay;

import io.reprise.common.WorkflowExecution;
import io.reprise.internal.metadata.MethodArguments;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.workflow.ChildWorkflowOptions;
import io.reprise.workflow.ChildWorkflowStub;
import io.reprise.workflow.ExternalWorkflowStub;
import io.reprise.workflow.Promise;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/** Typed child and external workflow stubs for workflow code: proxies over the untyped ones. */
final class WorkflowStubs {

    private WorkflowStubs() {
    }

    @SuppressWarnings("unchecked")
    static <T> T child(Class<T> workflowInterface, ChildWorkflowOptions options) {
        WorkflowInterfaceMetadata metadata = WorkflowInterfaceMetadata.forInterface(workflowInterface);
        ChildWorkflowStubImpl untyped = new ChildWorkflowStubImpl(metadata.workflowType(), options);
        return (T) Proxy.newProxyInstance(workflowInterface.getClassLoader(), new Class<?>[] {workflowInterface},
                new ChildHandler(metadata, untyped));
    }

    @SuppressWarnings("unchecked")
    static <T> T external(Class<T> workflowInterface, String workflowId, String runId) {
        WorkflowInterfaceMetadata metadata = WorkflowInterfaceMetadata.forInterface(workflowInterface);
        ExternalWorkflowStubImpl untyped = new ExternalWorkflowStubImpl(workflowId, runId);
        return (T) Proxy.newProxyInstance(workflowInterface.getClassLoader(), new Class<?>[] {workflowInterface},
                (proxy, method, args) -> {
                    Object local = objectMethod(proxy, method, args, "ExternalWorkflowStub<" + workflowId + ">");
                    if (local != NOT_OBJECT_METHOD) {
                        return local;
                    }
                    WorkflowInterfaceMetadata.Handler handler = metadata.handlerOf(method);
                    if (handler == null || handler.kind() != WorkflowInterfaceMetadata.HandlerKind.SIGNAL) {
                        throw new UnsupportedOperationException("Only @SignalMethods can be called on an external "
                                + "workflow stub; " + method.getName() + " is not one (cancel with "
                                + "Workflow.newUntypedExternalWorkflowStub(id).cancel())");
                    }
                    untyped.signal(handler.name(), args == null ? new Object[0] : args);
                    return null;
                });
    }

    /** The untyped stub behind a typed child stub, or {@code null} for anything else. */
    static ChildWorkflowStub untypedChild(Object typedStub) {
        if (typedStub != null && Proxy.isProxyClass(typedStub.getClass())
                && Proxy.getInvocationHandler(typedStub) instanceof ChildHandler handler) {
            return handler.untyped;
        }
        return null;
    }

    static Promise<WorkflowExecution> executionOf(Object typedChildStub) {
        ChildWorkflowStub untyped = untypedChild(typedChildStub);
        if (untyped == null) {
            throw new IllegalArgumentException("Not a child workflow stub created by Workflow.newChildWorkflowStub: "
                    + typedChildStub);
        }
        return untyped.getExecution();
    }

    private static final Object NOT_OBJECT_METHOD = new Object();

    private static Object objectMethod(Object proxy, Method method, Object[] args, String name) {
        if (method.getDeclaringClass() != Object.class) {
            return NOT_OBJECT_METHOD;
        }
        return switch (method.getName()) {
            case "toString" -> name;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        };
    }

    private static final class ChildHandler implements InvocationHandler {
        final WorkflowInterfaceMetadata metadata;
        final ChildWorkflowStubImpl untyped;

        ChildHandler(WorkflowInterfaceMetadata metadata, ChildWorkflowStubImpl untyped) {
            this.metadata = metadata;
            this.untyped = untyped;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            Object local = objectMethod(proxy, method, args, "ChildWorkflowStub<" + metadata.workflowType() + ">");
            if (local != NOT_OBJECT_METHOD) {
                return local;
            }
            Object[] actual = args == null ? new Object[0] : args;
            if (method.equals(metadata.workflowMethod())) {
                Object result = untyped.executeAsync(method.getReturnType(), method.getGenericReturnType(), actual)
                        .get();
                return result != null ? result : MethodArguments.defaultValue(method.getReturnType());
            }
            WorkflowInterfaceMetadata.Handler handler = metadata.handlerOf(method);
            if (handler != null && handler.kind() == WorkflowInterfaceMetadata.HandlerKind.SIGNAL) {
                untyped.signal(handler.name(), actual);
                return null;
            }
            throw new UnsupportedOperationException("Only the @WorkflowMethod and @SignalMethods can be called on a "
                    + "child workflow stub; " + method.getName() + " is neither");
        }
    }
}
