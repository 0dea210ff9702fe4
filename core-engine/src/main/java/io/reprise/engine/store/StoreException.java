package io.reprise.engine.store;

import java.util.Objects;

/** A store operation failed; nothing of the failed transition was applied. */
public class StoreException extends RuntimeException {

    /** Why a store failed, for callers that advise differently per cause (a startup failure analyzer). */
    public enum Reason {
        /** The SQLite file, or the PostgreSQL schema, is used by another store, in this process or another. */
        LOCKED,
        /** The path cannot hold the database: a directory, below a regular file, not writable, … */
        UNUSABLE_PATH,
        /** The file cannot be opened as a SQLite database (not a database, damaged). */
        NOT_A_REPRISE_DATABASE,
        /** The database cannot be reached or refused the connection (PostgreSQL: down, wrong URL or password). */
        UNREACHABLE,
        /**
         * Migrations are off and the schema is not at the version this code writes (PostgreSQL with
         * {@code migrate} off): run the migrations, or turn them on.
         */
        SCHEMA_NOT_MIGRATED,
        /** The database was written by a newer version of Reprise. */
        NEWER_SCHEMA,
        /** The database was written by a pre-release of Reprise whose schema this version does not read. */
        PRE_RELEASE_SCHEMA,
        /**
         * The database is at an older schema whose data this version converts when it opens it, but part of the data
         * cannot be converted; nothing was changed.
         */
        CANNOT_MIGRATE,
        /**
         * A transition fenced by a shard lease ({@link Transition#fence()}) was refused because the shard is no longer
         * at that epoch: another node owns it now (or this one released it). Nothing of it was written; the call
         * belongs on the shard's owner.
         */
        NOT_SHARD_OWNER,
        /** Any other failure: a commit or a read failed, the store is closed. */
        OPERATION_FAILED
    }

    private final Reason reason;

    /** A failure with reason {@link Reason#OPERATION_FAILED}. */
    public StoreException(String message, Throwable cause) {
        this(Reason.OPERATION_FAILED, message, cause);
    }

    public StoreException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the store failed; {@link Reason#OPERATION_FAILED} unless a more precise reason is known. */
    public Reason reason() {
        return reason;
    }
}
