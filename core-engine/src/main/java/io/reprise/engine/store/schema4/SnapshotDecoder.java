package io.reprise.engine.store.schema4;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.history.ActivityState;
import io.reprise.engine.history.MutableState;
import io.reprise.engine.history.MutableStateBuilder;
import io.reprise.engine.history.PendingChild;
import io.reprise.engine.history.PendingExternal;
import io.reprise.engine.history.TimerState;
import io.reprise.engine.history.WorkflowTaskState;
import io.reprise.engine.store.ExecutionRow;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a run snapshot of store schema 4 (the {@code state} column, {@code history/StateCodec} format 3) into
 * this build's {@link MutableState}. The reading is a frozen copy of the format-3 reader of commit f9de747: the
 * bytes are read as that build wrote them, whatever the state classes look like now. The records inside (retry
 * policies, payloads, failures, timers, pending children and external requests, buffered events, the parent) are
 * built by component name ({@link RecordAssembler}), the rest through {@link MutableStateBuilder}.
 *
 * <p>Format 3, in order ({@code ?} = a presence byte, then the value; {@code utf} is {@code DataOutput}'s modified
 * UTF-8; times are epoch millis, durations millis):
 * <pre>
 * byte 3
 * utf workflowType, utf taskQueue, byte status (ordinal of RUNNING, COMPLETED, FAILED, TIMED_OUT, CANCELED,
 *     TERMINATED, CONTINUED_AS_NEW), ?utf requestId
 * long startTime, ?long closeTime, ?long runExpirationTime, long workflowTaskTimeout
 * long previousStartedEventId, ?utf stickyTaskQueue
 * ?workflowTask: byte status (SCHEDULED, STARTED), long scheduledEventId, int attempt, utf taskQueue,
 *     long scheduledTime, long availableTime, ?long stickyDeadline, long startedEventId, ?long startedTime,
 *     ?utf startedIdentity
 * int n, n × activity: long scheduledEventId, utf activityId, utf activityType, utf taskQueue,
 *     ?long scheduleToClose, ?long scheduleToStart, ?long startToClose, ?long heartbeat, retryPolicy,
 *     long scheduledTime, byte status (SCHEDULED, STARTED), int attempt, long attemptScheduledTime,
 *     ?long startedTime, ?utf startedIdentity, ?long lastStartedTime, blob lastFailure (JSON), ?utf lastWorkerIdentity,
 *     payloads heartbeatDetails, ?long lastHeartbeatTime, long cancelRequestedEventId
 * int n, n × timer: utf timerId, long startedEventId, long fireTime
 * blob bufferedEvents (a JSON event list)
 * bool cancelRequested, names signalNames, names pendingUpdates
 * ?utf firstExecutionRunId, int attempt, bool (+ retryPolicy), ?utf cronSchedule, ?long executionTimeout,
 * ?long executionExpirationTime, ?long runTimeout, payloads input, blob children (JSON array of PendingChild,
 * with a derived "started"), blob externals (JSON array of PendingExternal, with a derived "signal"),
 * bool (+ utf namespace, utf workflowId, utf runId, long initiatedEventId) parentExecution
 *
 * retryPolicy: long initialInterval, double backoffCoefficient, long maximumInterval, int maximumAttempts,
 *     int n, n × utf nonRetryableErrorType
 * payloads: int n, n × (utf encoding, int length, bytes); names: int n (-1: none), n × utf; blob: int length
 *     (-1: none), bytes
 * </pre>
 */
final class SnapshotDecoder {

    /** The only snapshot format of schema 4. */
    static final int FORMAT = 3;

    /** The statuses by the ordinal format 3 wrote. */
    private static final List<String> RUN_STATUSES = List.of("RUNNING", "COMPLETED", "FAILED", "TIMED_OUT",
            "CANCELED", "TERMINATED", "CONTINUED_AS_NEW");
    /** Workflow task and activity statuses by the ordinal format 3 wrote. */
    private static final List<String> TASK_STATUSES = List.of("SCHEDULED", "STARTED");

    private final RecordAssembler assembler;

    SnapshotDecoder(RecordAssembler assembler) {
        this.assembler = assembler;
    }

