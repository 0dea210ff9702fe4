package io.reprise.internal.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.RetryOptions;
import io.reprise.engine.api.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetryPoliciesTest {

    @Test
    void theEnginesDefaultPolicyIsTheSdksDefaultRetryOptions() {
        assertThat(RetryPolicies.toPolicy(RetryOptions.DEFAULT)).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void everyOptionReachesThePolicyAndNoOptionsMeansNoPolicy() {
        RetryOptions options = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(2))
                .setBackoffCoefficient(3.0).setMaximumInterval(Duration.ofMinutes(1)).setMaximumAttempts(5)
                .setDoNotRetry("CardDeclined").build();

        assertThat(RetryPolicies.toPolicy(options)).isEqualTo(new RetryPolicy(Duration.ofSeconds(2), 3.0,
                Duration.ofMinutes(1), 5, List.of("CardDeclined")));
        assertThat(RetryPolicies.toPolicy(null)).isNull();
    }

    @Test
    void retryOptionsComputeTheSameWaitsAndLastAttemptAsTheEngine() {
        RetryOptions options = RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                .setMaximumInterval(Duration.ofSeconds(5)).setMaximumAttempts(4).build();
        RetryPolicy policy = RetryPolicies.toPolicy(options);

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(options.backoffAfter(attempt)).isEqualTo(policy.backoffAfter(attempt));
            assertThat(options.isLastAttempt(attempt)).isEqualTo(policy.isLastAttempt(attempt));
        }
        assertThat(options.backoffAfter(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(options.backoffAfter(4)).isEqualTo(Duration.ofSeconds(5));
    }
}
