package io.reprise.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the embedded engine. Immutable; build with {@link #newBuilder()}. Defaults:
 * <ul>
 *   <li>{@link #getMaxPayloadSize() maxPayloadSize}: 2 MiB</li>
 *   <li>{@link #getDefaultWorkflowTaskTimeout() defaultWorkflowTaskTimeout}: 10 s (at most 120 s)</li>
 *   <li>{@link #getStickyScheduleToStartTimeout() stickyScheduleToStartTimeout}: 5 s</li>
 *   <li>{@link #isExpireInFlightTasksOnStart() expireInFlightTasksOnStart}: {@code true}</li>
 *   <li>{@link #getIdentity() identity}: {@code reprise-engine-<pid>@<host>}</li>
 *   <li>{@link #getClosedExecutionCacheSize() closedExecutionCacheSize}: 1000</li>
 * </ul>
 */
public final class EngineOptions {

    public static final int DEFAULT_MAX_PAYLOAD_SIZE = 2 * 1024 * 1024;
    public static final Duration DEFAULT_WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(10);
    /** The longest Workflow Task timeout accepted, per workflow or as the default. */
    public static final Duration MAX_WORKFLOW_TASK_TIMEOUT = Duration.ofSeconds(120);
    public static final Duration DEFAULT_STICKY_SCHEDULE_TO_START_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_CLOSED_EXECUTION_CACHE_SIZE = 1000;

    private static final EngineOptions DEFAULTS = newBuilder().build();

    private final int maxPayloadSize;
    private final Duration defaultWorkflowTaskTimeout;
    private final Duration stickyScheduleToStartTimeout;
    private final boolean expireInFlightTasksOnStart;
    private final String identity;
    private final int closedExecutionCacheSize;

    private EngineOptions(Builder b) {
        this.maxPayloadSize = b.maxPayloadSize;
        this.defaultWorkflowTaskTimeout = b.defaultWorkflowTaskTimeout;
        this.stickyScheduleToStartTimeout = b.stickyScheduleToStartTimeout;
        this.expireInFlightTasksOnStart = b.expireInFlightTasksOnStart;
        this.identity = b.identity != null ? b.identity : defaultIdentity();
        this.closedExecutionCacheSize = b.closedExecutionCacheSize;
    }

    public static EngineOptions getDefaultInstance() {
        return DEFAULTS;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .setMaxPayloadSize(maxPayloadSize)
                .setDefaultWorkflowTaskTimeout(defaultWorkflowTaskTimeout)
                .setStickyScheduleToStartTimeout(stickyScheduleToStartTimeout)
                .setExpireInFlightTasksOnStart(expireInFlightTasksOnStart)
                .setIdentity(identity)
                .setClosedExecutionCacheSize(closedExecutionCacheSize);
    }

    /** The largest single payload (argument, result, failure detail) accepted, in bytes. Default 2 MiB. */
    public int getMaxPayloadSize() {
        return maxPayloadSize;
    }

    /** Workflow Task Start-To-Close timeout of workflows that set none. Default 10 s; at most 120 s. */
    public Duration getDefaultWorkflowTaskTimeout() {
        return defaultWorkflowTaskTimeout;
    }

    /**
     * How long a Workflow Task waits on a worker's sticky queue before it moves to the normal
     * queue (with the full history), for when that worker is gone. Default 5 s.
     */
    public Duration getStickyScheduleToStartTimeout() {
        return stickyScheduleToStartTimeout;
    }

    /**
     * Whether, when the engine starts, tasks that a worker of the previous process had started are
     * treated as timed out right away (workflow tasks are retried; an activity attempt gets a
     * Start-To-Close timeout saying its worker was lost, and its retry policy decides, so the rerun
     * is the next attempt). In the embedded engine the workers died with that process, so waiting
     * for the Start-To-Close timeout would only delay recovery. Default {@code true}.
     */
    public boolean isExpireInFlightTasksOnStart() {
        return expireInFlightTasksOnStart;
    }

    /** The identity the engine records in events it writes on its own. Default {@code reprise-engine-<pid>@<host>}. */
    public String getIdentity() {
        return identity;
    }

    /** How many closed runs are kept in memory for describe, history and outcome calls. Default 1000. */
    public int getClosedExecutionCacheSize() {
        return closedExecutionCacheSize;
    }

    @Override
    public String toString() {
        return "EngineOptions{maxPayloadSize=" + maxPayloadSize + ", defaultWorkflowTaskTimeout="
                + defaultWorkflowTaskTimeout + ", stickyScheduleToStartTimeout=" + stickyScheduleToStartTimeout
                + ", expireInFlightTasksOnStart=" + expireInFlightTasksOnStart + ", identity='" + identity
                + "', closedExecutionCacheSize=" + closedExecutionCacheSize + "}";
    }

    private static String defaultIdentity() {
        return "reprise-engine-" + ProcessHandle.current().pid() + "@" + hostName();
    }

    /**
     * The machine's host name. On Linux the kernel's, read from procfs: the name {@link InetAddress#getLocalHost()}
     * starts from, without its address lookup (about 12 ms of a launch on the benchmark machine, and a failure where
     * the name does not resolve). Elsewhere that lookup's name, or {@code localhost}.
     */
    private static String hostName() {
        try {
            String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!host.isEmpty()) {
                return host;
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or no procfs.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            return "localhost";
        }
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private int maxPayloadSize = DEFAULT_MAX_PAYLOAD_SIZE;
        private Duration defaultWorkflowTaskTimeout = DEFAULT_WORKFLOW_TASK_TIMEOUT;
        private Duration stickyScheduleToStartTimeout = DEFAULT_STICKY_SCHEDULE_TO_START_TIMEOUT;
        private boolean expireInFlightTasksOnStart = true;
        private String identity;
        private int closedExecutionCacheSize = DEFAULT_CLOSED_EXECUTION_CACHE_SIZE;

        private Builder() {
        }

        public Builder setMaxPayloadSize(int maxPayloadSize) {
            this.maxPayloadSize = maxPayloadSize;
            return this;
        }

        public Builder setDefaultWorkflowTaskTimeout(Duration defaultWorkflowTaskTimeout) {
            this.defaultWorkflowTaskTimeout = defaultWorkflowTaskTimeout;
            return this;
        }

        public Builder setStickyScheduleToStartTimeout(Duration stickyScheduleToStartTimeout) {
            this.stickyScheduleToStartTimeout = stickyScheduleToStartTimeout;
            return this;
        }

        public Builder setExpireInFlightTasksOnStart(boolean expireInFlightTasksOnStart) {
            this.expireInFlightTasksOnStart = expireInFlightTasksOnStart;
            return this;
        }

        /** {@code null} restores the default. */
        public Builder setIdentity(String identity) {
            this.identity = identity;
            return this;
        }

        public Builder setClosedExecutionCacheSize(int closedExecutionCacheSize) {
            this.closedExecutionCacheSize = closedExecutionCacheSize;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the bad option and the allowed range
         */
        public EngineOptions build() {
            if (maxPayloadSize <= 0) {
                throw new IllegalArgumentException("EngineOptions.maxPayloadSize must be positive, got "
                        + maxPayloadSize + " bytes; the default is " + DEFAULT_MAX_PAYLOAD_SIZE);
            }
            Objects.requireNonNull(defaultWorkflowTaskTimeout, "EngineOptions.defaultWorkflowTaskTimeout");
            if (!defaultWorkflowTaskTimeout.isPositive()
                    || defaultWorkflowTaskTimeout.compareTo(MAX_WORKFLOW_TASK_TIMEOUT) > 0) {
                throw new IllegalArgumentException("EngineOptions.defaultWorkflowTaskTimeout must be positive and at most "
                        + MAX_WORKFLOW_TASK_TIMEOUT + ", got " + defaultWorkflowTaskTimeout);
            }
            Objects.requireNonNull(stickyScheduleToStartTimeout, "EngineOptions.stickyScheduleToStartTimeout");
            if (!stickyScheduleToStartTimeout.isPositive()) {
                throw new IllegalArgumentException("EngineOptions.stickyScheduleToStartTimeout must be positive, got "
                        + stickyScheduleToStartTimeout);
            }
            if (closedExecutionCacheSize < 0) {
                throw new IllegalArgumentException("EngineOptions.closedExecutionCacheSize must be >= 0, got "
                        + closedExecutionCacheSize);
            }
            return new EngineOptions(this);
        }
    }
}
