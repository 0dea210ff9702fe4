package io.reprise.engine;

import io.reprise.engine.matching.QueuedTask;
import io.reprise.engine.store.ExecutionKey;

/**
 * A workflow task in a queue. It is current only while the run's scheduled workflow task still
 * points at this very object.
 *
 * @param sticky whether it sits on the worker's sticky queue (the worker then gets only new events)
 */
final class WorkflowTaskRef extends QueuedTask {

    final ExecutionKey key;
    final boolean sticky;

    WorkflowTaskRef(ExecutionKey key, boolean sticky) {
        this.key = key;
        this.sticky = sticky;
    }
}
