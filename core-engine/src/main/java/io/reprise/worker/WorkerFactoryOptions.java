package io.reprise.worker;

/**
 * Options shared by the workers of a {@link WorkerFactory}. Defaults: a workflow cache of 600
 * runs, no logging from workflow code while replaying.
 */
public final class WorkerFactoryOptions {

    private final int workflowCacheSize;
    private final boolean enableLoggingInReplay;

    private WorkerFactoryOptions(Builder b) {
        this.workflowCacheSize = b.workflowCacheSize;
        this.enableLoggingInReplay = b.enableLoggingInReplay;
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

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int workflowCacheSize = 600;
        private boolean enableLoggingInReplay;

        private Builder() {
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
