package io.reprise.spring.boot.diagnostics;

import java.time.Duration;
import java.util.List;

/**
 * Reprise cannot start with this application's beans or configuration. Carries what is wrong
 * and what to do about it; {@link RepriseStartupFailureAnalyzer} shows both instead of a stack
 * trace.
 */
public final class RepriseStartupException extends RuntimeException {

    private final String description;
    private final String action;
    private final String propertyName;

    private RepriseStartupException(String description, String action, String propertyName, Throwable cause) {
        super(description, cause);
        this.description = description;
        this.action = action;
        this.propertyName = propertyName;
    }

    /** What is wrong. */
    public String getDescription() {
        return description;
    }

    /** What to do about it. */
    public String getAction() {
        return action;
    }

    /** The configuration property at fault, or {@code null} when the fault is in code. */
    public String getPropertyName() {
        return propertyName;
    }

    /**
     * A configuration property has a value Reprise cannot use.
     *
     * @param propertyName the full property name, e.g. {@code reprise.workers.orders.workflow-pollers}
     * @param value the bound value
     * @param requirement what the value must be, e.g. {@code "at least 1"}
     * @param example a valid value to suggest, e.g. {@code "2"}
     */
    public static RepriseStartupException invalidProperty(String propertyName, Object value, String requirement,
            String example) {
        return new RepriseStartupException(
                "Invalid value for " + propertyName + ": " + format(value) + ". It must be " + requirement + ".",
                "Set " + propertyName + " to " + requirement + " (for example " + example
                        + "), or remove it to use the default.",
                propertyName, null);
    }

    /**
     * A setting Reprise cannot start with that is more than one value out of range: properties that do not go
     * together, a file or an SSL bundle that cannot be used, a port that is taken.
     *
     * @param propertyName the property to change first (its origin is shown)
     * @param description what is wrong
     * @param action what to do
     * @param cause the underlying failure, or {@code null}
     */
    public static RepriseStartupException misconfigured(String propertyName, String description, String action,
            Throwable cause) {
        return new RepriseStartupException(description, action, propertyName, cause);
    }

    /**
     * {@code reprise.store.type} names a kind of store this version of Reprise does not have.
     *
     * @param value the configured value, e.g. {@code postgres}
     * @param supported the values that have a store, the default first, e.g. {@code [sqlite, memory]}
     */
    public static RepriseStartupException unsupportedStoreType(String value, List<String> supported) {
        String name = "reprise.store.type";
        return new RepriseStartupException(
                "Invalid value for " + name + ": \"" + value + "\". This version of Reprise has no store of that type; "
                        + "the supported types are " + String.join(", ", supported) + ".",
                "Set " + name + " to one of " + String.join(", ", supported) + " (or remove it to use the default, "
                        + supported.get(0) + ").",
                name, null);
    }

    /** reprise.store.type is postgres, without reprise.store.postgres.url and without a DataSource bean. */
    public static RepriseStartupException noPostgresDataSource() {
        return new RepriseStartupException("reprise.store.type is postgres, but reprise.store.postgres.url is not set"
                + " and the application has no DataSource.",
                "Configure the application's DataSource (spring.datasource.url, with spring-boot-starter-jdbc), or give"
                + " Reprise a connection of its own with reprise.store.postgres.url (and .username, .password).",
                "reprise.store.postgres.url", null);
    }

    /** reprise.store.postgres.url is set but the PostgreSQL JDBC driver is not on the classpath. */
    public static RepriseStartupException noPostgresDriver() {
        return new RepriseStartupException("reprise.store.postgres.url is set, but the PostgreSQL JDBC driver is not"
                + " on the classpath.",
                "Add the dependency org.postgresql:postgresql (runtime scope is enough).",
                "reprise.store.postgres.url", null);
    }

    private static String format(Object value) {
        return value instanceof Duration d ? DurationFormat.of(d) : String.valueOf(value);
    }

    /** Two beans implement the same Workflow or Activity Type on one Task Queue. */
    public static RepriseStartupException duplicateType(String kind, String type, String taskQueue, String firstBean,
            Class<?> firstClass, String secondBean, Class<?> secondClass) {
        String annotation = kind.equals("Workflow") ? "@WorkflowImpl" : "@ActivityImpl";
        return new RepriseStartupException(
                kind + " type \"" + type + "\" is implemented twice on task queue \"" + taskQueue + "\": by bean '"
                        + firstBean + "' (" + firstClass.getName() + ") and by bean '" + secondBean + "' ("
                        + secondClass.getName() + "). A worker runs exactly one implementation of each type.",
                "Keep one implementation of \"" + type + "\" on task queue \"" + taskQueue + "\": remove "
                        + annotation + " (or the bean) from one of them, or give them different task queues with "
                        + annotation + "(taskQueues = ...).",
                null, null);
    }

