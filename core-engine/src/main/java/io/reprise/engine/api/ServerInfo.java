package io.reprise.engine.api;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an engine says about itself, so that a client can tell what it may ask of it.
 *
 * @param version the Reprise release of the engine, e.g. {@code 0.1.0}
 * @param capabilities names of the features it offers beyond the first release's calls, e.g.
 *     {@value #REQUEST_ID}, {@value #HEADER}, {@value #PAGED_HISTORY}
 * @param nodeId the engine node that answered (its identity, {@code reprise-engine-<pid>@<host>} by default)
 * @param storeKind where it keeps runs: {@code sqlite}, {@code memory} (SQLite in memory), {@code postgres}, or
 *     another store's name
 */
public record ServerInfo(String version, Set<String> capabilities, String nodeId, String storeKind) {

    /** Signal, cancel, terminate and update calls carry a request id; a retried call is applied once. */
    public static final String REQUEST_ID = "request-id";
    /** Starts, activity schedules, child starts and signals carry a header (context propagation). */
    public static final String HEADER = "header";
    /** {@link EngineService#getHistory(GetHistoryRequest)} returns pages with a next-page token. */
    public static final String PAGED_HISTORY = "paged-history";

    public ServerInfo {
        capabilities = capabilities == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(capabilities));
    }

    /** Whether the engine offers the capability {@code name}. */
    public boolean has(String name) {
        return capabilities.contains(name);
    }
}
