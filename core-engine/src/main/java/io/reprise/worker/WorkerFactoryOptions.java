package io.reprise.worker;

import java.util.Objects;

/**
 * Options shared by the workers of a {@link WorkerFactory}. Defaults: a workflow cache of 600
 * runs, no logging from workflow code while replaying, no metrics.
 */
public final class WorkerFactoryOptions {

    private final int workflowCacheSize;
    private final boolean enableLoggingInReplay;
    private final WorkerMetricsListener metricsListener;

    private WorkerFactoryOptions(Builder b) {
        this.workflowCacheSize = b.workflowCacheSize;
        this.enableLoggingInReplay = b.enableLoggingInReplay;
        this.metricsListener = b.metricsListener;
    }

    public static WorkerFactoryOptions getDefaultInstance() {
        return newBuilder().build();
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** Runs kept in memory between workflow tasks (sticky execution); LRU eviction. 0 disables caching. */
    public int getWorkflowCacheSize() {
        return workflowCacheSize;
    }

    public boolean isEnableLoggingInReplay() {
        return enableLoggingInReplay;
    }

    /** Receives what the workers measure; default {@link WorkerMetricsListener#NOOP}. */
    public WorkerMetricsListener getMetricsListener() {
        return metricsListener;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int workflowCacheSize = 600;
        private boolean enableLoggingInReplay;
        private WorkerMetricsListener metricsListener = WorkerMetricsListener.NOOP;

        private Builder() {
        }

        /** Default {@link WorkerMetricsListener#NOOP}: nothing recorded. */
        public Builder setMetricsListener(WorkerMetricsListener metricsListener) {
            this.metricsListener = Objects.requireNonNull(metricsListener, "metricsListener");
            return this;
        }

        /** Default 600; 0 disables the cache (every task replays the full history). */
        public Builder setWorkflowCacheSize(int size) {
            this.workflowCacheSize = size;
            return this;
        }

        /** Default false. */
        public Builder setEnableLoggingInReplay(boolean enable) {
            this.enableLoggingInReplay = enable;
            return this;
        }

        public WorkerFactoryOptions build() {
            if (workflowCacheSize < 0) {
                throw new IllegalArgumentException("WorkerFactoryOptions.workflowCacheSize must be >= 0, got "
                        + workflowCacheSize);
            }
            return new WorkerFactoryOptions(this);
        }
    }
}
