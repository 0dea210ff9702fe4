package io.reprise.internal.mapping;

import io.reprise.common.RetryOptions;
import io.reprise.engine.api.RetryPolicy;

/** {@link RetryOptions} as the engine records them. */
public final class RetryPolicies {

    private RetryPolicies() {
    }

    /** The wire and history form of {@code options}; {@code null} stays {@code null} (the engine's default). */
    public static RetryPolicy toPolicy(RetryOptions options) {
        return options == null ? null : new RetryPolicy(options.getInitialInterval(), options.getBackoffCoefficient(),
                options.getMaximumInterval(), options.getMaximumAttempts(), options.getDoNotRetry());
    }
}
