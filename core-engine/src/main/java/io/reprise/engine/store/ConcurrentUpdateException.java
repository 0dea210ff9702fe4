package io.reprise.engine.store;

/**
 * The execution row was changed (or created) by someone else since the engine read it:
 * the transition was not applied. The engine reloads the execution and decides again.
 */
public class ConcurrentUpdateException extends StoreException {

    public ConcurrentUpdateException(String message) {
        super(message, null);
    }
}
