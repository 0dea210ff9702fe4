package io.reprise.engine.store;

/** What the store's own threads (the group committer's writer, the SQLite checkpointer) share. */
final class StoreThreads {

    private StoreThreads() {
    }

    /**
     * Waits until {@code thread} has ended, even when interrupted meanwhile (a store that closes must not leave
     * its thread running); the interrupt is then kept for the caller.
     */
    static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
