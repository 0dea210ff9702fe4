package io.reprise.client;

import io.reprise.common.RetryOptions;
import io.reprise.common.SearchAttributes;
import io.reprise.common.WorkflowIdReusePolicy;
import io.reprise.engine.api.RandomIds;
import io.reprise.internal.mapping.CronSchedules;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a client starts a Workflow Execution. The Task Queue is required. Defaults: a random UUID
 * as Workflow Id, unlimited execution and run timeouts, a 10 s Workflow Task timeout, Workflow Id
 * reuse policy {@code ALLOW_DUPLICATE}, an error when the Workflow Id is already running, no retry
 * policy (a failed workflow is not retried), no cron schedule, no memo and no search attributes.
 */
public final class WorkflowOptions {

    private final String workflowId;
    private final String taskQueue;
    private final Duration workflowExecutionTimeout;
    private final Duration workflowRunTimeout;
    private final Duration workflowTaskTimeout;
    private final WorkflowIdReusePolicy workflowIdReusePolicy;
    private final boolean errorWhenAlreadyStarted;
    private final RetryOptions retryOptions;
    private final String cronSchedule;
    private final Map<String, Object> memo;
    private final SearchAttributes typedSearchAttributes;

    private WorkflowOptions(Builder b) {
        this.workflowIdReusePolicy = b.workflowIdReusePolicy;
        this.errorWhenAlreadyStarted = b.errorWhenAlreadyStarted;
        this.retryOptions = b.retryOptions;
        this.cronSchedule = b.cronSchedule;
        this.workflowId = b.workflowId;
        this.taskQueue = b.taskQueue;
        this.workflowExecutionTimeout = b.workflowExecutionTimeout;
        this.workflowRunTimeout = b.workflowRunTimeout;
        this.workflowTaskTimeout = b.workflowTaskTimeout;
        this.memo = b.memo;
        this.typedSearchAttributes = b.typedSearchAttributes;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public static Builder newBuilder(WorkflowOptions o) {
        return new Builder().setWorkflowId(o.workflowId).setTaskQueue(o.taskQueue)
                .setWorkflowExecutionTimeout(o.workflowExecutionTimeout).setWorkflowRunTimeout(o.workflowRunTimeout)
                .setWorkflowTaskTimeout(o.workflowTaskTimeout).setWorkflowIdReusePolicy(o.workflowIdReusePolicy)
                .setErrorWhenAlreadyStarted(o.errorWhenAlreadyStarted).setRetryOptions(o.retryOptions)
                .setCronSchedule(o.cronSchedule).setMemo(o.memo)
                .setTypedSearchAttributes(o.typedSearchAttributes);
    }

    public WorkflowIdReusePolicy getWorkflowIdReusePolicy() {
        return workflowIdReusePolicy;
    }

    public boolean isErrorWhenAlreadyStarted() {
        return errorWhenAlreadyStarted;
    }

    /** The workflow's retry policy, or {@code null} for none. */
    public RetryOptions getRetryOptions() {
        return retryOptions;
    }

    public String getCronSchedule() {
        return cronSchedule;
    }

    /** Workflow Id; {@code null} means a random UUID chosen at start. */
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

    /** The memo: values by key, shown by describe and list but not searchable; empty by default. */
    public Map<String, Object> getMemo() {
        return memo;
    }

    /** The custom search attributes the run starts with; empty by default. */
    public SearchAttributes getTypedSearchAttributes() {
        return typedSearchAttributes;
    }

    /** The Workflow Id to start with: the given one or a new random UUID. */
    String workflowIdOrRandom() {
        return workflowId != null ? workflowId : RandomIds.next();
    }

    /**
     * Checks that these options can start a workflow.
     *
     * @throws IllegalArgumentException naming the missing or bad option and the fix
     */
    public void validate() {
        if (taskQueue == null || taskQueue.isBlank()) {
            throw new IllegalArgumentException("WorkflowOptions.taskQueue is required: "
                    + "WorkflowOptions.newBuilder().setTaskQueue(\"orders\") names the queue your worker polls");
        }
        if (workflowId != null && workflowId.isBlank()) {
            throw new IllegalArgumentException("WorkflowOptions.workflowId is blank; leave it unset for a random UUID");
        }
        positive("workflowExecutionTimeout", workflowExecutionTimeout);
        positive("workflowRunTimeout", workflowRunTimeout);
        positive("workflowTaskTimeout", workflowTaskTimeout);
        if (cronSchedule != null) {
            try {
                CronSchedules.check(cronSchedule);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("WorkflowOptions.cronSchedule: " + e.getMessage(), e);
            }
        }
        if (workflowTaskTimeout != null && workflowTaskTimeout.compareTo(Duration.ofSeconds(120)) > 0) {
            throw new IllegalArgumentException("WorkflowOptions.workflowTaskTimeout must be at most 120 s, got "
                    + workflowTaskTimeout);
        }
    }

    private static void positive(String name, Duration d) {
        if (d != null && !d.isPositive()) {
            throw new IllegalArgumentException("WorkflowOptions." + name + " must be positive, got " + d);
        }
    }

    /** Builder; the Workflow Id defaults to a random UUID, timeouts to unset. */
    public static final class Builder {
        private String workflowId;
        private String taskQueue;
        private Duration workflowExecutionTimeout;
        private Duration workflowRunTimeout;
        private Duration workflowTaskTimeout;
        private WorkflowIdReusePolicy workflowIdReusePolicy = WorkflowIdReusePolicy.ALLOW_DUPLICATE;
        private boolean errorWhenAlreadyStarted = true;
        private RetryOptions retryOptions;
        private String cronSchedule;
        private Map<String, Object> memo = Map.of();
        private SearchAttributes typedSearchAttributes = SearchAttributes.EMPTY;

        private Builder() {
        }

        /** Whether a closed run's Workflow Id may start again. Default {@code ALLOW_DUPLICATE}. */
        public Builder setWorkflowIdReusePolicy(WorkflowIdReusePolicy policy) {
            this.workflowIdReusePolicy = policy == null ? WorkflowIdReusePolicy.ALLOW_DUPLICATE : policy;
            return this;
        }

        /**
         * Whether starting a Workflow Id that is running fails with {@link WorkflowExecutionAlreadyStarted}
         * (default {@code true}); with {@code false} the start returns the running run instead.
         */
        public Builder setErrorWhenAlreadyStarted(boolean errorWhenAlreadyStarted) {
            this.errorWhenAlreadyStarted = errorWhenAlreadyStarted;
            return this;
        }

        /**
         * Retries of the workflow: a run that fails (or whose run timeout fires) is followed by a new
         * run, attempt + 1, after the policy's interval, while attempts and the execution timeout
         * allow. Default: none.
         */
        public Builder setRetryOptions(RetryOptions retryOptions) {
            this.retryOptions = retryOptions;
            return this;
        }

        /**
         * A cron schedule (five fields, e.g. {@code "0 9 * * MON-FRI"}, or {@code @daily},
         * {@code @every 15m}; UTC unless prefixed {@code CRON_TZ=<zone>}): the first run starts at
         * the next fire time, and each run is followed by one at the fire time after it closes,
         * even when it failed. Default: none.
         */
        public Builder setCronSchedule(String cronSchedule) {
            this.cronSchedule = cronSchedule;
            return this;
        }

        public Builder setWorkflowId(String workflowId) {
            this.workflowId = workflowId;
            return this;
        }

        /** Required: the Task Queue whose workers run this workflow. */
        public Builder setTaskQueue(String taskQueue) {
            this.taskQueue = taskQueue;
            return this;
        }

        /** Limit for the whole execution. Default: unlimited. */
        public Builder setWorkflowExecutionTimeout(Duration timeout) {
            this.workflowExecutionTimeout = timeout;
            return this;
        }

        /** Limit for one run. Default: the execution timeout. */
        public Builder setWorkflowRunTimeout(Duration timeout) {
            this.workflowRunTimeout = timeout;
            return this;
        }

        /** Limit for one Workflow Task. Default 10 s, at most 120 s. */
        public Builder setWorkflowTaskTimeout(Duration timeout) {
            this.workflowTaskTimeout = timeout;
            return this;
        }

        /**
         * The run's memo: non-searchable values by key (converted with the client's DataConverter), shown by
         * describe and list and readable by the workflow with {@code Workflow.getMemo}. Default: none. Each
         * value counts against the payload size limit, and so does the whole memo.
         *
         * @throws IllegalArgumentException for a null or blank key
         */
        public Builder setMemo(Map<String, Object> memo) {
            if (memo == null || memo.isEmpty()) {
                this.memo = Map.of();
                return this;
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            memo.forEach((key, value) -> {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("WorkflowOptions.memo has a blank key; name every entry");
                }
                copy.put(key, value);
            });
            this.memo = Collections.unmodifiableMap(copy);
            return this;
        }

        /**
         * The custom search attributes the run starts with, which list and count queries filter on
         * ({@code CustomerId = 'c-42'}). Default: none.
         */
        public Builder setTypedSearchAttributes(SearchAttributes searchAttributes) {
            this.typedSearchAttributes = searchAttributes == null ? SearchAttributes.EMPTY : searchAttributes;
            return this;
        }

        public WorkflowOptions build() {
            return new WorkflowOptions(this);
        }
    }
}
