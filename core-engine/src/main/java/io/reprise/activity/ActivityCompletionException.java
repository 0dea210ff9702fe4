package io.reprise.activity;

/**
 * The activity can no longer complete the way it is trying to: a heartbeat or a completion found
 * it canceled, timed out, or its workflow execution closed. Unchecked.
 */
public class ActivityCompletionException extends RuntimeException {

    public ActivityCompletionException(String message, Throwable cause) {
        super(message, cause);
    }

    public ActivityCompletionException(String message) {
        super(message);
    }
}
