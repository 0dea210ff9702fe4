package io.reprise.engine.store;

/** A store operation failed; nothing of the failed transition was applied. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
