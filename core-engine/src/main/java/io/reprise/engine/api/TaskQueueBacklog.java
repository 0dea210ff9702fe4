package io.reprise.engine.api;

/**
 * The tasks waiting in one Task Queue of the engine for a worker to poll them
 * ({@link HealthProbe#taskQueueBacklog}). Tasks waiting for a retry backoff to end, and Workflow Tasks
 * on a worker's sticky queue, are not counted.
 *
 * @param workflowTasks Workflow Tasks waiting
 * @param activityTasks Activity Tasks waiting
 */
public record TaskQueueBacklog(int workflowTasks, int activityTasks) {
}