    /** A bean is annotated but implements no interface of the matching kind. */
    public static RepriseStartupException noInterface(String annotation, String interfaceAnnotation, String beanName,
            Class<?> beanClass) {
        return new RepriseStartupException(
                "Bean '" + beanName + "' (" + beanClass.getName() + ") is annotated with " + annotation
                        + " but implements no interface annotated with " + interfaceAnnotation + ".",
                "Make " + beanClass.getSimpleName() + " implement its " + interfaceAnnotation.substring(1)
                        + " (the interface workflows call through, annotated with " + interfaceAnnotation
                        + "), or remove " + annotation + " from it.",
                null, null);
    }

    /** A bean implements an interface that the core refuses (no workflow method, clashing names, ...). */
    public static RepriseStartupException invalidInterface(String annotation, String beanName, Class<?> beanClass,
            IllegalArgumentException problem) {
        return new RepriseStartupException(
                "Bean '" + beanName + "' (" + beanClass.getName() + ", " + annotation + ") cannot be registered: "
                        + problem.getMessage(),
                "Fix the interface as the message says, then start the application again.",
                null, problem);
    }

    /** A bean names no Task Queue and no default is configured. */
    public static RepriseStartupException noTaskQueue(String annotation, String beanName, Class<?> beanClass) {
        return new RepriseStartupException(
                "Bean '" + beanName + "' (" + beanClass.getName() + ") is annotated with " + annotation
                        + " without taskQueues, and reprise.default-task-queue is not set, so no worker would run it.",
                "Name its queues with " + annotation + "(taskQueues = \"orders\"), or set reprise.default-task-queue "
                        + "(e.g. reprise.default-task-queue: orders in application.yml).",
                "reprise.default-task-queue", null);
    }

    /** A Task Queue name of a bean is blank or its placeholder cannot be resolved. */
    public static RepriseStartupException badTaskQueue(String annotation, String beanName, Class<?> beanClass,
            String taskQueue, String problem) {
        return new RepriseStartupException(
                "Bean '" + beanName + "' (" + beanClass.getName() + ") has " + annotation + "(taskQueues = "
                        + List.of(taskQueue) + "): " + problem + ".",
                "Give every entry of taskQueues a non-blank name, or a ${...} placeholder whose property is set "
                        + "(a default works too: ${orders.task-queue:orders}).",
                null, null);
    }

    /** Options a customizer produced for a worker were refused by the core. */
    public static RepriseStartupException invalidWorkerOptions(String taskQueue, IllegalArgumentException problem) {
        return new RepriseStartupException(
                "The worker options of task queue \"" + taskQueue + "\" are invalid: " + problem.getMessage(),
                "Check the RepriseWorkerOptionsCustomizer beans that change the options of \"" + taskQueue
                        + "\" and reprise.workers." + taskQueue + ".* in your configuration.",
                null, problem);
    }

    /**
     * Creating a {@code @WorkflowImpl} bean makes an activity stub whose options have no
     * Start-To-Close or Schedule-To-Close timeout anywhere (code, per-type configuration, defaults),
     * so every execution of it would fail its first workflow task.
     */
    public static RepriseStartupException incompleteActivityOptions(String beanName, Class<?> beanClass,
            String activityType, IllegalArgumentException problem) {
        return new RepriseStartupException(
                "Bean '" + beanName + "' (" + beanClass.getName() + ", @WorkflowImpl) creates an activity stub "
                        + "for Activity Type \"" + activityType + "\" with incomplete options: "
                        + problem.getMessage() + ". Every execution would fail its first workflow task.",
                "Give the activity a timeout in application.yml: reprise.activities." + activityType
                        + ".start-to-close-timeout (this type) or reprise.activity-defaults.start-to-close-timeout "
                        + "(every activity), e.g. 10s; or pass ActivityOptions with a timeout to "
                        + "Workflow.newActivityStub in the workflow code.",
                null, problem);
    }
}
