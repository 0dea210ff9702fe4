package io.reprise.engine.api;

/**
 * What a health check asks of an engine besides its {@link EngineService} calls: whether its store
 * answers, and how many tasks wait in a Task Queue. The embedded engine offers it; a health check
 * that gets an {@link EngineService} without it checks neither. Over gRPC, the ping asks whether the
 * engine answers, and the backlog is not known.
 */
public interface HealthProbe {

    /**
     * Returns normally when the engine is open and its store answers.
     *
     * @throws EngineException {@code UNAVAILABLE} saying why not
     */
    void pingStore();

    /**
     * The tasks waiting in the Task Queue {@code taskQueue} of {@code namespace} for a worker; {@code null} when
     * this engine cannot tell (a remote one).
     */
    TaskQueueBacklog taskQueueBacklog(String namespace, String taskQueue);
}
