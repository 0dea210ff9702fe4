package io.reprise.engine.store;

import io.reprise.engine.cluster.ShardEpoch;
import java.util.Objects;

/**
 * One engine transition of one execution: the row as it is after the transition and the
 * events it appended. It commits atomically or not at all.
 *
 * @param row the execution row after the transition ({@code row.version()} is the new version)
 * @param expectedVersion the version the engine read; {@code 0} means the row must not exist yet
 * @param history the appended events, or {@code null} when the transition appends none
 * @param successor the start of the next run of the same Workflow Id (continue-as-new, a retry, the
 *     next cron run), committed in the same store transaction as this one, after it; or {@code null}
 * @param fence the lease of the run's shard held by the node writing it, when several nodes share the store: the
 *     PostgreSQL store commits the transition (and its successor, of the same Workflow Id and so of the same shard)
 *     only while the shard is still at that epoch, and fails it with {@link NotShardOwnerException} otherwise,
 *     writing nothing; or {@code null}, the default, for a node that runs alone (not checked). The SQLite and
 *     in-memory stores serve one process and ignore it.
 */
public record Transition(ExecutionRow row, long expectedVersion, HistoryBatch history, Transition successor,
        ShardEpoch fence) {

    public Transition(ExecutionRow row, long expectedVersion, HistoryBatch history) {
        this(row, expectedVersion, history, null, null);
    }

    public Transition(ExecutionRow row, long expectedVersion, HistoryBatch history, Transition successor) {
        this(row, expectedVersion, history, successor, null);
    }

    public Transition {
        if (successor != null && (successor.expectedVersion() != 0 || successor.successor() != null)) {
            throw new IllegalArgumentException("a successor must be the first transition of a new run, without a "
                    + "successor of its own");
        }
        if (successor != null && successor.fence() != null) {
            throw new IllegalArgumentException("a successor is fenced by the transition it follows: give the fence to"
                    + " that one, not to the successor");
        }
        Objects.requireNonNull(row, "row");
        if (row.version() <= expectedVersion) {
            throw new IllegalArgumentException("new version " + row.version()
                    + " must be greater than the expected version " + expectedVersion);
        }
        if (history != null && history.lastEventId() != row.lastEventId()) {
            throw new IllegalArgumentException("row.lastEventId " + row.lastEventId()
                    + " does not match the appended history's last event id " + history.lastEventId());
        }
    }

    /** This transition, fenced by {@code lease} (see {@link #fence()}). */
    public Transition fencedBy(ShardEpoch lease) {
        return new Transition(row, expectedVersion, history, successor, Objects.requireNonNull(lease, "lease"));
    }
}
