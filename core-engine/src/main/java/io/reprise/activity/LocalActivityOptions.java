package io.reprise.activity;

import io.reprise.common.RetryOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a workflow invokes a local activity: one that runs in the worker process that runs the
 * workflow, with no Task Queue round trip, and is recorded as one {@code MarkerRecorded} event.
 * One of Start-To-Close or Schedule-To-Close is required.
 *
 * <p>Retries happen in the worker while the backoff is at most {@link #getLocalRetryThreshold()}
 * (default 1 minute); a longer backoff is waited with a durable timer, after which the next attempt runs.
 */
public final class LocalActivityOptions {

    /** The default local retry threshold: 1 minute. */
    public static final Duration DEFAULT_LOCAL_RETRY_THRESHOLD = Duration.ofMinutes(1);

    private final Duration scheduleToCloseTimeout;
    private final Duration startToCloseTimeout;
    private final RetryOptions retryOptions;
    private final Duration localRetryThreshold;

    private LocalActivityOptions(Builder b) {
        this.scheduleToCloseTimeout = b.scheduleToCloseTimeout;
        this.startToCloseTimeout = b.startToCloseTimeout;
        this.retryOptions = b.retryOptions;
        this.localRetryThreshold = b.localRetryThreshold;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Limit for all attempts together, backoffs included. Default: unlimited. */
    public Duration getScheduleToCloseTimeout() {
        return scheduleToCloseTimeout;
    }

    /** Limit for one attempt. Default: the Schedule-To-Close Timeout. */
    public Duration getStartToCloseTimeout() {
        return startToCloseTimeout;
    }

    /** Retry policy; {@code null} means {@link RetryOptions#DEFAULT}. */
    public RetryOptions getRetryOptions() {
        return retryOptions;
    }

    /** Backoffs up to this are waited in the worker; longer ones with a durable timer. Default 1 minute. */
    public Duration getLocalRetryThreshold() {
        return localRetryThreshold;
    }

    /**
     * @throws IllegalArgumentException naming the missing or bad option and the fix
     */
    public void validate(String activityType) {
        if (startToCloseTimeout == null && scheduleToCloseTimeout == null) {
            throw new IllegalArgumentException("LocalActivityOptions for activity \"" + activityType
                    + "\": one of startToCloseTimeout or scheduleToCloseTimeout is required; set e.g. "
                    + "LocalActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(5))");
        }
        positive("scheduleToCloseTimeout", scheduleToCloseTimeout, activityType);
        positive("startToCloseTimeout", startToCloseTimeout, activityType);
        positive("localRetryThreshold", localRetryThreshold, activityType);
    }

    private static void positive(String name, Duration value, String activityType) {
        if (value != null && !value.isPositive()) {
            throw new IllegalArgumentException("LocalActivityOptions for activity \"" + activityType + "\": " + name
                    + " must be positive, got " + value);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LocalActivityOptions l && Objects.equals(scheduleToCloseTimeout, l.scheduleToCloseTimeout)
                && Objects.equals(startToCloseTimeout, l.startToCloseTimeout)
                && Objects.equals(retryOptions, l.retryOptions)
                && Objects.equals(localRetryThreshold, l.localRetryThreshold);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheduleToCloseTimeout, startToCloseTimeout, retryOptions, localRetryThreshold);
    }

    /** Builder; timeouts and retry options start unset, the local retry threshold at 1 minute. */
    public static final class Builder {
        private Duration scheduleToCloseTimeout;
        private Duration startToCloseTimeout;
        private RetryOptions retryOptions;
        private Duration localRetryThreshold = DEFAULT_LOCAL_RETRY_THRESHOLD;

        private Builder() {
        }

        public Builder setScheduleToCloseTimeout(Duration timeout) {
            this.scheduleToCloseTimeout = timeout;
            return this;
        }

        public Builder setStartToCloseTimeout(Duration timeout) {
            this.startToCloseTimeout = timeout;
            return this;
        }

        public Builder setRetryOptions(RetryOptions retryOptions) {
            this.retryOptions = retryOptions;
            return this;
        }

        public Builder setLocalRetryThreshold(Duration threshold) {
            this.localRetryThreshold = threshold;
            return this;
        }

        public LocalActivityOptions build() {
            return new LocalActivityOptions(this);
        }
    }
}
