package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineException.Code;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PollBackoffTest {

    private static final EngineException UNAVAILABLE = new EngineException(Code.UNAVAILABLE, "store down");

    /** A random source that returns {@code value} every time. */
    private static PollBackoff backoff(double value) {
        return new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> value);
    }

    private static List<Duration> waits(PollBackoff backoff, int failures, RuntimeException error) {
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < failures; i++) {
            waits.add(backoff.afterFailure(error));
        }
        return waits;
    }

    @Test
    void withoutJitterTheWaitDoublesFromTheInitialIntervalUpToTheMaximum() {
        assertThat(waits(backoff(0), 10, UNAVAILABLE)).containsExactly(Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600),
                Duration.ofMillis(3200), Duration.ofMillis(6400), Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofSeconds(10));
    }

    @Test
    void jitterTakesUpToAFifthOffEachWait() {
        assertThat(waits(backoff(0.5), 3, UNAVAILABLE)).containsExactly(Duration.ofMillis(90),
                Duration.ofMillis(180), Duration.ofMillis(360));
        // The random source is below 1, so the largest cut stays under a fifth.
        assertThat(backoff(0.999_999).afterFailure(UNAVAILABLE)).isGreaterThan(Duration.ofMillis(80))
                .isLessThan(Duration.ofMillis(81));
        assertThat(waits(backoff(0.999_999), 60, UNAVAILABLE)).allSatisfy(wait -> assertThat(wait)
                .isGreaterThan(Duration.ofMillis(80)).isLessThanOrEqualTo(PollBackoff.MAXIMUM));
    }

    @Test
    void aSuccessfulPollResetsTheWaitToTheInitialInterval() {
        PollBackoff backoff = backoff(0);
        waits(backoff, 4, UNAVAILABLE);
        assertThat(backoff.failures()).isEqualTo(4);

        backoff.reset();

        assertThat(backoff.failures()).isZero();
        assertThat(backoff.afterFailure(UNAVAILABLE)).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aRefusedRequestWaitsTheMaximumAtOnce() {
        PollBackoff backoff = backoff(0);

        assertThat(backoff.afterFailure(EngineException.notFound("Namespace \"billing\" is not registered")))
                .isEqualTo(PollBackoff.MAXIMUM);
        assertThat(backoff.afterFailure(EngineException.invalidArgument("Task queue must not be blank")))
                .isEqualTo(PollBackoff.MAXIMUM);
        assertThat(backoff(0.5).afterFailure(EngineException.notFound("gone"))).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void onlyRefusalsThatWaitingCannotFixAreNotRetryable() {
        for (Code code : Code.values()) {
            boolean expected = switch (code) {
                case INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS, FAILED_PRECONDITION, UNAUTHENTICATED,
                        PERMISSION_DENIED -> false;
                default -> true;
            };
            assertThat(PollBackoff.isRetryable(new EngineException(code, "x"))).as("%s", code).isEqualTo(expected);
        }
        assertThat(PollBackoff.isRetryable(new IllegalStateException("connection reset"))).isTrue();
    }
}
