package io.reprise.workflow;

import io.reprise.common.ParentClosePolicy;
import io.reprise.common.RetryOptions;
import io.reprise.common.WorkflowIdReusePolicy;
import java.time.Duration;

/**
 * How a workflow starts a child workflow. Defaults: a Workflow Id generated deterministically,
 * the parent's Task Queue, no execution or run timeout, a 10 s workflow task timeout, no retry
 * policy, no cron schedule, {@link ParentClosePolicy#TERMINATE}, {@link WorkflowIdReusePolicy#ALLOW_DUPLICATE}.
 */
public final class ChildWorkflowOptions {

    private final String workflowId;
    private final String taskQueue;
    private final Duration workflowExecutionTimeout;
    private final Duration workflowRunTimeout;
    private final Duration workflowTaskTimeout;
    private final RetryOptions retryOptions;
    private final String cronSchedule;
    private final ParentClosePolicy parentClosePolicy;
    private final WorkflowIdReusePolicy workflowIdReusePolicy;

    private ChildWorkflowOptions(Builder b) {
        this.workflowId = b.workflowId;
        this.taskQueue = b.taskQueue;
        this.workflowExecutionTimeout = b.workflowExecutionTimeout;
        this.workflowRunTimeout = b.workflowRunTimeout;
        this.workflowTaskTimeout = b.workflowTaskTimeout;
        this.retryOptions = b.retryOptions;
        this.cronSchedule = b.cronSchedule;
        this.parentClosePolicy = b.parentClosePolicy;
        this.workflowIdReusePolicy = b.workflowIdReusePolicy;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public static ChildWorkflowOptions getDefaultInstance() {
        return newBuilder().build();
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public String getTaskQueue() {
        return taskQueue;
    }

    public Duration getWorkflowExecutionTimeout() {
        return workflowExecutionTimeout;
    }

    public Duration getWorkflowRunTimeout() {
        return workflowRunTimeout;
    }

    public Duration getWorkflowTaskTimeout() {
        return workflowTaskTimeout;
    }

    public RetryOptions getRetryOptions() {
        return retryOptions;
    }

    public String getCronSchedule() {
        return cronSchedule;
    }

    public ParentClosePolicy getParentClosePolicy() {
        return parentClosePolicy;
    }

    public WorkflowIdReusePolicy getWorkflowIdReusePolicy() {
        return workflowIdReusePolicy;
    }

    public static final class Builder {
        private String workflowId;
        private String taskQueue;
        private Duration workflowExecutionTimeout;
        private Duration workflowRunTimeout;
        private Duration workflowTaskTimeout;
        private RetryOptions retryOptions;
        private String cronSchedule;
        private ParentClosePolicy parentClosePolicy = ParentClosePolicy.TERMINATE;
        private WorkflowIdReusePolicy workflowIdReusePolicy = WorkflowIdReusePolicy.ALLOW_DUPLICATE;

        private Builder() {
        }

        /** Default: a UUID from the workflow's deterministic random generator. */
        public Builder setWorkflowId(String workflowId) {
            this.workflowId = workflowId;
            return this;
        }

        /** Default: the parent's Task Queue. */
        public Builder setTaskQueue(String taskQueue) {
            this.taskQueue = taskQueue;
            return this;
        }

        public Builder setWorkflowExecutionTimeout(Duration timeout) {
            this.workflowExecutionTimeout = timeout;
            return this;
        }

        public Builder setWorkflowRunTimeout(Duration timeout) {
            this.workflowRunTimeout = timeout;
            return this;
        }

        public Builder setWorkflowTaskTimeout(Duration timeout) {
            this.workflowTaskTimeout = timeout;
            return this;
        }

        /** Retries of the child (new runs, attempt + 1); default none. */
        public Builder setRetryOptions(RetryOptions retryOptions) {
            this.retryOptions = retryOptions;
            return this;
        }

        public Builder setCronSchedule(String cronSchedule) {
            this.cronSchedule = cronSchedule;
            return this;
        }

        /** What happens to the child when the parent's run closes. Default {@code TERMINATE}. */
        public Builder setParentClosePolicy(ParentClosePolicy policy) {
            this.parentClosePolicy = policy == null ? ParentClosePolicy.TERMINATE : policy;
            return this;
        }

        public Builder setWorkflowIdReusePolicy(WorkflowIdReusePolicy policy) {
            this.workflowIdReusePolicy = policy == null ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : policy;
            return this;
        }

        public ChildWorkflowOptions build() {
            return new ChildWorkflowOptions(this);
        }
    }
}
