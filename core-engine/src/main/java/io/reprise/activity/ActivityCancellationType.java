package io.reprise.activity;

/** What canceling an activity's {@code CancellationScope} does. Default {@link #TRY_CANCEL}. */
public enum ActivityCancellationType {
    /**
     * Send the cancel request and go on at once: the activity's promise fails right away with an
     * {@code ActivityFailure} caused by a {@code CanceledFailure}.
     */
    TRY_CANCEL,
    /**
     * Send the cancel request and wait until the activity acknowledges it (reports itself canceled,
     * or completes or fails); the promise then resolves accordingly.
     */
    WAIT_CANCELLATION_COMPLETED,
    /** Send nothing and go on at once; the activity keeps running and its outcome is ignored. */
    ABANDON
}
