package io.reprise.workflow;

import java.time.Duration;

/**
 * How the new run of {@link Workflow#continueAsNew(ContinueAsNewOptions, Object...)} differs from
 * the current one. Every option left unset ({@code null}) keeps the current run's value.
 */
public final class ContinueAsNewOptions {

    private final String workflowType;
    private final String taskQueue;
    private final Duration workflowRunTimeout;
    private final Duration workflowTaskTimeout;

    private ContinueAsNewOptions(Builder builder) {
        this.workflowType = builder.workflowType;
        this.taskQueue = builder.taskQueue;
        this.workflowRunTimeout = builder.workflowRunTimeout;
        this.workflowTaskTimeout = builder.workflowTaskTimeout;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public String getWorkflowType() {
        return workflowType;
    }

    public String getTaskQueue() {
        return taskQueue;
    }

    public Duration getWorkflowRunTimeout() {
        return workflowRunTimeout;
    }

    public Duration getWorkflowTaskTimeout() {
        return workflowTaskTimeout;
    }

    public static final class Builder {
        private String workflowType;
        private String taskQueue;
        private Duration workflowRunTimeout;
        private Duration workflowTaskTimeout;

        private Builder() {
        }

        /** Default: the current Workflow Type. */
        public Builder setWorkflowType(String workflowType) {
            this.workflowType = workflowType;
            return this;
        }

        /** Default: the current Task Queue. */
        public Builder setTaskQueue(String taskQueue) {
            this.taskQueue = taskQueue;
            return this;
        }

        /** Default: the current run timeout. */
        public Builder setWorkflowRunTimeout(Duration workflowRunTimeout) {
            this.workflowRunTimeout = workflowRunTimeout;
            return this;
        }

        /** Default: the current workflow task timeout. */
        public Builder setWorkflowTaskTimeout(Duration workflowTaskTimeout) {
            this.workflowTaskTimeout = workflowTaskTimeout;
            return this;
        }

        public ContinueAsNewOptions build() {
            return new ContinueAsNewOptions(this);
        }
    }
}
