package io.reprise.spring.boot.autoconfigure;

import io.reprise.engine.EngineOptions;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.spring.boot.diagnostics.DurationFormat;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import java.time.Duration;
import java.util.Map;

/**
 * Checks every {@code reprise.*} value once, when the properties are bound, and names the exact
 * property at fault. The core's builders check the same rules, but their messages name builder
 * fields, not the keys a user wrote in application.yml.
 */
final class RepriseOptionsValidator {

    private RepriseOptionsValidator() {
    }

    static void validate(RepriseProperties properties) {
        notBlank("reprise.namespace", properties.getNamespace(), "default");
        namespaceName("reprise.namespace", properties.getNamespace());
        for (Map.Entry<String, RepriseProperties.Namespace> e : properties.getEngine().getNamespaces().entrySet()) {
            namespaceName("reprise.engine.namespaces." + e.getKey(), e.getKey());
            Duration retention = e.getValue().getRetention();
            if (retention != null && (retention.compareTo(NamespaceConfig.MIN_RETENTION) < 0
                    || retention.compareTo(NamespaceConfig.MAX_RETENTION) > 0)) {
                throw RepriseStartupException.invalidProperty("reprise.engine.namespaces." + e.getKey() + ".retention",
                        DurationFormat.of(retention), "a duration between 1d and 36500d", "7d");
            }
        }
        if (properties.getDefaultTaskQueue() != null) {
            notBlank("reprise.default-task-queue", properties.getDefaultTaskQueue(), "orders");
        }
        atLeast("reprise.workflow-cache-size", properties.getWorkflowCacheSize(), 0, "600");
        if (properties.getStore().getType() == RepriseProperties.Store.Type.SQLITE) {
            notBlank("reprise.store.path", properties.getStore().getPath(), "./reprise-data/reprise.db");
        }

        RepriseProperties.WorkerDefaults defaults = properties.getWorkerDefaults();
        String prefix = "reprise.worker-defaults.";
        atLeast(prefix + "workflow-pollers", defaults.getWorkflowPollers(), 1, "2");
        atLeast(prefix + "activity-pollers", defaults.getActivityPollers(), 1, "2");
        atLeast(prefix + "max-concurrent-workflow-tasks", defaults.getMaxConcurrentWorkflowTasks(), 1, "200");
        atLeast(prefix + "max-concurrent-activities", defaults.getMaxConcurrentActivities(), 1, "200");
        notNegative(prefix + "graceful-stop-timeout", defaults.getGracefulStopTimeout());
        atLeast(prefix + "max-concurrent-local-activities", defaults.getMaxConcurrentLocalActivities(), 1, "200");
        rate(prefix + "activities-per-second", defaults.getActivitiesPerSecond());
        rate(prefix + "task-queue-activities-per-second", defaults.getTaskQueueActivitiesPerSecond());
        for (Map.Entry<String, RepriseProperties.Worker> e : properties.getWorkers().entrySet()) {
            RepriseProperties.Worker worker = e.getValue();
            prefix = "reprise.workers." + e.getKey() + ".";
            atLeast(prefix + "workflow-pollers", worker.getWorkflowPollers(), 1, "2");
            atLeast(prefix + "activity-pollers", worker.getActivityPollers(), 1, "2");
            atLeast(prefix + "max-concurrent-workflow-tasks", worker.getMaxConcurrentWorkflowTasks(), 1, "200");
            atLeast(prefix + "max-concurrent-activities", worker.getMaxConcurrentActivities(), 1, "200");
            notNegative(prefix + "graceful-stop-timeout", worker.getGracefulStopTimeout());
            atLeast(prefix + "max-concurrent-local-activities", worker.getMaxConcurrentLocalActivities(), 1, "200");
            rate(prefix + "activities-per-second", worker.getActivitiesPerSecond());
            rate(prefix + "task-queue-activities-per-second", worker.getTaskQueueActivitiesPerSecond());
        }

        RepriseProperties.ActivityOptionsProperties activityDefaults = properties.getActivityDefaults();
        activity("reprise.activity-defaults.", activityDefaults, null);
        for (Map.Entry<String, RepriseProperties.ActivityOptionsProperties> e : properties.getActivities().entrySet()) {
            activity("reprise.activities." + e.getKey() + ".", e.getValue(), activityDefaults.getRetry());
        }

        RepriseProperties.Ui ui = properties.getUi();
        String uiPath = ui.getPath();
        if (uiPath == null || !uiPath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw RepriseStartupException.invalidProperty("reprise.ui.path", "\"" + (uiPath == null ? "" : uiPath)
                    + "\"", "a path of one or more segments of letters, digits, '.', '_', '~' or '-', starting with '/' "
                    + "and not ending with it", "/reprise");
        }
        notNegative("reprise.ui.refresh-interval", ui.getRefreshInterval());
        if (ui.getEventsPageSize() < 1 || ui.getEventsPageSize() > 1000) {
            throw RepriseStartupException.invalidProperty("reprise.ui.events-page-size",
                    String.valueOf(ui.getEventsPageSize()), "a number from 1 to 1000", "100");
        }

        RepriseProperties.WorkflowDefaults workflow = properties.getWorkflowDefaults();
        positive("reprise.workflow-defaults.execution-timeout", workflow.getExecutionTimeout());
        positive("reprise.workflow-defaults.run-timeout", workflow.getRunTimeout());
        Duration taskTimeout = workflow.getTaskTimeout();
        if (taskTimeout != null && (!taskTimeout.isPositive()
                || taskTimeout.compareTo(EngineOptions.MAX_WORKFLOW_TASK_TIMEOUT) > 0)) {
            throw RepriseStartupException.invalidProperty("reprise.workflow-defaults.task-timeout", taskTimeout,
                    "a positive duration of at most 120s", "10s");
        }
    }

