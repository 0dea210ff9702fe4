package io.reprise.spring.boot.ui;

import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.HealthProbe;
import io.reprise.engine.api.TaskQueueBacklog;

/**
 * The backlog of a Task Queue, asked of the {@link HealthProbe} of the client's engine when it has one
 * (the embedded engine and the test environment's do), as the health indicator does.
 */
final class TaskQueueBacklogProbe {

    /** Tasks waiting for a worker; {@code null} fields when the engine cannot tell. */
    record Backlog(Integer workflowTasks, Integer activityTasks) {
    }

    private final HealthProbe probe;

    TaskQueueBacklogProbe(EngineService engine) {
        this.probe = engine instanceof HealthProbe healthProbe ? healthProbe : null;
    }

    Backlog backlog(String namespace, String taskQueue) {
        if (probe == null) {
            return new Backlog(null, null);
        }
        TaskQueueBacklog backlog = probe.taskQueueBacklog(namespace, taskQueue);
        return backlog == null ? new Backlog(null, null) // a remote engine's backlog is not known
                : new Backlog(backlog.workflowTasks(), backlog.activityTasks());
    }
}
