package io.reprise.engine.history;

import com.google.protobuf.InvalidProtocolBufferException;
import io.reprise.engine.proto.v1.RunSnapshot;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Instant;

/**
 * Writes {@link MutableState} into an execution row and reads it back. The {@code state} column holds the proto v1
 * message {@code reprise.engine.v1.RunSnapshot} ({@link RunSnapshotMapper}); the key, the version and the last event
 * id are columns of the row and are not repeated. The memo and search attributes are not in the snapshot: they go
 * to the row's {@code visibility} column ({@link VisibilityAttributes#encode()}), which listing reads without
 * decoding the snapshot.
 */
public final class StateCodec {

    private StateCodec() {
    }

    /**
     * The row of the state after a transition.
     *
     * @param newVersion the version the row will hold
     * @param nextTimerAt the run's earliest due timer, or {@code null}
     */
    public static ExecutionRow toRow(MutableState state, long newVersion, Instant nextTimerAt) {
        return new ExecutionRow(state.key, state.workflowType, state.taskQueue, state.status.name(),
                state.startTime.toEpochMilli(), millis(state.closeTime), millis(nextTimerAt), newVersion,
                state.lastEventId(), RunSnapshotMapper.toSnapshot(state).toByteArray(), state.visibility.encode());
    }

    /**
     * Rebuilds the state from a stored row. In-memory caches (recent events, activity inputs) start empty.
     *
     * @throws IllegalStateException when the row's snapshot or visibility column cannot be read, naming the run
     */
    public static MutableState fromRow(ExecutionRow row) {
        RunSnapshot snapshot;
        try {
            snapshot = RunSnapshot.parseFrom(row.state());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("The stored state of execution " + row.key() + " cannot be read: it is"
                    + " not a proto v1 run snapshot (" + e.getMessage() + ")", e);
        }
        try {
            return RunSnapshotMapper.fromSnapshot(row.key(), row.lastEventId(), row.version(),
                    VisibilityAttributes.decode(row.visibility()), snapshot);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("The stored state of execution " + row.key() + " cannot be read: "
                    + e.getMessage(), e);
        }
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
