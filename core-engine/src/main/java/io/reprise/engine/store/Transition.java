package io.reprise.engine.store;

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
 */
public record Transition(ExecutionRow row, long expectedVersion, HistoryBatch history, Transition successor) {

    public Transition(ExecutionRow row, long expectedVersion, HistoryBatch history) {
        this(row, expectedVersion, history, null);
    }

    public Transition {
        if (successor != null && (successor.expectedVersion() != 0 || successor.successor() != null)) {
            throw new IllegalArgumentException("a successor must be the first transition of a new run, without a "
                    + "successor of its own");
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
}
