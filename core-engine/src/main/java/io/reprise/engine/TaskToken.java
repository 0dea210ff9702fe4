package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.store.ExecutionKey;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;

/**
 * What a task token identifies: a workflow task (by its scheduled and started event ids) or an
 * activity attempt (by the activity's scheduled event id and the attempt). Opaque to workers.
 *
 * @param second the started event id of a workflow task, or the attempt of an activity
 * @param workflowTaskAttempt the attempt of a workflow task (its retries reuse the event ids of a
 *     failed transient attempt); {@code 0} for other kinds and for tokens of earlier builds
 */
record TaskToken(Kind kind, ExecutionKey key, long scheduledEventId, long second, int workflowTaskAttempt) {

    enum Kind {
        WORKFLOW_TASK,
        ACTIVITY_TASK,
        /** A query (or update validation) task; {@code scheduledEventId} holds the query's id. */
        QUERY_TASK
    }

    private static final int FORMAT = 1;

    static TaskToken workflowTask(ExecutionKey key, long scheduledEventId, long startedEventId, int attempt) {
        return new TaskToken(Kind.WORKFLOW_TASK, key, scheduledEventId, startedEventId, attempt);
    }

    static TaskToken activityTask(ExecutionKey key, long scheduledEventId, int attempt) {
        return new TaskToken(Kind.ACTIVITY_TASK, key, scheduledEventId, attempt, 0);
    }

    static TaskToken queryTask(ExecutionKey key, long queryId) {
        return new TaskToken(Kind.QUERY_TASK, key, queryId, 0, 0);
    }

    long startedEventId() {
        return second;
    }

    int attempt() {
        return (int) second;
    }

    /**
     * {@code NOT_FOUND} for a task that is no longer current, naming it and {@code reason}, e.g.
     * {@code Activity task not found or no longer current: workflowId "o-1", runId "…",
     * scheduledEventId 5, attempt 2 (the activity is closed …)}.
     */
    EngineException notFound(String reason) {
        String ids = "workflowId \"" + key.workflowId() + "\", runId \"" + key.runId() + "\", scheduledEventId "
                + scheduledEventId;
        return EngineException.notFound(kind == Kind.WORKFLOW_TASK
                ? "Workflow task not found or no longer current: " + ids + ", startedEventId " + second + " ("
                        + reason + ")"
                : "Activity task not found or no longer current: " + ids + ", attempt " + second + " (" + reason
                        + ")");
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + key.workflowId().length());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind.ordinal());
            out.writeUTF(key.namespace());
            out.writeUTF(key.workflowId());
            out.writeUTF(key.runId());
            out.writeLong(scheduledEventId);
            out.writeLong(second);
            // Appended after the fields of the first format: a token without it still decodes.
            out.writeInt(workflowTaskAttempt);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a token that must be of {@code expected} kind.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} when it is missing, malformed, or of the other kind
     */
    static TaskToken decode(byte[] token, Kind expected) {
        String what = switch (expected) {
            case WORKFLOW_TASK -> "workflow task";
            case ACTIVITY_TASK -> "activity task";
            case QUERY_TASK -> "query task";
        };
        if (token == null || token.length == 0) {
            throw EngineException.invalidArgument("The " + what + " token is missing; pass the token of the task"
                    + " the worker received");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(token))) {
            int format = in.readUnsignedByte();
            int kind = in.readUnsignedByte();
            if (format != FORMAT || kind >= Kind.values().length) {
                throw malformed(what);
            }
            ExecutionKey key = new ExecutionKey(in.readUTF(), in.readUTF(), in.readUTF());
            long scheduledEventId = in.readLong();
            long second = in.readLong();
            int workflowTaskAttempt = in.available() >= Integer.BYTES ? in.readInt() : 0;
            TaskToken decoded = new TaskToken(expected, key, scheduledEventId, second, workflowTaskAttempt);
            if (Kind.values()[kind] != expected) {
                throw EngineException.invalidArgument("The token is not " + (expected == Kind.ACTIVITY_TASK ? "an " : "a ")
                        + what + " token; pass the token of the " + what + " the worker received");
            }
            return decoded;
        } catch (IOException | RuntimeException e) {
            if (e instanceof EngineException engineException) {
                throw engineException;
            }
            throw malformed(what);
        }
    }

    /**
     * The namespace a token of any kind names, without checking the rest of it; empty when it is missing or
     * malformed (the engine then refuses it when the token is used).
     */
    static Optional<String> namespaceOf(byte[] token) {
        if (token == null || token.length == 0) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(token))) {
            int format = in.readUnsignedByte();
            int kind = in.readUnsignedByte();
            if (format != FORMAT || kind >= Kind.values().length) {
                return Optional.empty();
            }
            return Optional.of(in.readUTF());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The run a token of any kind names, without checking the rest of it; empty when it is missing or malformed (the
     * engine then refuses it when the token is used).
     */
    static Optional<ExecutionKey> keyOf(byte[] token) {
        if (token == null || token.length == 0) {
            return Optional.empty();
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(token))) {
            int format = in.readUnsignedByte();
            int kind = in.readUnsignedByte();
            if (format != FORMAT || kind >= Kind.values().length) {
                return Optional.empty();
            }
            return Optional.of(new ExecutionKey(in.readUTF(), in.readUTF(), in.readUTF()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static EngineException malformed(String what) {
        return EngineException.invalidArgument("Malformed " + what + " token; pass the token exactly as the engine"
                + " returned it");
    }
}
