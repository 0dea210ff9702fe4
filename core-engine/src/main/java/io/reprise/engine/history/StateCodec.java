package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;

/**
 * Writes {@link MutableState} into an execution row (the opaque {@code state} column) and reads
 * it back.
 *
 * <p>The snapshot is written with every commit, so it is a compact binary layout rather than
 * JSON (which cost a quarter of the engine's CPU). Layout, in order ({@code ?} = a presence byte
 * then the value; times are epoch millis, durations millis):
 * <pre>
 * byte FORMAT
 * utf workflowType, utf taskQueue, byte status, ?utf requestId
 * long startTime, ?long closeTime, ?long runExpirationTime, long workflowTaskTimeout
 * long previousStartedEventId, ?utf stickyTaskQueue
 * ?workflowTask: byte status, long scheduledEventId, int attempt, utf taskQueue, long scheduledTime,
 *     long availableTime, ?long stickyDeadline, long startedEventId, ?long startedTime, ?utf startedIdentity
 * int n, n × activity: long scheduledEventId, utf activityId, utf activityType, utf taskQueue,
 *     ?long scheduleToClose, ?long scheduleToStart, ?long startToClose, ?long heartbeat, retryPolicy,
 *     long scheduledTime, byte status, int attempt, long attemptScheduledTime, ?long startedTime,
 *     ?utf startedIdentity, ?long lastStartedTime, ?json lastFailure, ?utf lastWorkerIdentity, payloads heartbeatDetails,
 *     ?long lastHeartbeatTime, long cancelRequestedEventId, header
 * int n, n × timer: utf timerId, long startedEventId, long fireTime
 * ?json bufferedEvents (a HistoryJson event list)
 * bool cancelRequested, names signalNames, names pendingUpdates (names: int n or -1 for none, n × utf)
 * ?utf firstExecutionRunId, int attempt, bool+retryPolicy, ?utf cronSchedule, ?long executionTimeout,
 * ?long executionExpirationTime, ?long runTimeout, payloads input, ?json children, ?json externals, bool+(utf ns, utf wfId, utf runId,
 * long initiatedEventId) parentExecution
 * header, int n, n × (utf requestId, utf updateId or "") recentRequests, oldest first
 * header: int n, n × (utf name, utf encoding, int length, bytes)
 * </pre>
 * A format 3 snapshot (written before headers and request ids were kept) has neither the activities' headers nor
 * the last two fields; it reads as a run with empty headers that remembers no request ids.
 * Failures and buffered events, rare and deeply nested, are JSON blobs (length-prefixed). The
 * key, the version and the last event id are columns of the row and are not repeated. The memo and
 * search attributes are not in the snapshot: they go to the row's {@code visibility} column
 * ({@link VisibilityAttributes#encode()}), which listing reads without decoding the snapshot.
 */
public final class StateCodec {

