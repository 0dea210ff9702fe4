package io.reprise.spring.boot.ui;

import io.reprise.engine.Engine;
import io.reprise.engine.TaskQueueBacklog;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The backlog of a Task Queue, when the engine runs in this process. Kept apart, and alone in touching
 * {@link Engine}, because the engine's health and backlog probes are moving behind an interface of
 * {@code io.reprise.engine.api}: this is the one class to switch then.
 */
final class TaskQueueBacklogProbe {

    /** Tasks waiting for a worker; {@code null} fields when the engine is not in this process. */
    record Backlog(Integer workflowTasks, Integer activityTasks) {
    }

    private final ObjectProvider<Engine> engine;

    TaskQueueBacklogProbe(ObjectProvider<Engine> engine) {
        this.engine = engine;
    }

    Backlog backlog(String namespace, String taskQueue) {
        Engine local = engine.getIfUnique();
        if (local == null) {
            return new Backlog(null, null);
        }
        TaskQueueBacklog backlog = local.taskQueueBacklog(namespace, taskQueue);
        return new Backlog(backlog.workflowTasks(), backlog.activityTasks());
    }
}
