package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.engine.api.Failure;
import io.reprise.failure.RetryState;
import java.time.Duration;

/**
 * What running a local activity in the worker produced.
 *
 * @param attempt the last attempt that ran
 * @param result the result, when it succeeded
 * @param failure the last attempt's failure, when it failed
 * @param retryState why retrying stopped ({@code IN_PROGRESS} with a {@code backoff} when the next
 *     attempt must wait longer than the local retry threshold: a durable timer, then attempt + 1)
 */
public record LocalActivityOutcome(String activityId, int attempt, Payload result, Failure failure,
        RetryState retryState, Duration backoff) {

    public boolean succeeded() {
        return failure == null;
    }
}