    /**
     * Layout version; bump it when the layout changes. Format 2 added the activity's last heartbeat
     * time and cancel request; format 3 the run's cancel request, declared signals and pending updates; format 4
     * the headers (each activity's, the run's) and the run's recent request ids. Formats 3 and 4 are read; format
     * 1 and 2 snapshots are not (no release wrote them).
     */
    static final int FORMAT = 4;
    /** The oldest format {@link #fromRow} reads. */
    static final int OLDEST_READ_FORMAT = 3;
    private static final WorkflowExecutionStatus[] STATUSES = WorkflowExecutionStatus.values();

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
                state.lastEventId(), encode(state), state.visibility.encode());
    }

    static byte[] encode(MutableState state) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 + 192 * state.activities.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeUTF(state.workflowType);
            out.writeUTF(state.taskQueue);
            out.writeByte(state.status.ordinal());
            writeOptional(out, state.requestId);
            out.writeLong(state.startTime.toEpochMilli());
            writeOptional(out, millis(state.closeTime));
            writeOptional(out, millis(state.runExpirationTime));
            out.writeLong(state.workflowTaskTimeout.toMillis());
            out.writeLong(state.previousStartedEventId);
            writeOptional(out, state.stickyTaskQueue);
            writeWorkflowTask(out, state.workflowTask);
            out.writeInt(state.activities.size());
            for (ActivityState activity : state.activities.values()) {
                writeActivity(out, activity);
            }
            out.writeInt(state.timers.size());
            for (TimerState timer : state.timers.values()) {
                out.writeUTF(timer.timerId());
                out.writeLong(timer.startedEventId());
                out.writeLong(timer.fireTime().toEpochMilli());
            }
            writeBlob(out, state.bufferedEvents.isEmpty() ? null : HistoryJson.writeEvents(state.bufferedEvents));
            out.writeBoolean(state.cancelRequested);
            writeNames(out, state.signalNames);
            writeNames(out, List.copyOf(state.pendingUpdates));
            writeOptional(out, state.firstExecutionRunId);
            out.writeInt(state.attempt);
            out.writeBoolean(state.retryPolicy != null);
            if (state.retryPolicy != null) {
                writeRetryPolicy(out, state.retryPolicy);
            }
            writeOptional(out, state.cronSchedule);
            writeOptional(out, millis(state.executionTimeout));
            writeOptional(out, millis(state.executionExpirationTime));
            writeOptional(out, millis(state.runTimeout));
            writePayloads(out, state.input);
            writeBlob(out, state.children.isEmpty() ? null
                    : HistoryJson.mapper().writeValueAsBytes(List.copyOf(state.children.values())));
            writeBlob(out, state.externals.isEmpty() ? null
                    : HistoryJson.mapper().writeValueAsBytes(List.copyOf(state.externals.values())));
            EventAttributes.ParentExecution parent = state.parentExecution;
            out.writeBoolean(parent != null);
            if (parent != null) {
                out.writeUTF(parent.namespace());
                out.writeUTF(parent.workflowId());
                out.writeUTF(parent.runId());
                out.writeLong(parent.initiatedEventId());
            }
            writeHeader(out, state.header);
            out.writeInt(state.recentRequests.size());
            for (Map.Entry<String, String> request : state.recentRequests.entries().entrySet()) {
                out.writeUTF(request.getKey());
                out.writeUTF(request.getValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        }
        return bytes.toByteArray();
    }

    /** Rebuilds the state from a stored row. In-memory caches (recent events, activity inputs) start empty. */
    public static MutableState fromRow(ExecutionRow row) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(row.state()))) {
            int format = in.readUnsignedByte();
            if (format < OLDEST_READ_FORMAT || format > FORMAT) {
                throw new IllegalStateException("The stored state of execution " + row.key() + " has format "
                        + format + ", which this engine does not know (it reads formats " + OLDEST_READ_FORMAT
                        + " to " + FORMAT + "); run the Reprise version that wrote it, or a newer one");
            }
            String workflowType = in.readUTF();
            String taskQueue = in.readUTF();
            WorkflowExecutionStatus status = STATUSES[in.readUnsignedByte()];
            String requestId = readOptionalUtf(in);
            Instant startTime = Instant.ofEpochMilli(in.readLong());
            Instant closeTime = instant(readOptionalLong(in));
            Instant runExpirationTime = instant(readOptionalLong(in));
            Duration workflowTaskTimeout = Duration.ofMillis(in.readLong());
            MutableState state = new MutableState(row.key(), workflowType, taskQueue, startTime, requestId,
                    workflowTaskTimeout, runExpirationTime);
            state.status = status;
            state.closeTime = closeTime;
            state.nextEventId = row.lastEventId() + 1;
            state.version = row.version();
            state.visibility = VisibilityAttributes.decode(row.visibility());
            state.previousStartedEventId = in.readLong();
            state.stickyTaskQueue = readOptionalUtf(in);
            state.workflowTask = readWorkflowTask(in);
            for (int i = in.readInt(); i > 0; i--) {
                state.addActivity(readActivity(in, format));
            }
            for (int i = in.readInt(); i > 0; i--) {
                TimerState timer = new TimerState(in.readUTF(), in.readLong(), Instant.ofEpochMilli(in.readLong()));
                state.timers.put(timer.timerId(), timer);
            }
            byte[] buffered = readBlob(in);
            if (buffered != null) {
                state.bufferedEvents.addAll(HistoryJson.readEvents(buffered));
            }
            state.cancelRequested = in.readBoolean();
            state.signalNames = readNames(in);
            List<String> pendingUpdates = readNames(in);
            if (pendingUpdates != null) {
                state.pendingUpdates.addAll(pendingUpdates);
            }
            state.firstExecutionRunId = readOptionalUtf(in);
            state.attempt = in.readInt();
            state.retryPolicy = in.readBoolean() ? readRetryPolicy(in) : null;
            state.cronSchedule = readOptionalUtf(in);
            state.executionTimeout = duration(readOptionalLong(in));
            state.executionExpirationTime = instant(readOptionalLong(in));
            state.runTimeout = duration(readOptionalLong(in));
            state.input = readPayloads(in);
            byte[] children = readBlob(in);
            if (children != null) {
                for (PendingChild child : HistoryJson.mapper().readValue(children, PendingChild[].class)) {
                    state.children.put(child.initiatedEventId(), child);
                }
            }
            byte[] externals = readBlob(in);
            if (externals != null) {
                for (PendingExternal external : HistoryJson.mapper().readValue(externals, PendingExternal[].class)) {
                    state.externals.put(external.initiatedEventId(), external);
                }
            }
            if (in.readBoolean()) {
                state.parentExecution = new EventAttributes.ParentExecution(in.readUTF(), in.readUTF(), in.readUTF(),
                        in.readLong());
            }
            if (format >= 4) {
                state.header = readHeader(in);
                for (int i = in.readInt(); i > 0; i--) {
                    String recentRequestId = in.readUTF();
                    String updateId = in.readUTF();
                    state.recentRequests.add(recentRequestId, updateId.isEmpty() ? null : updateId);
                }
            }
            return state;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalStateException known) {
                throw known;
            }
            throw new IllegalStateException("The stored state of execution " + row.key() + " cannot be read: " + e,
                    e);
        }
    }

    /** A list of names, or {@code null} (written as -1). */
    private static void writeNames(DataOutputStream out, List<String> names) throws IOException {
        if (names == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(names.size());
        for (String name : names) {
            out.writeUTF(name);
        }
    }

    private static List<String> readNames(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            return null;
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(in.readUTF());
        }
        return List.copyOf(names);
    }

    private static void writeWorkflowTask(DataOutputStream out, WorkflowTaskState task) throws IOException {
        out.writeBoolean(task != null);
        if (task == null) {
            return;
        }
        out.writeByte(task.status.ordinal());
        out.writeLong(task.scheduledEventId);
        out.writeInt(task.attempt);
        out.writeUTF(task.taskQueue);
        out.writeLong(task.scheduledTime.toEpochMilli());
        out.writeLong(task.availableTime.toEpochMilli());
        writeOptional(out, millis(task.stickyDeadline));
        out.writeLong(task.startedEventId);
        writeOptional(out, millis(task.startedTime));
        writeOptional(out, task.startedIdentity);
    }

    private static WorkflowTaskState readWorkflowTask(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        WorkflowTaskState.Status status = WorkflowTaskState.Status.values()[in.readUnsignedByte()];
        WorkflowTaskState task = new WorkflowTaskState(in.readLong(), in.readInt(), in.readUTF(),
                Instant.ofEpochMilli(in.readLong()), Instant.ofEpochMilli(in.readLong()));
        task.status = status;
        task.stickyDeadline = instant(readOptionalLong(in));
        task.startedEventId = in.readLong();
        task.startedTime = instant(readOptionalLong(in));
        task.startedIdentity = readOptionalUtf(in);
        return task;
    }

    private static void writeActivity(DataOutputStream out, ActivityState a) throws IOException {
        out.writeLong(a.scheduledEventId);
        out.writeUTF(a.activityId);
        out.writeUTF(a.activityType);
        out.writeUTF(a.taskQueue);
        writeOptional(out, millis(a.scheduleToCloseTimeout));
        writeOptional(out, millis(a.scheduleToStartTimeout));
        writeOptional(out, millis(a.startToCloseTimeout));
        writeOptional(out, millis(a.heartbeatTimeout));
        writeRetryPolicy(out, a.retryPolicy);
        out.writeLong(a.scheduledTime.toEpochMilli());
        out.writeByte(a.status.ordinal());
        out.writeInt(a.attempt);
        out.writeLong(a.attemptScheduledTime.toEpochMilli());
        writeOptional(out, millis(a.startedTime));
        writeOptional(out, a.startedIdentity);
        writeOptional(out, millis(a.lastStartedTime));
        writeBlob(out, a.lastFailure == null ? null : HistoryJson.mapper().writeValueAsBytes(a.lastFailure));
        writeOptional(out, a.lastWorkerIdentity);
        writePayloads(out, a.lastHeartbeatDetails);
        writeOptional(out, millis(a.lastHeartbeatTime));
        out.writeLong(a.cancelRequestedEventId);
        writeHeader(out, a.header);
    }

    private static ActivityState readActivity(DataInputStream in, int format) throws IOException {
        ActivityState a = new ActivityState(in.readLong(), in.readUTF(), in.readUTF(), in.readUTF(),
                duration(readOptionalLong(in)), duration(readOptionalLong(in)), duration(readOptionalLong(in)),
                duration(readOptionalLong(in)), readRetryPolicy(in), Instant.ofEpochMilli(in.readLong()));
        a.status = ActivityState.Status.values()[in.readUnsignedByte()];
        a.attempt = in.readInt();
        a.attemptScheduledTime = Instant.ofEpochMilli(in.readLong());
        a.startedTime = instant(readOptionalLong(in));
        a.startedIdentity = readOptionalUtf(in);
        a.lastStartedTime = instant(readOptionalLong(in));
        byte[] failure = readBlob(in);
        a.lastFailure = failure == null ? null : readFailure(failure);
        a.lastWorkerIdentity = readOptionalUtf(in);
        a.lastHeartbeatDetails = readPayloads(in);
        a.lastHeartbeatTime = instant(readOptionalLong(in));
        a.cancelRequestedEventId = in.readLong();
        if (format >= 4) {
            a.header = readHeader(in);
        }
        return a;
    }

    private static void writeHeader(DataOutputStream out, Map<String, Payload> header) throws IOException {
        out.writeInt(header.size());
        for (Map.Entry<String, Payload> entry : header.entrySet()) {
            out.writeUTF(entry.getKey());
            writePayload(out, entry.getValue());
        }
    }

    private static Map<String, Payload> readHeader(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count == 0) {
            return Map.of();
        }
        TreeMap<String, Payload> header = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            header.put(in.readUTF(), readPayload(in));
        }
        return Collections.unmodifiableMap(header);
    }

    private static void writeRetryPolicy(DataOutputStream out, RetryPolicy policy) throws IOException {
        out.writeLong(policy.initialInterval().toMillis());
        out.writeDouble(policy.backoffCoefficient());
        out.writeLong(policy.maximumInterval().toMillis());
        out.writeInt(policy.maximumAttempts());
        out.writeInt(policy.nonRetryableErrorTypes().size());
        for (String type : policy.nonRetryableErrorTypes()) {
            out.writeUTF(type);
        }
    }

    private static RetryPolicy readRetryPolicy(DataInputStream in) throws IOException {
        Duration initial = Duration.ofMillis(in.readLong());
        double coefficient = in.readDouble();
        Duration maximum = Duration.ofMillis(in.readLong());
        int maximumAttempts = in.readInt();
        int count = in.readInt();
        List<String> types = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            types.add(in.readUTF());
        }
        return new RetryPolicy(initial, coefficient, maximum, maximumAttempts, types);
    }

    private static void writePayloads(DataOutputStream out, List<Payload> payloads) throws IOException {
        out.writeInt(payloads.size());
        for (Payload payload : payloads) {
            writePayload(out, payload);
        }
    }

    private static void writePayload(DataOutputStream out, Payload payload) throws IOException {
        out.writeUTF(payload.encoding());
        out.writeInt(payload.data().length);
        out.write(payload.data());
    }

    private static Payload readPayload(DataInputStream in) throws IOException {
        String encoding = in.readUTF();
        byte[] data = new byte[in.readInt()];
        in.readFully(data);
        return new Payload(encoding, data);
    }

    private static List<Payload> readPayloads(DataInputStream in) throws IOException {
        int count = in.readInt();
        if (count == 0) {
            return List.of();
        }
        List<Payload> payloads = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            payloads.add(readPayload(in));
        }
        return List.copyOf(payloads);
    }

    private static Failure readFailure(byte[] json) {
        try {
            return HistoryJson.mapper().readValue(json, Failure.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("unreadable failure: " + e.getOriginalMessage(), e);
        }
    }

    private static void writeOptional(DataOutputStream out, String value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeUTF(value);
        }
    }

    private static void writeOptional(DataOutputStream out, Long value) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    private static void writeBlob(DataOutputStream out, byte[] blob) throws IOException {
        out.writeInt(blob == null ? -1 : blob.length);
        if (blob != null) {
            out.write(blob);
        }
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
        byte[] blob = new byte[length];
        in.readFully(blob);
        return blob;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Long millis(Duration duration) {
        return duration == null ? null : duration.toMillis();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }

    private static Duration duration(Long millis) {
        return millis == null ? null : Duration.ofMillis(millis);
    }
}
