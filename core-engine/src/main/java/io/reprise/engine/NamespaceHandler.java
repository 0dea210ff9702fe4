package io.reprise.engine;

import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import java.util.List;

/**
 * Registers, describes, lists and updates namespaces; a new or changed retention re-arms the
 * namespace's sweep of closed runs.
 */
final class NamespaceHandler {

    private final NamespaceRegistry namespaces;
    private final RetentionSweeper retention;

    NamespaceHandler(NamespaceRegistry namespaces, RetentionSweeper retention) {
        this.namespaces = namespaces;
        this.retention = retention;
    }

    NamespaceDescription register(NamespaceConfig config) {
        NamespaceDescription registered = namespaces.register(config);
        retention.retentionChanged(registered.name());
        return registered;
    }

    NamespaceDescription describe(String name) {
        return namespaces.require(name);
    }

    List<NamespaceDescription> list() {
        return namespaces.list();
    }

    NamespaceDescription update(NamespaceConfig config) {
        NamespaceDescription updated = namespaces.update(config);
        retention.retentionChanged(updated.name());
        return updated;
    }
}
