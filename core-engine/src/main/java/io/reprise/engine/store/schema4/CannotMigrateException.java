package io.reprise.engine.store.schema4;

/**
 * Data of a schema-4 store that this build cannot turn into its own records. The message starts with
 * {@code "cannot migrate: "}, names what (which run, batch, event or component) and says what to do.
 */
public final class CannotMigrateException extends RuntimeException {

    CannotMigrateException(String problem) {
        super("cannot migrate: " + problem);
    }

    CannotMigrateException(String problem, Throwable cause) {
        super("cannot migrate: " + problem, cause);
    }
}