    private static void activity(String prefix, RepriseProperties.ActivityOptionsProperties activity,
            RepriseProperties.Retry inheritedRetry) {
        positive(prefix + "start-to-close-timeout", activity.getStartToCloseTimeout());
        positive(prefix + "schedule-to-close-timeout", activity.getScheduleToCloseTimeout());
        positive(prefix + "schedule-to-start-timeout", activity.getScheduleToStartTimeout());
        positive(prefix + "heartbeat-timeout", activity.getHeartbeatTimeout());
        RepriseProperties.Retry retry = activity.getRetry();
        positive(prefix + "retry.initial-interval", retry.getInitialInterval());
        positive(prefix + "retry.maximum-interval", retry.getMaximumInterval());
        if (retry.getBackoffCoefficient() != null && !(retry.getBackoffCoefficient() >= 1.0)) {
            throw RepriseStartupException.invalidProperty(prefix + "retry.backoff-coefficient",
                    retry.getBackoffCoefficient(), "at least 1.0", "2.0");
        }
        if (retry.getMaximumAttempts() != null && retry.getMaximumAttempts() < 0) {
            throw RepriseStartupException.invalidProperty(prefix + "retry.maximum-attempts",
                    retry.getMaximumAttempts(), "0 (unlimited) or more", "3");
        }
        if (retry.getNonRetryableErrorTypes() != null) {
            for (String type : retry.getNonRetryableErrorTypes()) {
                if (type == null || type.isBlank()) {
                    throw RepriseStartupException.invalidProperty(prefix + "retry.non-retryable-error-types",
                            retry.getNonRetryableErrorTypes(), "a list of non-blank error types",
                            "[CardDeclined, java.lang.IllegalArgumentException]");
                }
            }
        }
        RepriseProperties.Retry effective = CoreOptions.mergeRetry(retry, inheritedRetry);
        Duration initial = effective.getInitialInterval() != null ? effective.getInitialInterval()
                : Duration.ofSeconds(1);
        if (effective.getMaximumInterval() != null && effective.getMaximumInterval().compareTo(initial) < 0) {
            throw RepriseStartupException.invalidProperty(prefix + "retry.maximum-interval",
                    effective.getMaximumInterval(), "at least the initial interval, " + DurationFormat.of(initial),
                    DurationFormat.of(initial.multipliedBy(100)));
        }
    }

    private static void notBlank(String name, String value, String example) {
        if (value == null || value.isBlank()) {
            throw RepriseStartupException.invalidProperty(name, "\"" + (value == null ? "" : value) + "\"",
                    "a non-blank name", example);
        }
    }

    private static void namespaceName(String name, String value) {
        if (!NamespaceConfig.isValidName(value)) {
            throw RepriseStartupException.invalidProperty(name, "\"" + value + "\"", "a namespace name: 1 to "
                    + NamespaceConfig.MAX_NAME_LENGTH + " letters, digits, '-', '_' and '.', starting with a letter or "
                    + "a digit", "billing");
        }
    }

    private static void atLeast(String name, Integer value, int min, String example) {
        if (value != null && value < min) {
            throw RepriseStartupException.invalidProperty(name, value, "at least " + min, example);
        }
    }

    private static void rate(String name, Double value) {
        if (value != null && !(value >= 0.0 && Double.isFinite(value))) {
            throw RepriseStartupException.invalidProperty(name, value, "0 (unlimited) or a positive number", "0.5");
        }
    }

    private static void positive(String name, Duration value) {
        if (value != null && !value.isPositive()) {
            throw RepriseStartupException.invalidProperty(name, value, "a positive duration", "10s");
        }
    }

    private static void notNegative(String name, Duration value) {
        if (value != null && value.isNegative()) {
            throw RepriseStartupException.invalidProperty(name, value, "zero or a positive duration", "10s");
        }
    }
}
