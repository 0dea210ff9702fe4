package io.reprise.activity;

/**
 * Thrown by a heartbeat when the workflow asked to cancel the activity. Clean up, then let it
 * propagate: the worker then reports the activity canceled. Catching it and returning completes
 * the activity normally instead.
 */
public final class ActivityCanceledException extends ActivityCompletionException {

    public ActivityCanceledException(String message) {
        super(message);
    }
}
