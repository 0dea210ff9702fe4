package io.reprise.engine;

import io.reprise.engine.api.EngineException;
import io.reprise.engine.store.ExecutionKey;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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

    /**
     * The token's bytes: format and kind bytes, then namespace, workflow id and run id as
     * {@link java.io.DataOutput#writeUTF} writes them, the two event ids and the workflow task attempt
     * (big-endian). Written into one array of the exact size: every task handed out and completed encodes
     * or decodes one, and the streams this format was first written with cost several arrays each
     * (about 4 % of the bytes allocated per workflow, docs/benchmarks.md, issue 14 session 6).
     */
    byte[] encode() {
        String namespace = key.namespace();
        String workflowId = key.workflowId();
        String runId = key.runId();
        ByteBuffer out = ByteBuffer.allocate(2 + utfSize(namespace) + utfSize(workflowId) + utfSize(runId)
                + 2 * Long.BYTES + Integer.BYTES);
        out.put((byte) FORMAT).put((byte) kind.ordinal());
        putUtf(out, namespace);
        putUtf(out, workflowId);
        putUtf(out, runId);
        out.putLong(scheduledEventId).putLong(second);
        // Appended after the fields of the first format: a token without it still decodes.
        out.putInt(workflowTaskAttempt);
        return out.array();
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
        try {
            ByteBuffer in = ByteBuffer.wrap(token);
            int format = Byte.toUnsignedInt(in.get());
            int kind = Byte.toUnsignedInt(in.get());
            if (format != FORMAT || kind >= Kind.values().length) {
                throw malformed(what);
            }
            ExecutionKey key = new ExecutionKey(getUtf(in), getUtf(in), getUtf(in));
            long scheduledEventId = in.getLong();
            long second = in.getLong();
            int workflowTaskAttempt = in.remaining() >= Integer.BYTES ? in.getInt() : 0;
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
        try {
            ByteBuffer in = ByteBuffer.wrap(token);
            int format = Byte.toUnsignedInt(in.get());
            int kind = Byte.toUnsignedInt(in.get());
            if (format != FORMAT || kind >= Kind.values().length) {
                return Optional.empty();
            }
            return Optional.of(getUtf(in));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The bytes {@link java.io.DataOutput#writeUTF} writes for {@code text}: its 2-byte length and modified UTF-8. */
    private static int utfSize(String text) {
        int size = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            size += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
        }
        if (size > 0xFFFF) {
            throw new IllegalStateException("A task token field is longer than 65,535 bytes in modified UTF-8: "
                    + text.substring(0, 40) + "…");
        }
        return 2 + size;
    }

    /** Writes {@code text} as {@link java.io.DataOutput#writeUTF} does (the format tokens have always had). */
    private static void putUtf(ByteBuffer out, String text) {
        out.putShort((short) (utfSize(text) - 2));
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x0001 && c <= 0x007F) {
                out.put((byte) c);
            } else if (c <= 0x07FF) {
                out.put((byte) (0xC0 | (c >> 6) & 0x1F)).put((byte) (0x80 | c & 0x3F));
            } else {
                out.put((byte) (0xE0 | (c >> 12) & 0x0F)).put((byte) (0x80 | (c >> 6) & 0x3F))
                        .put((byte) (0x80 | c & 0x3F));
            }
        }
    }

    /**
     * Reads a string {@link #putUtf} wrote. ASCII (every id Reprise makes, and most users') is read in
     * place; anything else goes through {@link DataInputStream#readUTF}, which also refuses malformed bytes.
     */
    private static String getUtf(ByteBuffer in) throws IOException {
        int start = in.position();
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new IOException("truncated");
        }
        byte[] bytes = in.array();
        int from = in.position();
        boolean ascii = true;
        for (int i = from; i < from + length && ascii; i++) {
            ascii = bytes[i] >= 0x01; // bytes are signed: 0x80 and above are negative
        }
        in.position(from + length);
        return ascii ? new String(bytes, from, length, StandardCharsets.US_ASCII)
                : new DataInputStream(new ByteArrayInputStream(bytes, start, 2 + length)).readUTF();
    }

    /** Whether {@code token} is a well-formed token's bytes of kind {@code kind}, without checking the rest. */
    static boolean isKind(byte[] token, Kind kind) {
        return token != null && token.length >= 2 && (token[0] & 0xff) == FORMAT && (token[1] & 0xff) == kind.ordinal();
    }

    /**
     * The Workflow Id a token of any kind names, without checking the rest of it; empty when it is missing or
     * malformed.
     */
    static Optional<String> workflowIdOf(byte[] token) {
        if (token == null || token.length == 0) {
            return Optional.empty();
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(token);
            int format = Byte.toUnsignedInt(in.get());
            int kind = Byte.toUnsignedInt(in.get());
            if (format != FORMAT || kind >= Kind.values().length) {
                return Optional.empty();
            }
            getUtf(in);
            return Optional.of(getUtf(in));
        } catch (IOException | RuntimeException e) {
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
