package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.NamespaceRow;
import io.reprise.engine.store.StoreException;
import io.reprise.engine.timer.EngineClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The registered namespaces: kept in the store, cached here so that checking the namespace of a
 * request (every poll does) is one map lookup. Changes go to the store first, then to the cache,
 * one at a time.
 *
 * <p>Several engines may share one store (cluster nodes on one PostgreSQL schema), and a namespace registered or
 * updated through one of them is not in the others' caches. So a name the cache does not know, and a listing,
 * read the namespaces from the store again: a namespace registered on another node is known here from the first
 * request that names it. A name still unknown after that is looked up again at most once per
 * {@link #RELOAD_INTERVAL}, so that requests naming an unregistered namespace do not each query the store. A change
 * of a namespace this node knows (description, retention) made on another node is seen here at the next listing,
 * or after a restart.
 */
final class NamespaceRegistry {

    private static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final String DEFAULT_DESCRIPTION = "The namespace clients use unless they name another";

    private final ExecutionStore store;
    private final EngineClock clock;
    private final Map<String, NamespaceDescription> byName = new ConcurrentHashMap<>();

    /** The least time between two reads of the namespaces from the store for one name the cache misses. */
    static final Duration RELOAD_INTERVAL = Duration.ofSeconds(1);
    /** At most this many unknown names are remembered; beyond, the memory starts again. */
    private static final int MAX_REMEMBERED_MISSES = 1000;
    /** The names not found in the store, and when they were looked up (System.nanoTime()). */
    private final Map<String, Long> missedAt = new ConcurrentHashMap<>();

    NamespaceRegistry(ExecutionStore store, EngineClock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Loads the registry at start-up, registers {@value NamespaceConfig#DEFAULT_NAMESPACE} if it is
     * missing, then registers each of {@code declared} that is missing and updates each that exists.
     *
     * @throws EngineException {@code UNAVAILABLE} when the store fails; {@code INVALID_ARGUMENT}
     *     for a bad declared namespace
     */
    synchronized void load(List<NamespaceConfig> declared) {
        for (NamespaceConfig config : declared) {
            validate(config, true);
        }
        for (NamespaceRow row : storeCall("load the namespaces", store::loadNamespaces)) {
            byName.put(row.name(), describe(row));
        }
        if (!byName.containsKey(NamespaceConfig.DEFAULT_NAMESPACE)) {
            register(NamespaceConfig.of(NamespaceConfig.DEFAULT_NAMESPACE).withDescription(DEFAULT_DESCRIPTION));
        }
        for (NamespaceConfig config : declared) {
            if (byName.containsKey(config.name())) {
                update(config);
            } else {
                register(config);
            }
        }
    }

    synchronized NamespaceDescription register(NamespaceConfig config) {
        validate(config, true);
        if (byName.containsKey(config.name())) {
            throw alreadyExists(config.name());
        }
        long now = now().toEpochMilli();
        Duration retention = config.retention() == null ? NamespaceConfig.DEFAULT_RETENTION : config.retention();
        NamespaceRow row = new NamespaceRow(config.name(), config.description() == null ? "" : config.description(),
                retention.toMillis(), now, now);
        if (!storeCall("register namespace \"" + config.name() + "\"", () -> store.insertNamespace(row))) {
            throw alreadyExists(config.name());
        }
        NamespaceDescription description = describe(row);
        byName.put(row.name(), description);
        return description;
    }

    /** Applies the non-null fields of {@code config} to the registered namespace. */
    synchronized NamespaceDescription update(NamespaceConfig config) {
        validate(config, false);
        NamespaceDescription current = require(config.name());
        NamespaceRow row = new NamespaceRow(current.name(),
                config.description() == null ? current.description() : config.description(),
                (config.retention() == null ? current.retention() : config.retention()).toMillis(),
                current.createTime().toEpochMilli(), now().toEpochMilli());
        if (!storeCall("update namespace \"" + config.name() + "\"", () -> store.updateNamespace(row))) {
            throw notRegistered(config.name()); // not expected: the cache and the store disagree
        }
        NamespaceDescription description = describe(row);
        byName.put(row.name(), description);
        return description;
    }

    /**
     * The registered namespace {@code name}.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} when the name is blank; {@code NOT_FOUND}
     *     when it is not registered
     */
    NamespaceDescription require(String name) {
        NamespaceDescription namespace = name == null ? null : byName.get(name);
        if (namespace == null && name != null && reloadFor(name)) {
            namespace = byName.get(name); // registered through another engine on the same store
        }
        if (namespace == null) {
            RequestValidation.requireName(name, "Namespace", "pass the name of a registered namespace");
            throw notRegistered(name);
        }
        return namespace;
    }

    /** The retention of {@code name}, or {@code null} when it is not registered. */
    Duration retention(String name) {
        NamespaceDescription namespace = byName.get(name);
        return namespace == null ? null : namespace.retention();
    }

    /** Every registered namespace, by name, read from the store again. */
    List<NamespaceDescription> list() {
        reloadFromStore();
        return cached();
    }

    /**
     * Reads the namespaces from the store for {@code name}, which the cache misses, unless it missed there too within
     * {@link #RELOAD_INTERVAL}.
     *
     * @return whether it read them
     */
    private boolean reloadFor(String name) {
        long now = System.nanoTime();
        Long missed = missedAt.get(name);
        if (missed != null && now - missed < RELOAD_INTERVAL.toNanos()) {
            return false;
        }
        reloadFromStore();
        if (!byName.containsKey(name)) {
            if (missedAt.size() >= MAX_REMEMBERED_MISSES) {
                missedAt.clear();
            }
            missedAt.put(name, now);
        }
        return true;
    }

    private synchronized void reloadFromStore() {
        for (NamespaceRow row : storeCall("load the namespaces", store::loadNamespaces)) {
            byName.put(row.name(), describe(row));
        }
    }

    private List<NamespaceDescription> cached() {
        List<NamespaceDescription> all = new ArrayList<>(byName.values());
        all.sort(Comparator.comparing(NamespaceDescription::name));
        return all;
    }

    private EngineException notRegistered(String name) {
        return EngineException.notFound("Namespace \"" + name + "\" is not registered; register it with "
                + "NamespaceClient.register (EngineService.registerNamespace) or use one of "
                + cached().stream().map(NamespaceDescription::name).toList());
    }

    private static EngineException alreadyExists(String name) {
        return new EngineException(EngineException.Code.ALREADY_EXISTS, "Namespace \"" + name + "\" is already "
                + "registered; use NamespaceClient.update (EngineService.updateNamespace) to change it");
    }

    /** Checks a config; {@code registering} also requires what registering needs. */
    private static void validate(NamespaceConfig config, boolean registering) {
        if (config == null) {
            throw EngineException.invalidArgument("A namespace config is required: pass NamespaceConfig.of(name)");
        }
        String name = config.name();
        RequestValidation.requireName(name, "Namespace name", "pass a name such as \"billing\"");
        if (!NamespaceConfig.isValidName(name)) {
            throw EngineException.invalidArgument("Namespace name \"" + name + "\" is invalid: use 1 to "
                    + NamespaceConfig.MAX_NAME_LENGTH + " letters, digits, '-', '_' and '.', starting with a "
                    + "letter or a digit");
        }
        if (config.description() != null && config.description().length() > MAX_DESCRIPTION_LENGTH) {
            throw EngineException.invalidArgument("The description of namespace \"" + name + "\" is too long: "
                    + config.description().length() + " characters, at most " + MAX_DESCRIPTION_LENGTH);
        }
        Duration retention = config.retention();
        if (retention != null && (retention.compareTo(NamespaceConfig.MIN_RETENTION) < 0
                || retention.compareTo(NamespaceConfig.MAX_RETENTION) > 0)) {
            boolean tooShort = retention.compareTo(NamespaceConfig.MIN_RETENTION) < 0;
            throw EngineException.invalidArgument("The retention of namespace \"" + name + "\" must be between "
                    + NamespaceConfig.MIN_RETENTION.toDays() + " day and " + NamespaceConfig.MAX_RETENTION.toDays()
                    + " days, got " + retention + "; set a retention of "
                    + (tooShort ? "at least 1 day" : "at most " + NamespaceConfig.MAX_RETENTION.toDays() + " days")
                    + (registering ? ", or leave it unset for the default of "
                            + NamespaceConfig.DEFAULT_RETENTION.toDays() + " days" : ""));
        }
    }

    private Instant now() {
        return clock.now().truncatedTo(ChronoUnit.MILLIS);
    }

    private static NamespaceDescription describe(NamespaceRow row) {
        return new NamespaceDescription(row.name(), row.description(), Duration.ofMillis(row.retentionMillis()),
                Instant.ofEpochMilli(row.createTimeMillis()), Instant.ofEpochMilli(row.updateTimeMillis()));
    }

    private static <T> T storeCall(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StoreException e) {
            throw new EngineException(EngineException.Code.UNAVAILABLE, "The store failed to " + what + ": "
                    + e.getMessage() + "; nothing was changed, retry the request", e);
        }
    }
}
