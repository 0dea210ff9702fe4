package io.reprise.spring.boot.worker;

import io.reprise.internal.metadata.ActivityInterfaceMetadata;
import io.reprise.internal.metadata.ActivityMethodMetadata;
import io.reprise.internal.metadata.WorkflowInterfaceMetadata;
import io.reprise.internal.replay.ActivityStubProbe;
import io.reprise.spring.boot.ActivityImpl;
import io.reprise.spring.boot.WorkflowImpl;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.testing.WorkflowReplayer;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkflowImplementationOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link WorkflowImpl @WorkflowImpl} and {@link ActivityImpl @ActivityImpl} beans,
 * creates one worker per Task Queue they name, and registers them into it. Runs once every
 * singleton exists, before the workers start; any problem (a duplicate type, a class with no
 * workflow or activity interface, a bad Task Queue) stops the application with a
 * {@link RepriseStartupException}.
 *
 * <p>Workflows are registered as factories that ask the bean factory for a new (prototype)
 * instance per execution. Activities are registered as the bean Spring hands out, proxy
 * included, while their interfaces are read from the class behind the proxy.
 */
public class WorkerRegistrar implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(WorkerRegistrar.class);

    private final ConfigurableListableBeanFactory beanFactory;
    private final Environment environment;
    private final WorkerFactory workerFactory;
    private final WorkflowImplementationOptions implementationOptions;
    private final Function<String, WorkerOptions> workerOptions;
    private final String defaultTaskQueue;
    private final Configured configured;

    /**
     * What the configuration names, so that a name no bean matches (a typo, most likely) is
     * reported.
     *
     * @param taskQueues the Task Queues given options of their own ({@code reprise.workers.<queue>})
     * @param activityTypes the Activity Types given options of their own ({@code reprise.activities.<type>})
     */
    public record Configured(Set<String> taskQueues, Set<String> activityTypes) {
    }

    /**
     * @param workerOptions the options of the worker of a Task Queue
     * @param defaultTaskQueue the queue of beans that name none, or {@code null}
     */
    public WorkerRegistrar(ConfigurableListableBeanFactory beanFactory, Environment environment,
            WorkerFactory workerFactory, WorkflowImplementationOptions implementationOptions,
            Function<String, WorkerOptions> workerOptions, String defaultTaskQueue, Configured configured) {
        this.beanFactory = beanFactory;
        this.environment = environment;
        this.workerFactory = workerFactory;
        this.implementationOptions = implementationOptions;
        this.workerOptions = workerOptions;
        this.defaultTaskQueue = defaultTaskQueue;
        this.configured = configured;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<Implementation> implementations = new ArrayList<>();
        for (String name : beanFactory.getBeanNamesForAnnotation(WorkflowImpl.class)) {
            implementations.add(workflow(name));
        }
        for (String name : beanFactory.getBeanNamesForAnnotation(ActivityImpl.class)) {
            implementations.add(activity(name));
        }
        Map<String, List<Implementation>> byQueue = new TreeMap<>();
        for (Implementation implementation : implementations) {
            for (String queue : implementation.taskQueues()) {
                byQueue.computeIfAbsent(queue, q -> new ArrayList<>()).add(implementation);
            }
        }
        byQueue.forEach(this::checkUnique);
        implementations.stream().filter(WorkflowBean.class::isInstance).map(WorkflowBean.class::cast)
                .forEach(WorkflowBean::checkActivityStubs);
        byQueue.forEach(this::createWorker);

        Set<String> activityTypes = new TreeSet<>();
        implementations.stream().filter(ActivityBean.class::isInstance)
                .forEach(implementation -> activityTypes.addAll(implementation.types()));
        warnUnmatched("reprise.workers", "Task Queue", configured.taskQueues(), byQueue.keySet());
        warnUnmatched("reprise.activities", "Activity Type", configured.activityTypes(), activityTypes);
    }

    /**
     * Registers every {@link WorkflowImpl @WorkflowImpl} bean into {@code replayer} exactly as into
     * the workers: a new bean from the bean factory per replay, with the application's
     * {@link WorkflowImplementationOptions}. Callable at any time once the context is refreshed.
     */
    public void registerWorkflowImplementations(WorkflowReplayer.Builder replayer) {
        for (String name : beanFactory.getBeanNamesForAnnotation(WorkflowImpl.class)) {
            workflow(name).registerInto(replayer);
        }
    }

    private static void warnUnmatched(String property, String kind, Set<String> configuredNames, Set<String> known) {
        for (String name : configuredNames) {
            if (!known.contains(name)) {
                log.warn("{}.{}: no @WorkflowImpl/@ActivityImpl bean of this application has the {} \"{}\", so "
                        + "these options have no effect (known: {}); check the spelling", property, name, kind, name,
                        known);
            }
        }
    }

    /** What a discovered bean contributes to the workers of its queues. */
    private sealed interface Implementation permits WorkflowBean, ActivityBean {
        String beanName();

        Class<?> beanClass();

        Set<String> taskQueues();

        /** "Workflow" or "Activity". */
        String kind();

        /** The Workflow or Activity Types it implements. */
        List<String> types();

        void registerInto(Worker worker);
    }

    private record WorkflowBean(String beanName, Class<?> beanClass, Set<String> taskQueues,
            List<WorkflowInterfaceMetadata> interfaces, WorkflowImplementationOptions options,
            Supplier<Object> newInstance) implements Implementation {

        @Override
        public String kind() {
            return "Workflow";
        }

        @Override
        public List<String> types() {
            return interfaces.stream().map(WorkflowInterfaceMetadata::workflowType).toList();
        }

        @Override
        public void registerInto(Worker worker) {
            for (WorkflowInterfaceMetadata iface : interfaces) {
                registerFactory(worker, iface.type());
            }
        }

        private <T> void registerFactory(Worker worker, Class<T> iface) {
            worker.registerWorkflowImplementationFactory(iface, () -> iface.cast(newInstance.get()), options);
        }

        /** Fails the startup when constructing the workflow makes an activity stub without a timeout. */
        void checkActivityStubs() {
            ActivityStubProbe.check(newInstance, options).ifPresent(problem -> {
                throw RepriseStartupException.incompleteActivityOptions(beanName, beanClass, problem.activityType(),
                        problem.error());
            });
        }

        void registerInto(WorkflowReplayer.Builder replayer) {
            for (WorkflowInterfaceMetadata iface : interfaces) {
                registerFactory(replayer, iface.type());
            }
        }

        private <T> void registerFactory(WorkflowReplayer.Builder replayer, Class<T> iface) {
            replayer.registerWorkflowImplementationFactory(iface, () -> iface.cast(newInstance.get()), options);
        }
    }

    private record ActivityBean(String beanName, Class<?> beanClass, Set<String> taskQueues, List<String> types,
            Object bean) implements Implementation {

        @Override
        public String kind() {
            return "Activity";
        }

        @Override
        public void registerInto(Worker worker) {
            worker.registerActivitiesImplementations(bean);
        }
    }

    private WorkflowBean workflow(String beanName) {
        Class<?> type = beanFactory.getType(beanName);
        if (type == null) {
            throw new IllegalStateException("Cannot tell the class of @WorkflowImpl bean '" + beanName + "'");
        }
        Class<?> beanClass = ClassUtils.getUserClass(type);
        WorkflowImpl annotation = beanFactory.findAnnotationOnBean(beanName, WorkflowImpl.class);
        List<WorkflowInterfaceMetadata> interfaces;
        try {
            interfaces = WorkflowInterfaceMetadata.implementedBy(beanClass);
        } catch (IllegalArgumentException e) {
            throw RepriseStartupException.invalidInterface("@WorkflowImpl", beanName, beanClass, e);
        }
        if (interfaces.isEmpty()) {
            throw RepriseStartupException.noInterface("@WorkflowImpl", "@WorkflowInterface", beanName, beanClass);
        }
        Set<String> queues = taskQueues("@WorkflowImpl", beanName, beanClass, annotation.taskQueues());
        return new WorkflowBean(beanName, beanClass, queues, interfaces, implementationOptions,
                () -> beanFactory.getBean(beanName));
    }

    private ActivityBean activity(String beanName) {
        Object bean = beanFactory.getBean(beanName);
        Class<?> beanClass = AopUtils.getTargetClass(bean);
        ActivityImpl annotation = beanFactory.findAnnotationOnBean(beanName, ActivityImpl.class);
        List<String> types = new ArrayList<>();
        try {
            for (ActivityInterfaceMetadata iface : ActivityInterfaceMetadata.implementedBy(beanClass)) {
                iface.methods().stream().map(ActivityMethodMetadata::activityType).forEach(types::add);
            }
        } catch (IllegalArgumentException e) {
            throw RepriseStartupException.invalidInterface("@ActivityImpl", beanName, beanClass, e);
        }
        if (types.isEmpty()) {
            throw RepriseStartupException.noInterface("@ActivityImpl", "@ActivityInterface", beanName, beanClass);
        }
        Set<String> queues = taskQueues("@ActivityImpl", beanName, beanClass, annotation.taskQueues());
        return new ActivityBean(beanName, beanClass, queues, List.copyOf(types), bean);
    }

    /** The declared queues with placeholders resolved, or the default queue when none is declared. */
    private Set<String> taskQueues(String annotation, String beanName, Class<?> beanClass, String[] declared) {
        if (declared.length == 0) {
            if (defaultTaskQueue == null) {
                throw RepriseStartupException.noTaskQueue(annotation, beanName, beanClass);
            }
            return Set.of(defaultTaskQueue);
        }
        Set<String> queues = new LinkedHashSet<>();
        for (String raw : declared) {
            String queue;
            try {
                queue = environment.resolveRequiredPlaceholders(raw);
            } catch (IllegalArgumentException e) {
                throw RepriseStartupException.badTaskQueue(annotation, beanName, beanClass, raw,
                        "the placeholder cannot be resolved (" + e.getMessage() + ")");
            }
            if (queue.isBlank()) {
                throw RepriseStartupException.badTaskQueue(annotation, beanName, beanClass, raw,
                        "the name is blank");
            }
            queues.add(queue);
        }
        return queues;
    }

    private void checkUnique(String queue, List<Implementation> implementations) {
        Map<String, Implementation> byType = new HashMap<>();
        for (Implementation implementation : implementations) {
            for (String type : implementation.types()) {
                Implementation other = byType.putIfAbsent(implementation.kind() + ":" + type, implementation);
                if (other != null && other != implementation) {
                    throw RepriseStartupException.duplicateType(implementation.kind(), type, queue,
                            other.beanName(), other.beanClass(), implementation.beanName(),
                            implementation.beanClass());
                }
            }
        }
    }

    private void createWorker(String queue, List<Implementation> implementations) {
        Worker worker = workerFactory.newWorker(queue, workerOptions.apply(queue));
        implementations.forEach(implementation -> implementation.registerInto(worker));
        log.info("Reprise worker for task queue \"{}\": workflow types {}, activity types {}", queue,
                worker.getRegisteredWorkflowTypes(), worker.getRegisteredActivityTypes());
    }
}
