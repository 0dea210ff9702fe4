package io.reprise.client;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import java.util.List;
import java.util.Objects;

/**
 * Registers, describes, lists and updates namespaces. A namespace isolates Workflow Executions
 * (the same Workflow Id in two namespaces names two executions) and has a retention: how long a
 * closed execution and its Event History are kept after it closed (default 3 days, at least 1 day).
 * Every engine has the namespace {@code default}; a request naming a namespace that is not
 * registered fails with {@code NOT_FOUND}.
 *
 * <pre>{@code
 * NamespaceClient namespaces = NamespaceClient.newInstance(engine); // or workflowClient.newNamespaceClient()
 * namespaces.register(NamespaceConfig.of("billing").withRetention(Duration.ofDays(30)));
 * WorkflowClient billing = WorkflowClient.newInstance(engine,
 *         WorkflowClientOptions.newBuilder().setNamespace("billing").build());
 * }</pre>
 *
 * <p>Refusals are {@link EngineException}s: {@code ALREADY_EXISTS} (registering a name twice),
 * {@code NOT_FOUND} (an unknown namespace), {@code INVALID_ARGUMENT} (a bad name or retention).
 * A refused call changes nothing.
 */
public final class NamespaceClient {

    private final EngineService engine;

    private NamespaceClient(EngineService engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    public static NamespaceClient newInstance(EngineService engine) {
        return new NamespaceClient(engine);
    }

    /**
     * Registers a namespace; an unset retention means {@link NamespaceConfig#DEFAULT_RETENTION} (3 days).
     *
     * @return the namespace as registered
     */
    public NamespaceDescription register(NamespaceConfig config) {
        return toPublic(engine.registerNamespace(toEngine(config)));
    }

    /** The registered namespace {@code name}. */
    public NamespaceDescription describe(String name) {
        return toPublic(engine.describeNamespace(name));
    }

    /** Every registered namespace, by name. */
    public List<NamespaceDescription> list() {
        return engine.listNamespaces().stream().map(NamespaceClient::toPublic).toList();
    }

    /**
     * Changes the description and/or retention of a namespace; {@code null} fields keep their value.
     * A shorter retention applies to the executions already closed: those now past it are deleted.
     *
     * @return the namespace as updated
     */
    public NamespaceDescription update(NamespaceConfig config) {
        return toPublic(engine.updateNamespace(toEngine(config)));
    }

    private static io.reprise.engine.api.NamespaceConfig toEngine(NamespaceConfig config) {
        Objects.requireNonNull(config, "config");
        return new io.reprise.engine.api.NamespaceConfig(config.name(), config.description(), config.retention());
    }

    private static NamespaceDescription toPublic(io.reprise.engine.api.NamespaceDescription d) {
        return new NamespaceDescription(d.name(), d.description(), d.retention(), d.createTime(), d.updateTime());
    }
}
