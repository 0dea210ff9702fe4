package io.reprise.engine;

import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.timer.EngineClock;
import io.reprise.engine.timer.TimerService;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes closed runs and their histories once the retention of their namespace has passed since
 * they closed. Each namespace has one timer, armed at the earliest time one of its closed runs
 * becomes due (its close time plus the retention), on the engine clock, so a test clock moving
 * forward deletes what became due. When it fires, the due runs are deleted in batches of
 * {@value #BATCH_SIZE}, each batch in one store transaction (rows and histories together), and
 * the timer is armed again from the earliest close time left in the store.
 *
 * <p>Open runs are never deleted. A run that closes arms its namespace's timer if it becomes due
 * earlier than what is armed; a retention change re-arms from the store, so it applies to runs
 * already closed; at start-up every namespace is armed from the store, so sweeping continues after
 * a restart.
 *
 * <p>A cluster node sweeps only the runs of the shards it owns at each sweep ({@code ownedShards}), and arms its
 * timers from those runs only; it arms them again when it acquires a shard ({@link #shardsChanged()}).
 */
final class RetentionSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetentionSweeper.class);
    /** Runs deleted per store transaction, so a large backlog never holds the write lock for long. */
    static final int BATCH_SIZE = 100;
    /** When a sweep failed (the store is down), try again this much later. */
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private final ExecutionStore store;
    private final NamespaceRegistry namespaces;
    private final ExecutionRegistry registry;
    private final EngineClock clock;
    private final TimerService<String> timers;
    /** Guarded by {@code this}: what each namespace's timer is armed for, as far as this class knows. */
    private final Map<String, Instant> armed = new HashMap<>();
    /** One sweep at a time. */
    private final ReentrantLock sweeping = new ReentrantLock();
    private volatile boolean closed;
    /** The shards whose runs this engine sweeps now, or {@code null} for all (an engine that runs alone). */
    private final Supplier<int[]> ownedShards;

    RetentionSweeper(ExecutionStore store, NamespaceRegistry namespaces, ExecutionRegistry registry,
            EngineClock clock) {
        this(store, namespaces, registry, clock, () -> null);
    }

    RetentionSweeper(ExecutionStore store, NamespaceRegistry namespaces, ExecutionRegistry registry,
            EngineClock clock, Supplier<int[]> ownedShards) {
        this.ownedShards = ownedShards;
        this.store = store;
        this.namespaces = namespaces;
        this.registry = registry;
        this.clock = clock;
        this.timers = new TimerService<>(clock, this::sweep, "reprise-retention");
    }

    /** Arms every namespace's timer from the store and starts the timer thread. */
    void start() {
        for (NamespaceDescription namespace : namespaces.list()) {
            armFromStore(namespace.name());
        }
        timers.start();
    }

    /** A run closed: it becomes due at {@code closeTime} plus its namespace's retention. */
    void runClosed(ExecutionKey key, Instant closeTime) {
        Duration retention = namespaces.retention(key.namespace());
        if (retention != null && closeTime != null) {
            armIfEarlier(key.namespace(), closeTime.plus(retention));
        }
    }

    /** The namespace's retention changed: its timer is armed again for the new retention. */
    void retentionChanged(String namespace) {
        synchronized (this) {
            armed.remove(namespace);
            timers.schedule(namespace, null);
        }
        armFromStore(namespace);
    }

    /** A cluster node acquired a shard: every namespace's timer is armed again, from the runs of its shards now. */
    void shardsChanged() {
        for (NamespaceDescription namespace : namespaces.list()) {
            armFromStore(namespace.name());
        }
    }

    /** Whether a sweep is due or running (for {@link TimeSkippingChecks#isBusy}). */
    boolean isBusy() {
        return timers.nextDueTime().filter(due -> !due.isAfter(clock.now())).isPresent() || timers.isFiring();
    }

    /** Grows whenever a sweep is taken for running. */
    long changeCount() {
        return timers.changeCount();
    }

    @Override
    public void close() {
        closed = true;
        timers.close();
    }

    private void sweep(String namespace) {
        synchronized (this) {
            armed.remove(namespace); // the timer that fired is no longer armed
        }
        if (closed) {
            return;
        }
        sweeping.lock();
        try {
            Duration retention = namespaces.retention(namespace);
            if (retention == null) {
                return;
            }
            long cutoff = clock.now().minus(retention).toEpochMilli();
            int total = 0;
            while (!closed) {
                int[] shards = ownedShards.get();
                if (shards != null && shards.length == 0) {
                    break;
                }
                List<ExecutionKey> deleted = shards == null ? store.deleteClosedRuns(namespace, cutoff, BATCH_SIZE)
                        : store.deleteClosedRuns(namespace, cutoff, BATCH_SIZE, shards);
                registry.deleted(deleted);
                total += deleted.size();
                if (deleted.size() < BATCH_SIZE) {
                    break;
                }
            }
            if (total > 0) {
                log.info("Deleted {} closed workflow execution(s) of namespace \"{}\" past its retention of {}",
                        total, namespace, retention);
            }
            armFromStore(namespace);
        } catch (RuntimeException e) {
            log.warn("Deleting the closed workflow executions of namespace \"{}\" past their retention failed; "
                    + "trying again in {}", namespace, RETRY_AFTER_FAILURE, e);
            armIfEarlier(namespace, clock.now().plus(RETRY_AFTER_FAILURE));
        } finally {
            sweeping.unlock();
        }
    }

    /**
     * Arms the namespace's timer for its earliest closed run in the store, if it has one; when the
     * store cannot tell, for a retry a little later.
     */
    private void armFromStore(String namespace) {
        Duration retention = namespaces.retention(namespace);
        if (retention == null) {
            return;
        }
        OptionalLong earliest;
        try {
            int[] shards = ownedShards.get();
            if (shards != null && shards.length == 0) {
                return; // armed again when this node acquires a shard
            }
            earliest = shards == null ? store.earliestCloseTime(namespace)
                    : store.earliestCloseTime(namespace, shards);
        } catch (RuntimeException e) {
            log.warn("Finding the earliest closed workflow execution of namespace \"{}\" failed; trying again in {}",
                    namespace, RETRY_AFTER_FAILURE, e);
            armIfEarlier(namespace, clock.now().plus(RETRY_AFTER_FAILURE));
            return;
        }
        if (earliest.isPresent()) {
            armIfEarlier(namespace, Instant.ofEpochMilli(earliest.getAsLong()).plus(retention));
        }
    }

    private synchronized void armIfEarlier(String namespace, Instant due) {
        Instant current = armed.get(namespace);
        if (closed || (current != null && !due.isBefore(current))) {
            return;
        }
        armed.put(namespace, due);
        timers.schedule(namespace, due);
    }
}
