package io.reprise.failure;

/** Why retrying stopped (or that it continues). */
public enum RetryState {
    IN_PROGRESS,
    NON_RETRYABLE_FAILURE,
    TIMEOUT,
    MAXIMUM_ATTEMPTS_REACHED,
    RETRY_POLICY_NOT_SET,
    CANCEL_REQUESTED
}
