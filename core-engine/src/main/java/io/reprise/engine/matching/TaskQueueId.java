package io.reprise.engine.matching;

import java.util.Objects;

/** Names one Task Queue: its namespace, its name (a normal or a sticky queue) and the kind of tasks it holds. */
public record TaskQueueId(String namespace, String name, TaskQueueKind kind) {

    public TaskQueueId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }

    /* equals and hashCode written out for the JIT, as ExecutionKey's are (see there). */
    @Override
    public boolean equals(Object other) {
        return other instanceof TaskQueueId that && kind == that.kind && name.equals(that.name)
                && namespace.equals(that.namespace);
    }

    @Override
    public int hashCode() {
        return (namespace.hashCode() * 31 + name.hashCode()) * 31 + kind.hashCode();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase() + " queue \"" + name + "\" in namespace \"" + namespace + "\"";
    }
}
