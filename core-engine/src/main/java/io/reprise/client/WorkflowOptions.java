package io.reprise.client;

import io.reprise.common.SearchAttributes;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * How a client starts a Workflow Execution. The Task Queue is required. Defaults: a random UUID
 * as Workflow Id, unlimited execution and run timeouts, a 10 s Workflow Task timeout, no memo and
 * no search attributes.
 */
public final class WorkflowOptions {

    private final String workflowId;
    private final String taskQueue;
    private final Duration workflowExecutionTimeout;
    private final Duration workflowRunTimeout;
    private final Duration workflowTaskTimeout;
    private final Map<String, Object> memo;
    private final SearchAttributes typedSearchAttributes;

    private WorkflowOptions(Builder b) {
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
                .setWorkflowTaskTimeout(o.workflowTaskTimeout).setMemo(o.memo)
                .setTypedSearchAttributes(o.typedSearchAttributes);
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
        return workflowId != null ? workflowId : UUID.randomUUID().toString();
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
        private Map<String, Object> memo = Map.of();
        private SearchAttributes typedSearchAttributes = SearchAttributes.EMPTY;

        private Builder() {
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
