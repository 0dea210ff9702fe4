package io.reprise.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryDecisionTest {

    /** 1 s, doubling, at most 10 s, 5 attempts; "CardDeclined" is never retried. */
    private static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 5,
            List.of("CardDeclined"));

    private static Failure failure(String type, boolean nonRetryable) {
        return Failure.application("boom", type, nonRetryable, List.of(), null);
    }

    @Test
    void aRetryableFailureIsRetriedAfterTheGrowingCappedBackoff() {
        assertThat(RetryDecision.decide(POLICY, 1, failure("Io", false), null))
                .isEqualTo(new RetryDecision(RetryState.IN_PROGRESS, Duration.ofSeconds(1)));
        assertThat(RetryDecision.decide(POLICY, 3, failure("Io", false), null).backoff())
                .isEqualTo(Duration.ofSeconds(4));
        RetryPolicy unlimited = new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0, List.of());
        assertThat(RetryDecision.decide(unlimited, 40, failure("Io", false), null).backoff())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutAPolicyNothingIsRetried() {
        assertThat(RetryDecision.decide(null, 1, failure("Io", false), null))
                .isEqualTo(RetryDecision.stop(RetryState.RETRY_POLICY_NOT_SET));
    }

    @Test
    void nonRetryableFailuresAndTypesAreNotRetried() {
        assertThat(RetryDecision.decide(POLICY, 1, failure("Io", true), null).retryState())
                .isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
        assertThat(RetryDecision.decide(POLICY, 1, failure("CardDeclined", false), null).retryState())
                .isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
    }

    @Test
    void theLastAllowedAttemptIsNotRetried() {
        assertThat(RetryDecision.decide(POLICY, 5, failure("Io", false), null).retryState())
                .isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
        // The failure's own verdict comes first.
        assertThat(RetryDecision.decide(POLICY, 5, failure("CardDeclined", false), null).retryState())
                .isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
    }

    @Test
    void aBackoffReachingTheDeadlineIsATimeout() {
        Failure io = failure("Io", false);
        assertThat(RetryDecision.decide(POLICY, 2, io, Duration.ofMillis(2001)).backoff())
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(RetryDecision.decide(POLICY, 2, io, Duration.ofSeconds(2)))
                .isEqualTo(RetryDecision.stop(RetryState.TIMEOUT));
        assertThat(RetryDecision.decide(POLICY, 2, io, Duration.ofSeconds(-1)).retryState())
                .isEqualTo(RetryState.TIMEOUT);
    }

    @Test
    void aTimeoutWithoutAFailureIsRetryable() {
        assertThat(RetryDecision.decide(POLICY, 1, null, null).retry()).isTrue();
        assertThat(RetryDecision.decide(POLICY, 1, Failure.timeout(TimeoutType.START_TO_CLOSE, List.of(), null), null)
                .retry()).isTrue();
    }
}
