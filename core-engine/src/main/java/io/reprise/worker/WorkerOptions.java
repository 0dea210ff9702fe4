package io.reprise.worker;

import java.time.Duration;

/**
 * Options of one {@link Worker} (one Task Queue). Defaults: 2 workflow task pollers, 2 activity
 * task pollers, 200 concurrent workflow tasks, 200 concurrent activity executions, a graceful
 * stop timeout of 10 s, deadlock detection after 1 s, panic policy {@link WorkflowPanicPolicy#FAIL_WORKFLOW_TASK},
 * duplicate registrations refused, heartbeat throttle intervals of 30 s (default) and 60 s (maximum),
 * 200 concurrent local activities, no activity rate limits.
 */
public final class WorkerOptions {

    private final int workflowTaskPollers;
    private final int activityTaskPollers;
    private final int maxConcurrentWorkflowTaskExecutions;
    private final int maxConcurrentActivityExecutions;
    private final Duration gracefulStopTimeout;
    private final Duration deadlockDetectionTimeout;
    private final WorkflowPanicPolicy panicPolicy;
    private final boolean allowDuplicateRegistrations;
    private final String identity;
    private final Duration defaultHeartbeatThrottleInterval;
    private final Duration maxHeartbeatThrottleInterval;
    private final int maxConcurrentLocalActivityExecutions;
    private final double maxActivitiesPerSecond;
    private final double maxTaskQueueActivitiesPerSecond;

    private WorkerOptions(Builder b) {
        this.defaultHeartbeatThrottleInterval = b.defaultHeartbeatThrottleInterval;
        this.maxHeartbeatThrottleInterval = b.maxHeartbeatThrottleInterval;
        this.maxConcurrentLocalActivityExecutions = b.maxConcurrentLocalActivityExecutions;
        this.maxActivitiesPerSecond = b.maxActivitiesPerSecond;
        this.maxTaskQueueActivitiesPerSecond = b.maxTaskQueueActivitiesPerSecond;
        this.workflowTaskPollers = b.workflowTaskPollers;
        this.activityTaskPollers = b.activityTaskPollers;
        this.maxConcurrentWorkflowTaskExecutions = b.maxConcurrentWorkflowTaskExecutions;
        this.maxConcurrentActivityExecutions = b.maxConcurrentActivityExecutions;
        this.gracefulStopTimeout = b.gracefulStopTimeout;
        this.deadlockDetectionTimeout = b.deadlockDetectionTimeout;
        this.panicPolicy = b.panicPolicy;
        this.allowDuplicateRegistrations = b.allowDuplicateRegistrations;
        this.identity = b.identity;
    }

