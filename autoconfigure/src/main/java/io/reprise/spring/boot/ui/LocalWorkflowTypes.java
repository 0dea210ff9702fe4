package io.reprise.spring.boot.ui;

import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.spring.boot.WorkflowImpl;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The Workflow Types this application registers (its {@code @WorkflowImpl} beans), with their signal, query
 * and update handlers, the Task Queues whose workers run them, and a JSON template of their arguments: what
 * the UI offers to start and to send.
 */
final class LocalWorkflowTypes {

    /** A locally registered Workflow Type. */
    record WorkflowTypeView(String workflowType, List<String> taskQueues, String argumentsTemplate,
            List<String> signals, List<String> queries, List<String> updates) {
    }

    private final ListableBeanFactory beans;
    private final WorkerFactory workers;
    private volatile Map<String, WorkflowTypeView> types;

    LocalWorkflowTypes(ListableBeanFactory beans, WorkerFactory workers) {
        this.beans = beans;
        this.workers = workers;
    }

    /** By Workflow Type name. */
    Map<String, WorkflowTypeView> all() {
        Map<String, WorkflowTypeView> known = types;
        if (known == null) {
            known = read();
            types = known;
        }
        return known;
    }

    Optional<WorkflowTypeView> find(String workflowType) {
        return Optional.ofNullable(workflowType == null ? null : all().get(workflowType));
    }

    private Map<String, WorkflowTypeView> read() {
        Map<String, WorkflowTypeView> found = new TreeMap<>();
        for (String name : beans.getBeanNamesForAnnotation(WorkflowImpl.class)) {
            Class<?> type = beans.getType(name);
            if (type == null) {
                continue;
            }
            for (WorkflowInterfaceMetadata metadata : WorkflowInterfaceMetadata.implementedBy(
                    ClassUtils.getUserClass(type))) {
                String workflowType = metadata.workflowType();
                found.put(workflowType, new WorkflowTypeView(workflowType, taskQueuesOf(workflowType),
                        template(metadata.workflowMethod()), List.copyOf(metadata.signalMethods().keySet()),
                        List.copyOf(metadata.queryMethods().keySet()),
                        List.copyOf(metadata.updateMethods().keySet())));
            }
        }
        return found;
    }

    private List<String> taskQueuesOf(String workflowType) {
        List<String> queues = new ArrayList<>();
        if (workers != null) {
            for (Worker worker : workers.getWorkers()) {
                if (worker.getRegisteredWorkflowTypes().contains(workflowType)) {
                    queues.add(worker.getTaskQueue());
                }
            }
        }
        return queues;
    }

    /** A JSON array with one placeholder per parameter of the workflow method, filled from its type. */
    static String template(Method method) {
        StringBuilder out = new StringBuilder("[");
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (i > 0) {
                out.append(", ");
            }
            placeholder(parameters[i].getType(), out, 0);
        }
        return out.append(']').toString();
    }

    private static void placeholder(Class<?> type, StringBuilder out, int depth) {
        if (type == String.class || type == char.class || type == Character.class || Temporal.class.isAssignableFrom(type)
                || type.isEnum()) {
            out.append("\"\"");
        } else if (type == boolean.class || type == Boolean.class) {
            out.append("false");
        } else if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type == BigDecimal.class
                || type == BigInteger.class) {
            out.append('0');
        } else if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            out.append("[]");
        } else if (type.isRecord() && depth < 4) {
            out.append('{');
            RecordComponent[] components = type.getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                if (i > 0) {
                    out.append(", ");
                }
                out.append('"').append(components[i].getName()).append("\": ");
                placeholder(components[i].getType(), out, depth + 1);
            }
            out.append('}');
        } else if (Map.class.isAssignableFrom(type)) {
            out.append("{}");
        } else {
            out.append("null");
        }
    }
}
