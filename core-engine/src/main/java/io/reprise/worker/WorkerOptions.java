package io.reprise.worker;

import java.time.Duration;

/**
 * Options of one {@link Worker} (one Task Queue). Defaults: 2 workflow task pollers, 2 activity
 * task pollers, 200 concurrent workflow tasks, 200 concurrent activity executions, a graceful
 * stop timeout of 10 s, deadlock detection after 1 s, panic policy {@link WorkflowPanicPolicy#FAIL_WORKFLOW_TASK},
 * duplicate registrations refused.
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

    private WorkerOptions(Builder b) {
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

        private Builder() {
        }

        /** Threads long-polling workflow tasks. Default 2. */
        public Builder setWorkflowTaskPollers(int n) {
            this.workflowTaskPollers = n;
            return this;
        }

        /** Threads long-polling activity tasks. Default 2. */
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

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException("WorkerOptions." + name + " must be at least 1, got " + value);
            }
        }
    }
}