    /**
     * The state of a schema-4 row.
     *
     * @throws CannotMigrateException when the snapshot is not format 3, is corrupt, or holds a record this build
     *     cannot build
     */
    MutableState decode(ExecutionRow row) {
        String where = "the snapshot of run " + Schema4Reader.describe(row.key());
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row.state()))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new CannotMigrateException(where + " has format " + format + ", but schema-4 snapshots have"
                        + " format " + FORMAT + "; the row holds something a release of Reprise did not write:"
                        + " restore the store from a backup");
            }
            String workflowType = in.readUTF();
            String taskQueue = in.readUTF();
            WorkflowExecutionStatus status = constant(WorkflowExecutionStatus.class, byOrdinal(RUN_STATUSES,
                    in.readUnsignedByte(), "run status", where), where);
            String requestId = readOptionalUtf(in);
            Instant startTime = Instant.ofEpochMilli(in.readLong());
            Instant closeTime = instant(readOptionalLong(in));
            Instant runExpirationTime = instant(readOptionalLong(in));
            Duration workflowTaskTimeout = Duration.ofMillis(in.readLong());
            MutableStateBuilder state = new MutableStateBuilder(row.key(), workflowType, taskQueue, startTime,
                    requestId, workflowTaskTimeout, runExpirationTime)
                    .status(status, closeTime)
                    .stored(row.version(), row.lastEventId())
                    .visibility(VisibilityDecoder.decode(row.visibility(), "run " + Schema4Reader.describe(row.key())))
                    .previousStartedEventId(in.readLong())
                    .stickyTaskQueue(readOptionalUtf(in));
            if (in.readBoolean()) {
                WorkflowTaskState.Status taskStatus = constant(WorkflowTaskState.Status.class, byOrdinal(
                        TASK_STATUSES, in.readUnsignedByte(), "workflow task status", where), where);
                state.workflowTask(taskStatus, in.readLong(), in.readInt(), in.readUTF(),
                        Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()),
                        instant(readOptionalLong(in)), in.readLong(), instant(readOptionalLong(in)),
                        readOptionalUtf(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                readActivity(in, state, where);
            }
            for (int i = in.readInt(); i > 0; i--) {
                Map<String, Object> timer = new LinkedHashMap<>();
                timer.put("timerId", in.readUTF());
                timer.put("startedEventId", in.readLong());
                timer.put("fireTime", Instant.ofEpochMilli(in.readLong()));
                state.timer(assembler.assemble(TimerState.class, new DecodedRecord("TimerState", timer),
                        where + ", a timer"));
            }
            byte[] buffered = readBlob(in);
            if (buffered != null) {
                state.bufferedEvents(bufferedEvents(buffered, where));
            }
            state.cancelRequested(in.readBoolean());
            state.signalNames(readNames(in));
            List<String> pendingUpdates = readNames(in);
            state.pendingUpdates(pendingUpdates == null ? List.of() : pendingUpdates);
            String firstExecutionRunId = readOptionalUtf(in);
            int attempt = in.readInt();
            RetryPolicy retryPolicy = in.readBoolean() ? readRetryPolicy(in, where + ", the run's retry policy")
                    : null;
            state.chain(firstExecutionRunId, attempt, retryPolicy, readOptionalUtf(in));
            state.timeouts(duration(readOptionalLong(in)), instant(readOptionalLong(in)),
                    duration(readOptionalLong(in)));
            state.input(readPayloads(in, where + ", the run's input"));
            byte[] children = readBlob(in);
            if (children != null) {
                int i = 0;
                for (JsonNode child : json(children, where, "children")) {
                    state.child(assembler.assemble(PendingChild.class, withoutDerived(DecodedRecord.ofJson(
                            "PendingChild", child), "started"), where + ", pending child " + i++));
                }
            }
            byte[] externals = readBlob(in);
            if (externals != null) {
                int i = 0;
                for (JsonNode external : json(externals, where, "externals")) {
                    state.external(assembler.assemble(PendingExternal.class, withoutDerived(DecodedRecord.ofJson(
                            "PendingExternal", external), "signal"), where + ", pending external " + i++));
                }
            }
            if (in.readBoolean()) {
                Map<String, Object> parent = new LinkedHashMap<>();
                parent.put("namespace", in.readUTF());
                parent.put("workflowId", in.readUTF());
                parent.put("runId", in.readUTF());
                parent.put("initiatedEventId", in.readLong());
                state.parentExecution(assembler.assemble(EventAttributes.ParentExecution.class,
                        new DecodedRecord("ParentExecution", parent), where + ", the parent"));
            }
            if (in.available() > 0) {
                throw new CannotMigrateException(where + " has " + in.available() + " bytes after its last field:"
                        + " it is corrupt; restore the store from a backup");
            }
            return state.build();
        } catch (EOFException e) {
            throw new CannotMigrateException(where + " ends early: it is truncated or corrupt; restore the store"
                    + " from a backup", e);
        } catch (IOException e) {
            throw new CannotMigrateException(where + " cannot be read (" + e + "): it is corrupt; restore the store"
                    + " from a backup", e);
        }
    }

    private void readActivity(DataInputStream in, MutableStateBuilder state, String where) throws IOException {
        long scheduledEventId = in.readLong();
        String at = where + ", activity " + scheduledEventId;
        MutableStateBuilder.Activity activity = state.activity(scheduledEventId, in.readUTF(), in.readUTF(),
                in.readUTF(), duration(readOptionalLong(in)), duration(readOptionalLong(in)),
                duration(readOptionalLong(in)), duration(readOptionalLong(in)), readRetryPolicy(in, at),
                Instant.ofEpochMilli(in.readLong()));
        ActivityState.Status status = constant(ActivityState.Status.class, byOrdinal(TASK_STATUSES,
                in.readUnsignedByte(), "activity status", at), at);
        activity.attempt(status, in.readInt(), Instant.ofEpochMilli(in.readLong()));
        activity.started(instant(readOptionalLong(in)), readOptionalUtf(in));
        Instant lastStartedTime = instant(readOptionalLong(in));
        byte[] failure = readBlob(in);
        Failure lastFailure = failure == null ? null : assembler.assemble(Failure.class,
                DecodedRecord.ofJson("Failure", json(failure, at, "lastFailure")), at + ", its last failure");
        activity.previous(lastStartedTime, lastFailure, readOptionalUtf(in));
        activity.heartbeat(readPayloads(in, at + ", its heartbeat details"), instant(readOptionalLong(in)));
        activity.cancelRequestedEventId(in.readLong());
    }

    private List<HistoryEvent> bufferedEvents(byte[] json, String where) {
        String batch = where + ", its buffered events";
        List<HistoryEvent> events = new ArrayList<>();
        for (DecodedEvent event : BatchDecoder.decode(json, batch)) {
            events.add(new HistoryEvent(event.eventId(), event.eventTime(),
                    assembler.eventAttributes(event.attributes(), "buffered event of " + where)));
        }
        return events;
    }

    private RetryPolicy readRetryPolicy(DataInputStream in, String where) throws IOException {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("initialInterval", Duration.ofMillis(in.readLong()));
        policy.put("backoffCoefficient", in.readDouble());
        policy.put("maximumInterval", Duration.ofMillis(in.readLong()));
        policy.put("maximumAttempts", in.readInt());
        int count = in.readInt();
        List<String> types = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            types.add(in.readUTF());
        }
        policy.put("nonRetryableErrorTypes", types);
        return assembler.assemble(RetryPolicy.class, new DecodedRecord("RetryPolicy", policy),
                where + ", record RetryPolicy");
    }

    private List<Payload> readPayloads(DataInputStream in, String where) throws IOException {
        int count = in.readInt();
        List<Payload> payloads = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("encoding", in.readUTF());
            byte[] data = new byte[in.readInt()];
            in.readFully(data);
            payload.put("data", data);
            payloads.add(assembler.assemble(Payload.class, new DecodedRecord("Payload", payload),
                    where + ", record Payload"));
        }
        return List.copyOf(payloads);
    }

    /**
     * The record without a property Jackson wrote from a derived accessor of the record at f9de747
     * ({@code PendingChild.isStarted()}, {@code PendingExternal.isSignal()}): it is no stored component.
     */
    private static DecodedRecord withoutDerived(DecodedRecord record, String property) {
        Map<String, Object> components = new LinkedHashMap<>(record.components());
        components.remove(property);
        return new DecodedRecord(record.name(), components);
    }

    private static JsonNode json(byte[] bytes, String where, String field) {
        try {
            return HistoryJson.mapper().readTree(bytes);
        } catch (JacksonException e) {
            throw new CannotMigrateException(where + ": " + field + " is not valid JSON (" + e.getOriginalMessage()
                    + "): it is corrupt; restore the store from a backup", e);
        }
    }

    private static String byOrdinal(List<String> names, int ordinal, String what, String where) {
        if (ordinal >= names.size()) {
            throw new CannotMigrateException(where + " has " + what + " " + ordinal + ", which format 3 never"
                    + " wrote (it wrote 0 to " + (names.size() - 1) + " for " + names + "): it is corrupt; restore"
                    + " the store from a backup");
        }
        return names.get(ordinal);
    }

    /** This build's constant of the status {@code name} that format 3 wrote. */
    private static <E extends Enum<E>> E constant(Class<E> type, String name, String where) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new CannotMigrateException(where + " has status " + name + ", which this build's "
                    + type.getSimpleName() + " no longer has; say what it becomes in SnapshotDecoder"
                    + " (io.reprise.engine.store.schema4)", e);
        }
    }

    private static List<String> readNames(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            return null;
        }
        List<String> names = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return List.copyOf(names);
    }

    private static String readOptionalUtf(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static Long readOptionalLong(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }

    private static byte[] readBlob(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        if (length > in.available()) {
            throw new EOFException();
        }
        byte[] blob = new byte[length];
        in.readFully(blob);
        return blob;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }
}
