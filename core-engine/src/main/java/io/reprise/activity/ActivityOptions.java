package io.reprise.activity;

import io.reprise.common.RetryOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a workflow invokes an Activity. One of {@link #getStartToCloseTimeout()} or
 * {@link #getScheduleToCloseTimeout()} is required; Start-To-Close defaults to Schedule-To-Close.
 * Every field defaults to "not set" ({@code null}): the task queue then is the workflow's, the
 * retry policy {@link RetryOptions#DEFAULT}, the activity id a sequence number unique in the run.
 */
public final class ActivityOptions {

    private final String activityId;
    private final String taskQueue;
    private final Duration scheduleToCloseTimeout;
    private final Duration scheduleToStartTimeout;
    private final Duration startToCloseTimeout;
    private final Duration heartbeatTimeout;
    private final RetryOptions retryOptions;
    private final ActivityCancellationType cancellationType;

    private ActivityOptions(Builder b) {
        this.cancellationType = b.cancellationType;
        this.activityId = b.activityId;
        this.taskQueue = b.taskQueue;
        this.scheduleToCloseTimeout = b.scheduleToCloseTimeout;
        this.scheduleToStartTimeout = b.scheduleToStartTimeout;
        this.startToCloseTimeout = b.startToCloseTimeout;
        this.heartbeatTimeout = b.heartbeatTimeout;
        this.retryOptions = b.retryOptions;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder starting from {@code options}. */
    public static Builder newBuilder(ActivityOptions options) {
        return new Builder()
                .setActivityId(options.activityId)
                .setTaskQueue(options.taskQueue)
                .setScheduleToCloseTimeout(options.scheduleToCloseTimeout)
                .setScheduleToStartTimeout(options.scheduleToStartTimeout)
                .setStartToCloseTimeout(options.startToCloseTimeout)
                .setHeartbeatTimeout(options.heartbeatTimeout)
                .setRetryOptions(options.retryOptions)
                .setCancellationType(options.cancellationType);
    }

    /**
     * These options with every unset field taken from {@code defaults} (explicit values win).
     */
    public ActivityOptions mergedOver(ActivityOptions defaults) {
        if (defaults == null) {
            return this;
        }
        return new Builder()
                .setActivityId(activityId)
                .setTaskQueue(taskQueue != null ? taskQueue : defaults.taskQueue)
                .setScheduleToCloseTimeout(or(scheduleToCloseTimeout, defaults.scheduleToCloseTimeout))
                .setScheduleToStartTimeout(or(scheduleToStartTimeout, defaults.scheduleToStartTimeout))
                .setStartToCloseTimeout(or(startToCloseTimeout, defaults.startToCloseTimeout))
                .setHeartbeatTimeout(or(heartbeatTimeout, defaults.heartbeatTimeout))
                .setRetryOptions(retryOptions != null ? retryOptions : defaults.retryOptions)
                .setCancellationType(cancellationType != null ? cancellationType : defaults.cancellationType)
                .build();
    }

    private static Duration or(Duration a, Duration b) {
        return a != null ? a : b;
    }

    /**
     * Checks that these options can schedule an activity.
     *
     * @throws IllegalArgumentException naming the missing or bad option and the fix
     */
    public void validate(String activityType) {
        if (startToCloseTimeout == null && scheduleToCloseTimeout == null) {
            throw new IllegalArgumentException("ActivityOptions for activity \"" + activityType
                    + "\": one of startToCloseTimeout or scheduleToCloseTimeout is required; "
                    + "set e.g. ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10))");
        }
        requirePositive("scheduleToCloseTimeout", scheduleToCloseTimeout, activityType);
        requirePositive("scheduleToStartTimeout", scheduleToStartTimeout, activityType);
        requirePositive("startToCloseTimeout", startToCloseTimeout, activityType);
        requirePositive("heartbeatTimeout", heartbeatTimeout, activityType);
        if (taskQueue != null && taskQueue.isBlank()) {
            throw new IllegalArgumentException("ActivityOptions for activity \"" + activityType
                    + "\": taskQueue is blank; leave it unset to use the workflow's task queue");
        }
    }

    private static void requirePositive(String name, Duration value, String activityType) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new IllegalArgumentException("ActivityOptions for activity \"" + activityType + "\": " + name
                    + " must be positive, got " + value);
        }
    }

    public String getActivityId() {
        return activityId;
    }

    public String getTaskQueue() {
        return taskQueue;
    }

    public Duration getScheduleToCloseTimeout() {
        return scheduleToCloseTimeout;
    }

    public Duration getScheduleToStartTimeout() {
        return scheduleToStartTimeout;
    }

    public Duration getStartToCloseTimeout() {
        return startToCloseTimeout;
    }

    public Duration getHeartbeatTimeout() {
        return heartbeatTimeout;
    }

    public RetryOptions getRetryOptions() {
        return retryOptions;
    }

    /** What canceling the activity's scope does; {@code null} (unset) means {@link ActivityCancellationType#TRY_CANCEL}. */
    public ActivityCancellationType getCancellationType() {
        return cancellationType;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivityOptions a && Objects.equals(activityId, a.activityId)
                && Objects.equals(taskQueue, a.taskQueue)
                && Objects.equals(scheduleToCloseTimeout, a.scheduleToCloseTimeout)
                && Objects.equals(scheduleToStartTimeout, a.scheduleToStartTimeout)
                && Objects.equals(startToCloseTimeout, a.startToCloseTimeout)
                && Objects.equals(heartbeatTimeout, a.heartbeatTimeout)
                && Objects.equals(retryOptions, a.retryOptions)
                && Objects.equals(cancellationType, a.cancellationType);
    }

    @Override
    public int hashCode() {
        return Objects.hash(activityId, taskQueue, scheduleToCloseTimeout, scheduleToStartTimeout,
                startToCloseTimeout, heartbeatTimeout, retryOptions, cancellationType);
    }

    @Override
    public String toString() {
        return "ActivityOptions{activityId=" + activityId + ", taskQueue=" + taskQueue + ", scheduleToClose="
                + scheduleToCloseTimeout + ", scheduleToStart=" + scheduleToStartTimeout + ", startToClose="
                + startToCloseTimeout + ", heartbeat=" + heartbeatTimeout + ", retry=" + retryOptions + "}";
    }

    /** Builder; every field starts unset. */
    public static final class Builder {
        private String activityId;
        private String taskQueue;
        private Duration scheduleToCloseTimeout;
        private Duration scheduleToStartTimeout;
        private Duration startToCloseTimeout;
        private Duration heartbeatTimeout;
        private RetryOptions retryOptions;
        private ActivityCancellationType cancellationType;

        private Builder() {
        }

        /** What canceling the activity's {@code CancellationScope} does. Default {@link ActivityCancellationType#TRY_CANCEL}. */
        public Builder setCancellationType(ActivityCancellationType cancellationType) {
            this.cancellationType = cancellationType;
            return this;
        }

        /** Activity Id; unique among the open activities of the run. Default: a sequence number. */
        public Builder setActivityId(String activityId) {
            this.activityId = activityId;
            return this;
        }

        /** Task Queue the activity is dispatched to. Default: the workflow's task queue. */
        public Builder setTaskQueue(String taskQueue) {
            this.taskQueue = taskQueue;
            return this;
        }

        /** Limit for the whole execution, retries included. Default: unlimited. */
        public Builder setScheduleToCloseTimeout(Duration timeout) {
            this.scheduleToCloseTimeout = timeout;
            return this;
        }

        /** Limit for waiting in the Task Queue; a timeout is never retried. Default: unlimited. */
        public Builder setScheduleToStartTimeout(Duration timeout) {
            this.scheduleToStartTimeout = timeout;
            return this;
        }

        /** Limit for one attempt. Default: the Schedule-To-Close Timeout. */
        public Builder setStartToCloseTimeout(Duration timeout) {
            this.startToCloseTimeout = timeout;
            return this;
        }

        /** Maximum time between Heartbeats. Default: none. */
        public Builder setHeartbeatTimeout(Duration timeout) {
            this.heartbeatTimeout = timeout;
            return this;
        }

        /** Retry policy. Default: {@link RetryOptions#DEFAULT}. */
        public Builder setRetryOptions(RetryOptions retryOptions) {
            this.retryOptions = retryOptions;
            return this;
        }

        public ActivityOptions build() {
            return new ActivityOptions(this);
        }
    }
}
