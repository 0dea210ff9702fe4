package io.reprise.internal.worker;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The wait of a poller after a failed poll: exponential (from {@link #INITIAL}, doubling, capped at
 * {@link #MAXIMUM}, computed as a retry policy's backoff), each wait cut by a random part of up to
 * {@link #JITTER} so the pollers of many workers do not hit a recovering engine in step. A
 * successful poll resets it. Errors that waiting will not fix (a bad request, an unknown
 * namespace) wait the maximum at once. One per poller thread: not thread-safe.
 */
final class PollBackoff {

    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration MAXIMUM = Duration.ofSeconds(10);
    /** The largest share of a wait the jitter removes. */
    static final double JITTER = 0.2;

    private final RetryPolicy growth;
    private final DoubleSupplier random;
    private int failures;

    /** @param random uniform in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble} */
    PollBackoff(Duration initial, Duration maximum, DoubleSupplier random) {
        this.growth = new RetryPolicy(initial, 2.0, maximum, 0, List.of());
        this.random = random;
    }

    /** The wait after one more failed poll: transient failures grow it, permanent ones jump to the maximum. */
    Duration afterFailure(RuntimeException error) {
        failures++;
        Duration base = isRetryable(error) ? growth.backoffAfter(failures) : growth.maximumInterval();
        return jittered(base);
    }

    /** A poll succeeded: the next failure waits the initial interval again. */
    void reset() {
        failures = 0;
    }

    /** Failed polls since the last success. */
    int failures() {
        return failures;
    }

    private Duration jittered(Duration base) {
        long cut = (long) (base.toNanos() * JITTER * random.getAsDouble());
        return base.minusNanos(cut);
    }

    /**
     * Whether waiting may fix what made a poll fail: the engine or its store unavailable, a
     * deadline, exhausted resources, a cancelled call, or anything unexpected (kept retrying, at most every
     * {@link #MAXIMUM}). A refused request (bad argument, unknown namespace, failed precondition, missing or
     * wrong credentials, a role that does not allow polling) will be refused again the same way until someone
     * changes the configuration.
     */
    static boolean isRetryable(RuntimeException error) {
        if (error instanceof EngineException e) {
            return switch (e.getCode()) {
                case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, UNAUTHENTICATED,
                        PERMISSION_DENIED -> false;
                case DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL, CANCELLED -> true;
            };
        }
        return true;
    }
}
