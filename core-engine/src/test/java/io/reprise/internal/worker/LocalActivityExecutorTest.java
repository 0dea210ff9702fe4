package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.LocalActivityOptions;
import io.reprise.common.DataConverter;
import io.reprise.common.RetryOptions;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.failure.RetryState;
import io.reprise.internal.replay.LocalActivityOutcome;
import io.reprise.internal.replay.LocalActivityRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Attempts and backoffs of local activities, on a manual clock: each attempt takes no clock time. */
class LocalActivityExecutorTest {

    private static final DataConverter CONVERTER = DataConverter.getDefaultInstance();

    @ActivityInterface
    public interface Lookup {
        String find(String key);
    }

    /** Fails the first {@code failures} attempts. */
    public static final class FlakyLookup implements Lookup {
        final List<Integer> attempts = new CopyOnWriteArrayList<>();
        final int failures;

        FlakyLookup(int failures) {
            this.failures = failures;
        }

        @Override
        public String find(String key) {
            int attempt = Activity.getExecutionContext().getInfo().attempt();
            attempts.add(attempt);
            if (attempt <= failures) {
                throw new IllegalStateException("attempt " + attempt + " failed");
            }
            return key + "@" + attempt;
        }
    }

    private final ManualClock clock = new ManualClock();

    private LocalActivityExecutor executor(Lookup lookup) {
        ActivityImplementations implementations = new ActivityImplementations("local");
        implementations.register(lookup, false);
        return new LocalActivityExecutor(CONVERTER, 2, implementations, clock);
    }

    private static LocalActivityRequest request(LocalActivityOptions options) {
        return new LocalActivityRequest("default", new WorkflowExecution("w1", "r1"), "Orders", "local", "1", "Find",
                List.of(CONVERTER.toPayload("k")), options, 1, 0);
    }

    private static RetryOptions retries(int initialMillis, int maximumAttempts) {
        return RetryOptions.newBuilder().setInitialInterval(Duration.ofMillis(initialMillis))
                .setBackoffCoefficient(2).setMaximumAttempts(maximumAttempts).build();
    }

    @Test
    void failedAttemptsAreRetriedHereAfterThePolicysBackoff() throws Exception {
        FlakyLookup lookup = new FlakyLookup(2);

        LocalActivityOutcome outcome = executor(lookup).execute(request(LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(retries(10, 0)).build()));

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.attempt()).isEqualTo(3);
        assertThat(CONVERTER.fromPayload(outcome.result(), String.class, String.class)).isEqualTo("k@3");
        assertThat(lookup.attempts).containsExactly(1, 2, 3);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }

    @Test
    void theLastAllowedAttemptEndsTheRetries() throws Exception {
        FlakyLookup lookup = new FlakyLookup(10);

        LocalActivityOutcome outcome = executor(lookup).execute(request(LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(retries(10, 2)).build()));

        assertThat(outcome.retryState()).isEqualTo(RetryState.MAXIMUM_ATTEMPTS_REACHED);
        assertThat(outcome.attempt()).isEqualTo(2);
        assertThat(outcome.failure().message()).isEqualTo("attempt 2 failed");
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(10));
    }

    @Test
    void aBackoffThatWouldEndAtTheScheduleToCloseDeadlineEndsTheRetriesAsATimeout() throws Exception {
        FlakyLookup lookup = new FlakyLookup(10);

        // Attempt 1 fails at 0 ms and waits 10 ms; attempt 2 fails at 10 ms, and 20 ms more reach the 30 ms deadline.
        LocalActivityOutcome outcome = executor(lookup).execute(request(LocalActivityOptions.newBuilder()
                .setScheduleToCloseTimeout(Duration.ofMillis(30)).setRetryOptions(retries(10, 0)).build()));

        assertThat(outcome.retryState()).isEqualTo(RetryState.TIMEOUT);
        assertThat(outcome.attempt()).isEqualTo(2);
        assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(10));
    }

    @Test
    void aBackoffAboveTheLocalRetryThresholdGoesBackToTheWorkflow() throws Exception {
        FlakyLookup lookup = new FlakyLookup(10);

        LocalActivityOutcome outcome = executor(lookup).execute(request(LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30)).setRetryOptions(retries(1000, 0))
                .setLocalRetryThreshold(Duration.ofMillis(1500)).build()));

        assertThat(outcome.retryState()).isEqualTo(RetryState.IN_PROGRESS);
        assertThat(outcome.attempt()).isEqualTo(2);
        assertThat(outcome.backoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void anUnregisteredTypeFailsWithoutRetryNamingTheRegisteredTypes() throws Exception {
        LocalActivityRequest request = new LocalActivityRequest("default", new WorkflowExecution("w1", "r1"),
                "Orders", "local", "1", "Charge", List.of(), LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(1)).build(), 1, 0);

        LocalActivityOutcome outcome = executor(new FlakyLookup(0)).execute(request);

        assertThat(outcome.retryState()).isEqualTo(RetryState.NON_RETRYABLE_FAILURE);
        assertThat(outcome.failure().type()).isEqualTo(ActivityWorker.NOT_REGISTERED_TYPE);
        assertThat(outcome.failure().message()).isEqualTo("Local activity type \"Charge\" is not registered on task "
                + "queue \"local\"; registered types: [Find]");
    }
}
