package io.reprise.engine.store;

import java.util.List;

/**
 * Writes a batch of transitions in one database transaction for the {@link GroupCommitter}: {@link BatchWriter}
 * on SQLite, {@link PostgresBatchWriter} on PostgreSQL. Used by one thread at a time (the
 * group committer's writer thread, or on SQLite a caller writing its own lone commit), never concurrently.
 */
interface TransitionWriter extends AutoCloseable {

    /**
     * Writes {@code batch} in one transaction and commits it.
     *
     * @return for each transition, in order, {@code null} if it committed or the reason it did not
     *     (nothing of a failed transition is applied): a {@link StoreException} (possibly a
     *     {@link ConcurrentUpdateException}), or an {@link IllegalArgumentException} for a
     *     transition that tries to change what never changes in a run
     */
    RuntimeException[] write(List<Transition> batch);

    /** Closes the statements and the connection. */
    @Override
    void close();
}
