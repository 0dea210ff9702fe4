package io.reprise.engine.api;

import java.time.Duration;
import java.util.List;

/** How a failed activity or workflow is retried, as the engine records it (the SDK's {@code RetryOptions}). */
public record RetryPolicy(
        Duration initialInterval,
        double backoffCoefficient,
        Duration maximumInterval,
        int maximumAttempts,
        List<String> nonRetryableErrorTypes) {

    public RetryPolicy {
        nonRetryableErrorTypes = nonRetryableErrorTypes == null ? List.of() : List.copyOf(nonRetryableErrorTypes);
    }

    /**
     * The policy of an activity scheduled without one: the defaults of the Temporal documents (and of the SDK's
     * {@code RetryOptions}): 1 s initial interval, coefficient 2.0, maximum interval 100 × the initial one,
     * unlimited attempts.
     */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(100),
            0, List.of());

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
