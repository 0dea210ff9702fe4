package io.reprise.engine;

import io.reprise.engine.api.TaskQueueBacklog;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionStore;

/** Answers a health check: whether the store answers, and how many tasks wait in a Task Queue. */
final class HealthChecks {

    private final ExecutionStore store;
    private final MatchingService matching;

    HealthChecks(ExecutionStore store, MatchingService matching) {
        this.store = store;
        this.matching = matching;
    }

    /** Returns normally when the store answers, or throws {@code UNAVAILABLE} saying why. */
    void pingStore() {
        RunLookup.storeRead(null, () -> {
            store.ping();
            return null;
        });
    }

    /** The tasks waiting in the Task Queue for a worker. */
    TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue) {
        return new TaskQueueBacklog(
                matching.queuedTasks(new TaskQueueId(namespace, taskQueue, TaskQueueKind.WORKFLOW)),
                matching.queuedTasks(new TaskQueueId(namespace, taskQueue, TaskQueueKind.ACTIVITY)));
    }
}
