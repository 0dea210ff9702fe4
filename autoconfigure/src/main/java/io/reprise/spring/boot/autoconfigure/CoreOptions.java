package io.reprise.spring.boot.autoconfigure;

import io.reprise.activity.ActivityOptions;
import io.reprise.common.RetryOptions;
import io.reprise.worker.WorkerOptions;
import io.reprise.worker.WorkflowImplementationOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns {@link RepriseProperties} into the core's option objects. Values were checked by
 * {@link RepriseOptionsValidator} when they were bound; an unset value leaves the core default.
 */
final class CoreOptions {

    private CoreOptions() {
    }

    /** The worker options of {@code taskQueue}: its own settings over reprise.worker-defaults. */
    static WorkerOptions.Builder workerOptions(RepriseProperties properties, String taskQueue) {
        RepriseProperties.WorkerDefaults defaults = properties.getWorkerDefaults();
        RepriseProperties.Worker own = properties.getWorkers().getOrDefault(taskQueue, new RepriseProperties.Worker());
        WorkerOptions.Builder builder = WorkerOptions.newBuilder()
                .setWorkflowTaskPollers(or(own.getWorkflowPollers(), defaults.getWorkflowPollers()))
                .setActivityTaskPollers(or(own.getActivityPollers(), defaults.getActivityPollers()))
                .setMaxConcurrentWorkflowTaskExecutions(
                        or(own.getMaxConcurrentWorkflowTasks(), defaults.getMaxConcurrentWorkflowTasks()))
                .setMaxConcurrentActivityExecutions(
                        or(own.getMaxConcurrentActivities(), defaults.getMaxConcurrentActivities()))
                .setMaxConcurrentLocalActivityExecutions(
                        or(own.getMaxConcurrentLocalActivities(), defaults.getMaxConcurrentLocalActivities()))
                .setMaxActivitiesPerSecond(or(own.getActivitiesPerSecond(), defaults.getActivitiesPerSecond()))
                .setMaxTaskQueueActivitiesPerSecond(
                        or(own.getTaskQueueActivitiesPerSecond(), defaults.getTaskQueueActivitiesPerSecond()));
        setIfPresent(or(own.getGracefulStopTimeout(), defaults.getGracefulStopTimeout()),
                builder::setGracefulStopTimeout);
        return builder;
    }

    /**
     * The activity options every registered workflow implementation gets: reprise.activity-defaults
     * and, per Activity Type, reprise.activities.&lt;type&gt;. A type's retry options are merged
     * field by field over the defaults' ones, so setting only {@code maximum-attempts} for a type
     * keeps the default intervals.
     */
    static WorkflowImplementationOptions workflowImplementationOptions(RepriseProperties properties) {
        RepriseProperties.ActivityOptionsProperties defaults = properties.getActivityDefaults();
        Map<String, ActivityOptions> perType = new LinkedHashMap<>();
        properties.getActivities().forEach((type, own) ->
                perType.put(type, activityOptions(own, mergeRetry(own.getRetry(), defaults.getRetry()))));
        return WorkflowImplementationOptions.newBuilder()
                .setDefaultActivityOptions(activityOptions(defaults, defaults.getRetry()))
                .setActivityOptions(perType)
                .build();
    }

    private static ActivityOptions activityOptions(RepriseProperties.ActivityOptionsProperties p,
            RepriseProperties.Retry retry) {
        ActivityOptions.Builder builder = ActivityOptions.newBuilder()
                .setStartToCloseTimeout(p.getStartToCloseTimeout())
                .setScheduleToCloseTimeout(p.getScheduleToCloseTimeout())
                .setScheduleToStartTimeout(p.getScheduleToStartTimeout())
                .setHeartbeatTimeout(p.getHeartbeatTimeout());
        if (retry.isSet()) {
            builder.setRetryOptions(retryOptions(retry));
        }
        return builder.build();
    }

    private static RetryOptions retryOptions(RepriseProperties.Retry retry) {
        RetryOptions.Builder builder = RetryOptions.newBuilder();
        setIfPresent(retry.getInitialInterval(), builder::setInitialInterval);
        setIfPresent(retry.getBackoffCoefficient(), builder::setBackoffCoefficient);
        setIfPresent(retry.getMaximumInterval(), builder::setMaximumInterval);
        setIfPresent(retry.getMaximumAttempts(), builder::setMaximumAttempts);
        if (retry.getNonRetryableErrorTypes() != null) {
            builder.setDoNotRetry(retry.getNonRetryableErrorTypes().toArray(String[]::new));
        }
        return builder.build();
    }

    /** {@code own}'s retry options with every unset one taken from {@code inherited} (may be null). */
    static RepriseProperties.Retry mergeRetry(RepriseProperties.Retry own, RepriseProperties.Retry inherited) {
        if (inherited == null) {
            return own;
        }
        RepriseProperties.Retry merged = new RepriseProperties.Retry();
        merged.setInitialInterval(or(own.getInitialInterval(), inherited.getInitialInterval()));
        merged.setBackoffCoefficient(or(own.getBackoffCoefficient(), inherited.getBackoffCoefficient()));
        merged.setMaximumInterval(or(own.getMaximumInterval(), inherited.getMaximumInterval()));
        merged.setMaximumAttempts(or(own.getMaximumAttempts(), inherited.getMaximumAttempts()));
        merged.setNonRetryableErrorTypes(or(own.getNonRetryableErrorTypes(), inherited.getNonRetryableErrorTypes()));
        return merged;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static <T> void setIfPresent(T value, Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }
}