    public static WorkerOptions getDefaultInstance() {
        return newBuilder().build();
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public int getWorkflowTaskPollers() {
        return workflowTaskPollers;
    }

    public int getActivityTaskPollers() {
        return activityTaskPollers;
    }

    public int getMaxConcurrentWorkflowTaskExecutions() {
        return maxConcurrentWorkflowTaskExecutions;
    }

    public int getMaxConcurrentActivityExecutions() {
        return maxConcurrentActivityExecutions;
    }

    public Duration getGracefulStopTimeout() {
        return gracefulStopTimeout;
    }

    public Duration getDeadlockDetectionTimeout() {
        return deadlockDetectionTimeout;
    }

    public WorkflowPanicPolicy getPanicPolicy() {
        return panicPolicy;
    }

    public boolean isAllowDuplicateRegistrations() {
        return allowDuplicateRegistrations;
    }

    /** Identity reported to the engine; {@code null} means the factory's identity. */
    public String getIdentity() {
        return identity;
    }

    /** Heartbeat throttle interval for activities without a Heartbeat Timeout. Default 30 s. */
    public Duration getDefaultHeartbeatThrottleInterval() {
        return defaultHeartbeatThrottleInterval;
    }

    /** Upper bound of the heartbeat throttle interval. Default 60 s. */
    public Duration getMaxHeartbeatThrottleInterval() {
        return maxHeartbeatThrottleInterval;
    }

    /** Local activities executed at once by this worker. Default 200. */
    public int getMaxConcurrentLocalActivityExecutions() {
        return maxConcurrentLocalActivityExecutions;
    }

    /** Activities this worker starts per second; 0 = unlimited (the default). */
    public double getMaxActivitiesPerSecond() {
        return maxActivitiesPerSecond;
    }

    /** Activities started per second across all workers of the Task Queue (enforced by the engine); 0 = unlimited. */
    public double getMaxTaskQueueActivitiesPerSecond() {
        return maxTaskQueueActivitiesPerSecond;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int workflowTaskPollers = 2;
        private int activityTaskPollers = 2;
        private int maxConcurrentWorkflowTaskExecutions = 200;
        private int maxConcurrentActivityExecutions = 200;
        private Duration gracefulStopTimeout = Duration.ofSeconds(10);
        private Duration deadlockDetectionTimeout = Duration.ofSeconds(1);
        private WorkflowPanicPolicy panicPolicy = WorkflowPanicPolicy.FAIL_WORKFLOW_TASK;
        private boolean allowDuplicateRegistrations;
        private String identity;
        private Duration defaultHeartbeatThrottleInterval = Duration.ofSeconds(30);
        private Duration maxHeartbeatThrottleInterval = Duration.ofSeconds(60);
        private int maxConcurrentLocalActivityExecutions = 200;
        private double maxActivitiesPerSecond;
        private double maxTaskQueueActivitiesPerSecond;

        private Builder() {
        }

        /**
         * Heartbeat throttle interval for an activity without a Heartbeat Timeout (with one, it is
         * 0.8 × that timeout); capped by {@link #setMaxHeartbeatThrottleInterval}. Default 30 s.
         */
        public Builder setDefaultHeartbeatThrottleInterval(Duration interval) {
            this.defaultHeartbeatThrottleInterval = interval;
            return this;
        }

        /** The longest heartbeat throttle interval. Default 60 s. */
        public Builder setMaxHeartbeatThrottleInterval(Duration interval) {
            this.maxHeartbeatThrottleInterval = interval;
            return this;
        }

        /** Local activities executed at once. Default 200. */
        public Builder setMaxConcurrentLocalActivityExecutions(int n) {
            this.maxConcurrentLocalActivityExecutions = n;
            return this;
        }

        /**
         * Activities this worker starts per second (real time); fractions allowed (0.1 = one every
         * ten seconds). Default 0 = unlimited.
         */
        public Builder setMaxActivitiesPerSecond(double perSecond) {
            this.maxActivitiesPerSecond = perSecond;
            return this;
        }

        /**
         * Activities started per second across all workers of this Task Queue; the poll carries it
         * and the engine dispatches the queue's tasks no faster (the latest value sent wins).
         * Fractions allowed. Default 0 = unlimited.
         */
        public Builder setMaxTaskQueueActivitiesPerSecond(double perSecond) {
            this.maxTaskQueueActivitiesPerSecond = perSecond;
            return this;
        }

        /** Threads long-polling workflow tasks. Default 2. */
        public Builder setWorkflowTaskPollers(int n) {
            this.workflowTaskPollers = n;
            return this;
        }

        /**
         * Threads long-polling activity tasks that always run. While polls bring tasks, more poll at
         * once, up to one per free slot ({@link #setMaxConcurrentActivityExecutions}), unless a rate
         * limit is set; they stop after a poll that brings none. Default 2.
         */
        public Builder setActivityTaskPollers(int n) {
            this.activityTaskPollers = n;
            return this;
        }

        /** Workflow tasks processed at once. Default 200. */
        public Builder setMaxConcurrentWorkflowTaskExecutions(int n) {
            this.maxConcurrentWorkflowTaskExecutions = n;
            return this;
        }

        /** Activities executed at once (slots). Default 200. */
        public Builder setMaxConcurrentActivityExecutions(int n) {
            this.maxConcurrentActivityExecutions = n;
            return this;
        }

        /** How long a stopping worker lets in-flight activities finish. Default 10 s. */
        public Builder setGracefulStopTimeout(Duration timeout) {
            this.gracefulStopTimeout = timeout;
            return this;
        }

        /** A workflow thread that runs this long without yielding fails its task. Default 1 s. */
        public Builder setDeadlockDetectionTimeout(Duration timeout) {
            this.deadlockDetectionTimeout = timeout;
            return this;
        }

        /** What to do when workflow code is broken. Default {@link WorkflowPanicPolicy#FAIL_WORKFLOW_TASK}. */
        public Builder setPanicPolicy(WorkflowPanicPolicy policy) {
            this.panicPolicy = policy;
            return this;
        }

        /** Let a later registration of a type replace an earlier one instead of failing. Default false. */
        public Builder setAllowDuplicateRegistrations(boolean allow) {
            this.allowDuplicateRegistrations = allow;
            return this;
        }

        public Builder setIdentity(String identity) {
            this.identity = identity;
            return this;
        }

        /** @throws IllegalArgumentException naming the bad option */
        public WorkerOptions build() {
            positive("workflowTaskPollers", workflowTaskPollers);
            positive("activityTaskPollers", activityTaskPollers);
            positive("maxConcurrentWorkflowTaskExecutions", maxConcurrentWorkflowTaskExecutions);
            positive("maxConcurrentActivityExecutions", maxConcurrentActivityExecutions);
            positive("maxConcurrentLocalActivityExecutions", maxConcurrentLocalActivityExecutions);
            positive("defaultHeartbeatThrottleInterval", defaultHeartbeatThrottleInterval);
            positive("maxHeartbeatThrottleInterval", maxHeartbeatThrottleInterval);
            if (!(maxActivitiesPerSecond >= 0) || !(maxTaskQueueActivitiesPerSecond >= 0)) {
                throw new IllegalArgumentException("WorkerOptions.maxActivitiesPerSecond and "
                        + "maxTaskQueueActivitiesPerSecond must be zero (unlimited) or positive, got "
                        + maxActivitiesPerSecond + " and " + maxTaskQueueActivitiesPerSecond);
            }
            if (gracefulStopTimeout == null || gracefulStopTimeout.isNegative()) {
                throw new IllegalArgumentException("WorkerOptions.gracefulStopTimeout must be zero or positive, got "
                        + gracefulStopTimeout);
            }
            if (deadlockDetectionTimeout == null || !deadlockDetectionTimeout.isPositive()) {
                throw new IllegalArgumentException("WorkerOptions.deadlockDetectionTimeout must be positive, got "
                        + deadlockDetectionTimeout);
            }
            if (panicPolicy == null) {
                throw new IllegalArgumentException("WorkerOptions.panicPolicy must not be null");
            }
            return new WorkerOptions(this);
        }

        private static void positive(String name, Duration value) {
            if (value == null || !value.isPositive()) {
                throw new IllegalArgumentException("WorkerOptions." + name + " must be positive, got " + value);
            }
        }

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("WorkerOptions." + name + " must be at least 1, got " + value);
            }
        }
    }
}
