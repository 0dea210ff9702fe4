package io.reprise.testing;

import io.reprise.client.WorkflowClientOptions;
import io.reprise.engine.EngineMetricsListener;
import io.reprise.worker.WorkerFactoryOptions;
import java.time.Instant;
import java.util.Objects;

/**
 * Options of a {@link TestWorkflowEnvironment}. Defaults: the clock starts at
 * 2026-01-01T00:00:00Z and runs at real-time pace (not frozen), time skipping is on, default client
 * and worker factory options, no engine metrics.
 */
public final class TestEnvironmentOptions {

    private final Instant startTime;
    private final boolean timeSkipping;
    private final boolean frozenClock;
    private final WorkflowClientOptions clientOptions;
    private final WorkerFactoryOptions workerFactoryOptions;
    private final EngineMetricsListener engineMetricsListener;
    private final java.time.Duration sleepIdleWait;

    private TestEnvironmentOptions(Builder b) {
        this.sleepIdleWait = b.sleepIdleWait;
        this.startTime = b.startTime;
        this.timeSkipping = b.timeSkipping;
        this.frozenClock = b.frozenClock;
        this.clientOptions = b.clientOptions;
        this.workerFactoryOptions = b.workerFactoryOptions;
        this.engineMetricsListener = b.engineMetricsListener;
    }

    public static TestEnvironmentOptions getDefaultInstance() {
        return newBuilder().build();
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Instant getStartTime() {
        return startTime;
    }

    public boolean isTimeSkipping() {
        return timeSkipping;
    }

    /** Whether the test clock stands still between moves instead of running at real-time pace. Default false. */
    public boolean isFrozenClock() {
        return frozenClock;
    }

    public WorkflowClientOptions getClientOptions() {
        return clientOptions;
    }

    public WorkerFactoryOptions getWorkerFactoryOptions() {
        return workerFactoryOptions;
    }

    /** What the test engine reports to; default {@link EngineMetricsListener#NOOP}. */
    public EngineMetricsListener getEngineMetricsListener() {
        return engineMetricsListener;
    }

    /** How long {@link TestWorkflowEnvironment#sleep} waits, per step, for the engine to be idle. Default 1 s. */
    public java.time.Duration getSleepIdleWait() {
        return sleepIdleWait;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private Instant startTime = Instant.parse("2026-01-01T00:00:00Z");
        private boolean timeSkipping = true;
        private boolean frozenClock = false;
        private WorkflowClientOptions clientOptions = WorkflowClientOptions.getDefaultInstance();
        private WorkerFactoryOptions workerFactoryOptions = WorkerFactoryOptions.getDefaultInstance();
        private EngineMetricsListener engineMetricsListener = EngineMetricsListener.NOOP;
        private java.time.Duration sleepIdleWait = java.time.Duration.ofSeconds(1);

        private Builder() {
        }

        /**
         * How long {@link TestWorkflowEnvironment#sleep}, at each timer on its way, waits (real time)
         * for the engine to become idle before moving the clock on. Default 1 s. A test that moves
         * time while an activity keeps running (the engine is then never idle) can make it short.
         */
        public Builder setSleepIdleWait(java.time.Duration wait) {
            this.sleepIdleWait = wait;
            return this;
        }

        /** Where the test clock starts. Default 2026-01-01T00:00:00Z. */
        public Builder setStartTime(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        /**
         * Whether the clock jumps to the next timer while a client waits for a result and no work is in
         * progress. Default true; when false, the clock moves only with real time (unless
         * {@linkplain #setFrozenClock frozen}) and by {@link TestWorkflowEnvironment#sleep}.
         */
        public Builder setTimeSkipping(boolean timeSkipping) {
            this.timeSkipping = timeSkipping;
            return this;
        }

        /**
         * Whether the test clock stands still between the moves of time skipping and
         * {@link TestWorkflowEnvironment#sleep}. Default false: the clock runs at real-time pace, so a
         * timer or an activity timeout comes due in real time even when nobody waits for a result.
         * A frozen clock suits a test that asserts exact instants (a timeout that has not fired 1 ms
         * before its deadline), at the price that nothing comes due unless time is skipped or slept.
         */
        public Builder setFrozenClock(boolean frozenClock) {
            this.frozenClock = frozenClock;
            return this;
        }

        public Builder setClientOptions(WorkflowClientOptions clientOptions) {
            this.clientOptions = clientOptions;
            return this;
        }

        public Builder setWorkerFactoryOptions(WorkerFactoryOptions workerFactoryOptions) {
            this.workerFactoryOptions = workerFactoryOptions;
            return this;
        }

        /** Default {@link EngineMetricsListener#NOOP}. */
        public Builder setEngineMetricsListener(EngineMetricsListener engineMetricsListener) {
            this.engineMetricsListener = Objects.requireNonNull(engineMetricsListener, "engineMetricsListener");
            return this;
        }

        public TestEnvironmentOptions build() {
            if (sleepIdleWait == null || sleepIdleWait.isNegative()) {
                throw new IllegalArgumentException("TestEnvironmentOptions.sleepIdleWait must be zero or positive,"
                        + " got " + sleepIdleWait);
            }
            if (startTime == null || clientOptions == null || workerFactoryOptions == null) {
                throw new IllegalArgumentException("TestEnvironmentOptions: startTime, clientOptions and "
                        + "workerFactoryOptions must not be null");
            }
            return new TestEnvironmentOptions(this);
        }
    }
}
