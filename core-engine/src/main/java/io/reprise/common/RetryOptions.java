package io.reprise.common;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failed Activity (or Workflow) is retried. Defaults follow the Temporal documents:
 * initial interval 1 s, backoff coefficient 2.0, maximum interval 100 × the initial interval,
 * unlimited attempts ({@code 0}), no non-retryable error types.
 *
 * <p>The wait before attempt {@code n + 1} is {@code min(initial × coefficient^(n-1), maximum)}.
 * A failure whose type is listed in {@link #getDoNotRetry()}, or that is marked non-retryable,
 * is not retried.
 */
public final class RetryOptions {

    /** The policy used when none is given: every default. */
    public static final RetryOptions DEFAULT = newBuilder().build();

    private final Duration initialInterval;
    private final double backoffCoefficient;
    private final Duration maximumInterval;
    private final int maximumAttempts;
    private final List<String> doNotRetry;

    private RetryOptions(Builder b) {
        this.initialInterval = b.initialInterval;
        this.backoffCoefficient = b.backoffCoefficient;
        this.maximumInterval = b.maximumInterval;
        this.maximumAttempts = b.maximumAttempts;
        this.doNotRetry = List.copyOf(b.doNotRetry);
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .setInitialInterval(initialInterval)
                .setBackoffCoefficient(backoffCoefficient)
                .setMaximumInterval(maximumInterval)
                .setMaximumAttempts(maximumAttempts)
                .setDoNotRetry(doNotRetry.toArray(String[]::new));
    }

    /** Wait before the first retry. Default 1 s. */
    public Duration getInitialInterval() {
        return initialInterval;
    }

    /** Each wait is the previous one times this. Default 2.0. */
    public double getBackoffCoefficient() {
        return backoffCoefficient;
    }

    /** Cap on the wait between attempts. Default 100 × {@link #getInitialInterval()}. */
    public Duration getMaximumInterval() {
        return maximumInterval;
    }

    /** Total attempts allowed, the first included; {@code 0} means unlimited (the default). */
    public int getMaximumAttempts() {
        return maximumAttempts;
    }

    /** Failure types (exception class names or {@code ApplicationFailure} types) that are never retried. */
    public List<String> getDoNotRetry() {
        return doNotRetry;
    }

    /** The wait after the failure of attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        double millis = initialInterval.toMillis() * Math.pow(backoffCoefficient, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, (double) maximumInterval.toMillis()));
    }

    /** Whether {@code attempt} (1-based) was the last one this policy allows. */
    public boolean isLastAttempt(int attempt) {
        return maximumAttempts > 0 && attempt >= maximumAttempts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RetryOptions r
                && initialInterval.equals(r.initialInterval)
                && backoffCoefficient == r.backoffCoefficient
                && maximumInterval.equals(r.maximumInterval)
                && maximumAttempts == r.maximumAttempts
                && doNotRetry.equals(r.doNotRetry);
    }

    @Override
    public int hashCode() {
        return Objects.hash(initialInterval, backoffCoefficient, maximumInterval, maximumAttempts, doNotRetry);
    }

    @Override
    public String toString() {
        return "RetryOptions{initialInterval=" + initialInterval + ", backoffCoefficient=" + backoffCoefficient
                + ", maximumInterval=" + maximumInterval + ", maximumAttempts=" + maximumAttempts
                + ", doNotRetry=" + doNotRetry + "}";
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private Duration initialInterval = Duration.ofSeconds(1);
        private double backoffCoefficient = 2.0;
        private Duration maximumInterval;
        private int maximumAttempts;
        private List<String> doNotRetry = List.of();

        private Builder() {
        }

        public Builder setInitialInterval(Duration initialInterval) {
            this.initialInterval = initialInterval;
            return this;
        }

        public Builder setBackoffCoefficient(double backoffCoefficient) {
            this.backoffCoefficient = backoffCoefficient;
            return this;
        }

        /** {@code null} restores the default (100 × the initial interval). */
        public Builder setMaximumInterval(Duration maximumInterval) {
            this.maximumInterval = maximumInterval;
            return this;
        }

        public Builder setMaximumAttempts(int maximumAttempts) {
            this.maximumAttempts = maximumAttempts;
            return this;
        }

        public Builder setDoNotRetry(String... types) {
            this.doNotRetry = List.of(types);
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the bad field and the allowed range
         */
        public RetryOptions build() {
            if (initialInterval == null || initialInterval.isNegative() || initialInterval.isZero()) {
                throw new IllegalArgumentException("RetryOptions.initialInterval must be positive, got "
                        + initialInterval + "; use e.g. Duration.ofSeconds(1)");
            }
            if (!(backoffCoefficient >= 1.0)) {
                throw new IllegalArgumentException("RetryOptions.backoffCoefficient must be >= 1.0, got "
                        + backoffCoefficient);
            }
            if (maximumInterval == null) {
                maximumInterval = initialInterval.multipliedBy(100);
            }
            if (maximumInterval.compareTo(initialInterval) < 0) {
                throw new IllegalArgumentException("RetryOptions.maximumInterval (" + maximumInterval
                        + ") must not be less than initialInterval (" + initialInterval + ")");
            }
            if (maximumAttempts < 0) {
                throw new IllegalArgumentException("RetryOptions.maximumAttempts must be >= 0 (0 = unlimited), got "
                        + maximumAttempts);
            }
            for (String type : doNotRetry) {
                if (type == null || type.isBlank()) {
                    throw new IllegalArgumentException("RetryOptions.doNotRetry contains a blank error type");
                }
            }
            return new RetryOptions(this);
        }
    }
}
