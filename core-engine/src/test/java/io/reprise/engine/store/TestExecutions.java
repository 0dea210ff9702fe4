package io.reprise.engine.store;

import java.nio.charset.StandardCharsets;

/** Builds execution rows and transitions for store tests. */
final class TestExecutions {

    static final String NAMESPACE = "default";

    private TestExecutions() {}

    static ExecutionKey key(String workflowId, String runId) {
        return new ExecutionKey(NAMESPACE, workflowId, runId);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The first transition of a run: version 1, events 1..2, RUNNING. */
    static Transition start(ExecutionKey key, long startTimeMillis) {
        ExecutionRow row = new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING",
                startTimeMillis, null, null, 1, 2, bytes("state of " + key + " v1"));
        return new Transition(row, 0, new HistoryBatch(1, 2, bytes("events 1..2 of " + key)));
    }

    /** The next transition after {@code previous}: one version up, {@code events} more events. */
    static Transition advance(ExecutionRow previous, int events) {
        long first = previous.lastEventId() + 1;
        long last = previous.lastEventId() + events;
        long version = previous.version() + 1;
        ExecutionRow row = new ExecutionRow(previous.key(), previous.workflowType(), previous.taskQueue(),
                previous.status(), previous.startTimeMillis(), previous.closeTimeMillis(),
                previous.nextTimerAtMillis(), version, last, bytes("state of " + previous.key() + " v" + version));
        return new Transition(row, previous.version(),
                new HistoryBatch(first, last, bytes("events " + first + ".." + last + " of " + previous.key())));
    }

    /** Closes the run after {@code previous} with {@code status}, appending one event. */
    static Transition close(ExecutionRow previous, String status, long closeTimeMillis) {
        long version = previous.version() + 1;
        long event = previous.lastEventId() + 1;
        ExecutionRow row = new ExecutionRow(previous.key(), previous.workflowType(), previous.taskQueue(),
                status, previous.startTimeMillis(), closeTimeMillis, null, version, event,
                bytes("state of " + previous.key() + " v" + version));
        return new Transition(row, previous.version(), new HistoryBatch(event, event, bytes("closed")));
    }
}
