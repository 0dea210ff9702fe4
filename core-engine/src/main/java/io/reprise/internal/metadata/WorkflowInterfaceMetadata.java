package io.reprise.internal.metadata;

import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link WorkflowInterface}: its Workflow Type name and workflow method. */
public final class WorkflowInterfaceMetadata {

    private static final Map<Class<?>, WorkflowInterfaceMetadata> CACHE = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final String workflowType;
    private final Method workflowMethod;

    private WorkflowInterfaceMetadata(Class<?> type, String workflowType, Method workflowMethod) {
        this.type = type;
        this.workflowType = workflowType;
        this.workflowMethod = workflowMethod;
    }

    /**
     * Reads a workflow interface.
     *
     * @throws IllegalArgumentException when the interface is not annotated or has no (or several) workflow methods
     */
    public static WorkflowInterfaceMetadata forInterface(Class<?> type) {
        return CACHE.computeIfAbsent(type, WorkflowInterfaceMetadata::read);
    }

    private static WorkflowInterfaceMetadata read(Class<?> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type.getName() + " is not an interface; workflow stubs are created "
                    + "from an interface annotated with @WorkflowInterface");
        }
        if (!type.isAnnotationPresent(WorkflowInterface.class)) {
            throw new IllegalArgumentException("Interface " + type.getName() + " is not annotated with "
                    + "@WorkflowInterface; annotate it and mark its entry point with @WorkflowMethod");
        }
        Method found = null;
        for (Method m : type.getMethods()) {
            if (m.isAnnotationPresent(WorkflowMethod.class)) {
                if (found != null) {
                    throw new IllegalArgumentException("Workflow interface " + type.getName()
                            + " has more than one @WorkflowMethod (" + found.getName() + ", " + m.getName()
                            + "); a workflow has exactly one entry point");
                }
                found = m;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("Workflow interface " + type.getName()
                    + " has no method annotated with @WorkflowMethod; mark its entry point");
        }
        String name = found.getAnnotation(WorkflowMethod.class).name();
        return new WorkflowInterfaceMetadata(type, name.isEmpty() ? type.getSimpleName() : name, found);
    }

    public Class<?> type() {
        return type;
    }

    public String workflowType() {
        return workflowType;
    }

    public Method workflowMethod() {
        return workflowMethod;
    }

    public Class<?> returnClass() {
        return workflowMethod.getReturnType();
    }

    public Type returnType() {
        return workflowMethod.getGenericReturnType();
    }

    /** Every {@code @WorkflowInterface} implemented by {@code implementation}. */
    public static List<WorkflowInterfaceMetadata> implementedBy(Class<?> implementation) {
        List<WorkflowInterfaceMetadata> result = new ArrayList<>();
        for (Class<?> c = implementation; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.isAnnotationPresent(WorkflowInterface.class)) {
                    WorkflowInterfaceMetadata m = forInterface(i);
                    if (!result.contains(m)) {
                        result.add(m);
                    }
                }
            }
        }
        return result;
    }
}
