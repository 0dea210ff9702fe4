package io.reprise.engine.api;

import io.reprise.common.RetryOptions;
import java.time.Duration;
import java.util.List;

/** The wire and history form of {@link RetryOptions}. */
public record RetryPolicy(
        Duration initialInterval,
        double backoffCoefficient,
        Duration maximumInterval,
        int maximumAttempts,
        List<String> nonRetryableErrorTypes) {

    public RetryPolicy {
        nonRetryableErrorTypes = nonRetryableErrorTypes == null ? List.of() : List.copyOf(nonRetryableErrorTypes);
    }

    public static RetryPolicy from(RetryOptions options) {
        return new RetryPolicy(options.getInitialInterval(), options.getBackoffCoefficient(),
                options.getMaximumInterval(), options.getMaximumAttempts(), options.getDoNotRetry());
    }

    /** The wait after the failure of attempt {@code attempt} (1-based). */
    public Duration backoffAfter(int attempt) {
        double millis = initialInterval.toMillis() * Math.pow(backoffCoefficient, Math.max(0, attempt - 1));
        return Duration.ofMillis((long) Math.min(millis, (double) maximumInterval.toMillis()));
    }

    /** Whether attempt {@code attempt} (1-based) was the last one allowed. */
    public boolean isLastAttempt(int attempt) {
        return maximumAttempts > 0 && attempt >= maximumAttempts;
    }

    /** Whether a failure of {@code type} is excluded from retries. */
    public boolean isNonRetryable(String type) {
        return type != null && nonRetryableErrorTypes.contains(type);
    }
}
