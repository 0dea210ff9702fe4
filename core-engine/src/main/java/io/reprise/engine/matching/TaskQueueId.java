package io.reprise.engine.matching;

import java.util.Objects;

/** Names one Task Queue: its namespace, its name (a normal or a sticky queue) and the kind of tasks it holds. */
public record TaskQueueId(String namespace, String name, TaskQueueKind kind) {

    public TaskQueueId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " queue \"" + name + "\" in namespace \"" + namespace + "\"";
    }
}
