package io.reprise.client;

import io.reprise.activity.ActivityCompletionException;

/**
 * The engine knows no current attempt for the activity named: the task token is stale (the
 * attempt timed out or was retried, the activity closed) or unknown, or the workflow execution
 * is closed. The message names the workflow and the activity. Nothing was changed.
 */
public final class ActivityNotFoundException extends ActivityCompletionException {

    public ActivityNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
