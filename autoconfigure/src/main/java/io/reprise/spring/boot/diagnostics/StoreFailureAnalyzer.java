package io.reprise.spring.boot.diagnostics;

import io.reprise.engine.store.StoreException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a store that cannot be opened at startup, with advice for its {@link StoreException.Reason}:
 * the SQLite file is locked by another process, the path is unusable, the file is not a Reprise
 * database, was written by another version, or holds data of an earlier version that cannot be migrated. The store's message already names the file and the
 * cause.
 */
public class StoreFailureAnalyzer extends AbstractFailureAnalyzer<StoreException> {

    private static final String FOR_TESTS = " For tests, set reprise.store.type=memory (or use @RepriseTest).";

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StoreException cause) {
        return new FailureAnalysis("The Reprise store cannot be opened: " + cause.getMessage(), action(cause.reason()),
                cause);
    }

    private static String action(StoreException.Reason reason) {
        return switch (reason) {
            case UNREACHABLE -> "Start the PostgreSQL server, or fix reprise.store.postgres.url (.username, .password)"
                    + " or spring.datasource.* so that they name a server this application can reach.";
            case SCHEMA_NOT_MIGRATED -> "Run the Reprise migrations on the schema (docs/postgres.md lists the SQL"
                    + " files), or set reprise.store.postgres.migrate=true to let Reprise run them at start.";
            case LOCKED -> "If another instance of this application uses the same file or PostgreSQL schema, stop it"
                    + " or give this one its own reprise.store.path (SQLite) or reprise.store.postgres.schema"
                    + " (PostgreSQL). The instances on one PostgreSQL schema either all run as cluster nodes (the"
                    + " default) or are one engine alone (reprise.cluster.enabled: false): set the same on each."
                    + FOR_TESTS;
            case UNUSABLE_PATH -> "Set reprise.store.path to a file in a directory this application may create and "
                    + "write (the default is ./reprise-data/reprise.db), or fix the permissions of the path named "
                    + "above.";
            case NOT_A_REPRISE_DATABASE -> "reprise.store.path must name a Reprise SQLite database, or a file that "
                    + "does not exist yet (Reprise creates it): point it at the right file or at a new one.";
            case NEWER_SCHEMA -> "The file was written by a newer version of Reprise, and this version cannot read "
                    + "it: run the application with that version of Reprise (or a newer one), or set "
                    + "reprise.store.path to another file.";
            case PRE_RELEASE_SCHEMA -> "The file was written by a pre-release of Reprise, which this version does not "
                    + "read: delete it (its workflow executions are lost) or set reprise.store.path to another file.";
            case CANNOT_MIGRATE -> "The store was written by an earlier version of Reprise and part of its data cannot be"
                    + " migrated; nothing was changed. Do what the message above says (usually: run its open workflows"
                    + " to completion with the version that wrote it, or restore a backup), or point the store at"
                    + " another file or schema.";
            case NOT_SHARD_OWNER -> "Another engine node owns the shard of the run now; the call must go to that"
                    + " node (several nodes on one PostgreSQL schema are in progress, see docs/architecture.md).";
            case OPERATION_FAILED -> "Check the cause above (the disk, the file's permissions)." + FOR_TESTS;
        };
    }
}
