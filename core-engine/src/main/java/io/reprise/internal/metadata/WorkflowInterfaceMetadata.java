package io.reprise.internal.metadata;

import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.UpdateMethod;
import io.reprise.workflow.UpdateValidatorMethod;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link WorkflowInterface}: its Workflow Type name and workflow method. */
public final class WorkflowInterfaceMetadata {

    private static final Map<Class<?>, WorkflowInterfaceMetadata> CACHE = new ConcurrentHashMap<>();

    private final Class<?> type;
    private final String workflowType;
    private final Method workflowMethod;
    private final Map<String, Method> signals;
    private final List<String> signalNames;
    private final Map<String, Method> queries;
    private final Map<String, Method> updates;
    private final Map<String, Method> updateValidators;

    private WorkflowInterfaceMetadata(Class<?> type, String workflowType, Method workflowMethod,
            Map<String, Method> signals, Map<String, Method> queries, Map<String, Method> updates,
            Map<String, Method> updateValidators) {
        this.type = type;
        this.workflowType = workflowType;
        this.workflowMethod = workflowMethod;
        this.signals = signals;
        this.signalNames = List.copyOf(signals.keySet());
        this.queries = queries;
        this.updates = updates;
        this.updateValidators = updateValidators;
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
        Map<String, Method> signals = new TreeMap<>();
        Map<String, Method> queries = new TreeMap<>();
        Map<String, Method> updates = new TreeMap<>();
        Map<String, Method> validators = new TreeMap<>();
        for (Method m : type.getMethods()) {
            SignalMethod signal = m.getAnnotation(SignalMethod.class);
            QueryMethod query = m.getAnnotation(QueryMethod.class);
            UpdateMethod update = m.getAnnotation(UpdateMethod.class);
            UpdateValidatorMethod validator = m.getAnnotation(UpdateValidatorMethod.class);
            if (signal != null) {
                if (m.getReturnType() != void.class) {
                    throw new IllegalArgumentException("@SignalMethod " + type.getName() + "." + m.getName()
                            + " must return void: a signal is asynchronous (use @UpdateMethod to return a result)");
                }
                put(type, signals, handlerName(signal.name(), m), m, "@SignalMethod");
            }
            if (query != null) {
                if (m.getReturnType() == void.class) {
                    throw new IllegalArgumentException("@QueryMethod " + type.getName() + "." + m.getName()
                            + " must return a value: a query reads the workflow's state");
                }
                put(type, queries, handlerName(query.name(), m), m, "@QueryMethod");
            }
            if (update != null) {
                put(type, updates, handlerName(update.name(), m), m, "@UpdateMethod");
            }
            if (validator != null) {
                if (m.getReturnType() != void.class) {
                    throw new IllegalArgumentException("@UpdateValidatorMethod " + type.getName() + "." + m.getName()
                            + " must return void: it accepts the update by returning, rejects it by throwing");
                }
                put(type, validators, validator.updateName(), m, "@UpdateValidatorMethod");
            }
        }
        for (Map.Entry<String, Method> v : validators.entrySet()) {
            Method update = updates.get(v.getKey());
            if (update == null) {
                throw new IllegalArgumentException("@UpdateValidatorMethod " + type.getName() + "."
                        + v.getValue().getName() + " names update \"" + v.getKey() + "\", but the interface has no "
                        + "@UpdateMethod of that name; its updates: " + updates.keySet());
            }
            if (!Arrays.equals(update.getGenericParameterTypes(), v.getValue().getGenericParameterTypes())) {
                throw new IllegalArgumentException("@UpdateValidatorMethod " + type.getName() + "."
                        + v.getValue().getName() + " must take the same parameters as @UpdateMethod "
                        + update.getName());
            }
        }
        return new WorkflowInterfaceMetadata(type, name.isEmpty() ? type.getSimpleName() : name, found,
                sorted(signals), sorted(queries), sorted(updates), sorted(validators));
    }

    private static Map<String, Method> sorted(Map<String, Method> handlers) {
        return Collections.unmodifiableMap(new TreeMap<>(handlers));
    }

    private static String handlerName(String annotated, Method method) {
        return annotated.isEmpty() ? method.getName() : annotated;
    }

    private static void put(Class<?> type, Map<String, Method> handlers, String name, Method method, String kind) {
        Method previous = handlers.putIfAbsent(name, method);
        if (previous != null && !previous.equals(method)) {
            throw new IllegalArgumentException("Workflow interface " + type.getName() + " has two " + kind
                    + " methods named \"" + name + "\" (" + previous.getName() + ", " + method.getName()
                    + "); give one of them another name");
        }
    }

    /** The signal names, sorted (what a worker declares to the engine with each completed task). */
    public List<String> signalNames() {
        return signalNames;
    }

    /** The {@code @SignalMethod}s by signal name. */
    public Map<String, Method> signalMethods() {
        return signals;
    }

    /** The {@code @QueryMethod}s by query type. */
    public Map<String, Method> queryMethods() {
        return queries;
    }

    /** The {@code @UpdateMethod}s by update name. */
    public Map<String, Method> updateMethods() {
        return updates;
    }

    /** The {@code @UpdateValidatorMethod}s by the update name they validate. */
    public Map<String, Method> updateValidators() {
        return updateValidators;
    }

    /** The kind and name of a handler method of this interface, or {@code null} for other methods. */
    public Handler handlerOf(Method method) {
        for (Map.Entry<String, Method> e : signals.entrySet()) {
            if (e.getValue().equals(method)) {
                return new Handler(HandlerKind.SIGNAL, e.getKey());
            }
        }
        for (Map.Entry<String, Method> e : queries.entrySet()) {
            if (e.getValue().equals(method)) {
                return new Handler(HandlerKind.QUERY, e.getKey());
            }
        }
        for (Map.Entry<String, Method> e : updates.entrySet()) {
            if (e.getValue().equals(method)) {
                return new Handler(HandlerKind.UPDATE, e.getKey());
            }
        }
        return null;
    }

    public enum HandlerKind { SIGNAL, QUERY, UPDATE }

    public record Handler(HandlerKind kind, String name) {
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
