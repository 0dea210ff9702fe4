package io.reprise.engine.store;

import io.reprise.engine.cluster.ShardEpoch;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a batch of transitions in one PostgreSQL transaction, one statement per transition and no
 * savepoint: each statement checks the run's version (or, for a start, the keys, with
 * {@code ON CONFLICT DO NOTHING}) and appends the history batch in one go, so a stale or conflicting
 * transition writes nothing and raises nothing, and the others of the batch commit. Only a transition
 * that also starts a successor run takes a savepoint, as the two must commit together or not at all.
 *
 * <p>The statements of one kind go to the server as one JDBC batch, which the driver sends in one
 * round trip: a batch of transitions costs two round trips (the starts, the other transitions) and the
 * commit, not one round trip per transition (on a 2-core machine shared with other work, 27 transitions a
 * batch spent 5.6 ms in their statements one by one, against 1.8 ms in the commit). Grouping by kind
 * changes the order of the statements, which is safe only between transitions of different Workflow Ids
 * (they touch different rows, and the unique indexes are per Workflow Id); so a batch is written in
 * segments in which no Workflow Id appears twice, one after the other, which keeps the order wherever it
 * matters.
 *
 * <p>A cluster node's transitions are fenced in the same statements ({@link ShardFencing}): a transition of a
 * shard the node lost writes nothing and is refused, and the check adds no statement to the batch.
 *
 * <p>The writer's connection holds the store's advisory lock ({@link PostgresLock}): every write goes
 * through a connection that holds it, and a replacement connection (after the database restarted or the
 * connection broke) takes it again before it writes. Used by one thread.
 */
final class PostgresBatchWriter implements TransitionWriter {

    private static final Logger log = LoggerFactory.getLogger(PostgresBatchWriter.class);

    private static final String EXECUTION_COLUMNS = "namespace, workflow_id, run_id, workflow_type, task_queue,"
            + " status, start_time, close_time, next_timer_at, version, last_event_id, history_tail, state,"
            + " visibility, search_attributes";

    // INSERT … SELECT, not VALUES: the driver's reWriteBatchedInserts (which the application's DataSource may
    // set) would turn a batch of VALUES inserts into one statement and report no count per transition.
    // shard: the start's fence's shard (a cluster node), or NULL (a node that runs alone; see V7.sql).
    // fenced: the statement of a fenced transition, which writes only while its shard is at its epoch
    // (ShardFencing.CLAUSE, two parameters after the row's).
    private static String start(boolean fenced) {
        return "INSERT INTO executions (" + EXECUTION_COLUMNS + ", shard)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?::jsonb, ?"
                + (fenced ? " WHERE " + ShardFencing.CLAUSE : "") + " ON CONFLICT DO NOTHING";
    }

    // The history id comes first from the sequence, so the row names its batch as it is inserted.
    private static String startWithHistory(boolean fenced) {
        return "WITH hid AS (SELECT nextval('history_ids') AS id),"
                + " run AS (INSERT INTO executions (" + EXECUTION_COLUMNS + ", shard)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, hid.id, ?, ?, ?::jsonb, ? FROM hid"
                + (fenced ? " WHERE " + ShardFencing.CLAUSE : "")
                + " ON CONFLICT DO NOTHING RETURNING row_id, history_tail)"
                + " INSERT INTO history (id, execution_row, previous_id, first_event_id, last_event_id, events)"
                + " SELECT history_tail, row_id, NULL, ?, ?, ? FROM run";
    }

    private static final String RUN_MATCHES = "namespace = ? AND workflow_id = ? AND run_id = ? AND version = ?"
            + " AND workflow_type = ? AND task_queue = ? AND start_time = ?";

    // One statement for every transition of a run that exists, with or without events, so that a batch of
    // them is one JDBC batch. All parts of one statement see the same snapshot: "old" is the row before
    // the UPDATE, whose history tail becomes the new batch's previous one; "hid" (evaluated once) is the new
    // batch's id when the transition appends events. No row matches: nothing is written, and the count of
    // the UPDATE is 0. Sets every column, the unchanged status too: PostgreSQL compares old and new values,
    // so an update that keeps the indexed columns is HOT (it touches no index) whatever the SET list says.
    private static String advance(boolean fenced) {
        return "WITH old AS (SELECT row_id, history_tail FROM executions"
                + " WHERE " + RUN_MATCHES + (fenced ? " AND " + ShardFencing.CLAUSE : "") + "),"
                + " hid AS (SELECT nextval('history_ids') AS id FROM old WHERE ?),"
                + " appended AS (INSERT INTO history (id, execution_row, previous_id, first_event_id, last_event_id,"
                + " events) SELECT hid.id, old.row_id, old.history_tail, ?, ?, ? FROM old, hid)"
                + " UPDATE executions e SET status = ?, close_time = ?, next_timer_at = ?, version = ?,"
                + " last_event_id = ?, history_tail = coalesce((SELECT id FROM hid), old.history_tail), state = ?,"
                + " visibility = ?, search_attributes = ?::jsonb FROM old WHERE e.row_id = old.row_id";
    }

    /** The statements of one kind of write: [0] for a transition that is not fenced, [1] for a fenced one. */
    private static final String[] START = {start(false), start(true)};
    private static final String[] START_WITH_HISTORY = {startWithHistory(false), startWithHistory(true)};
    private static final String[] ADVANCE = {advance(false), advance(true)};

    /**
     * How long the server lets the writer's session sit idle in a transaction before it ends the session. A batch
     * sends its statements and commits at once, so only a stalled process (a long GC pause, {@code kill -STOP}, a
     * network partition) is ever idle that long; its transaction's row locks (a cluster node's key-share locks on
     * lease rows, {@link ShardFencing}) would otherwise keep the other nodes from taking those shards until the
     * server noticed the dead connection, which over a partition takes the TCP keepalive's hours. The writer replaces
     * an ended session at its next batch ({@link #reopen}).
     */
    static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(5);

    private final String storeDescription;
    private final BatchWriter.ConnectionOpener reopener;
    private final PostgresLock lock;
    private Connection connection;
    /** Prepared from {@link #START}, {@link #START_WITH_HISTORY} and {@link #ADVANCE}, unfenced and fenced. */
    private final PreparedStatement[] start = new PreparedStatement[2];
    private final PreparedStatement[] startWithHistory = new PreparedStatement[2];
    private final PreparedStatement[] advance = new PreparedStatement[2];
    private Statement plain;

    /**
     * @param connection the writer connection, not in auto-commit mode, holding {@code lock}; this writer
     *     closes it
     * @param reopener opens a replacement when a failed transaction leaves {@code connection} broken
     */
    PostgresBatchWriter(Connection connection, BatchWriter.ConnectionOpener reopener, PostgresLock lock,
            String storeDescription) throws SQLException {
        this.storeDescription = storeDescription;
        this.reopener = reopener;
        this.lock = lock;
        use(connection);
    }

    private void use(Connection connection) throws SQLException {
        try (Statement setup = connection.createStatement()) {
            setup.execute("SET idle_in_transaction_session_timeout TO '" + IDLE_IN_TRANSACTION.toMillis() + "ms'");
        }
        connection.commit(); // a SET in a transaction would end with a rollback of the first batch
        this.connection = connection;
        for (int fenced = 0; fenced < 2; fenced++) {
            start[fenced] = connection.prepareStatement(START[fenced]);
            startWithHistory[fenced] = connection.prepareStatement(START_WITH_HISTORY[fenced]);
            advance[fenced] = connection.prepareStatement(ADVANCE[fenced]);
        }
        this.plain = connection.createStatement();
    }

    @Override
    public RuntimeException[] write(List<Transition> batch) {
        RuntimeException[] failures = new RuntimeException[batch.size()];
        try {
            if (connection == null) {
                reopen();
            }
            for (int from = 0, to; from < batch.size(); from = to) {
                to = segmentEnd(batch, from);
                writeSegment(batch, from, to, failures);
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            // The transaction failed (a lost connection, a restarted server): none of the batch is applied.
            // The server's own error, not the driver's "Batch entry 3 <statement> was aborted" around it.
            String reason = e instanceof BatchUpdateException batchFailure && batchFailure.getNextException() != null
                    ? batchFailure.getNextException().getMessage() : e.getMessage();
            log.warn("A batch of {} transitions failed in {} and was rolled back: {}",
                    batch.size(), storeDescription, reason);
            clearBatches();
            rollback(e);
            for (int i = 0; i < batch.size(); i++) {
                Transition t = batch.get(i);
                failures[i] = new StoreException("Could not commit the transition of " + t.row().key()
                        + " to version " + t.row().version() + " in " + storeDescription
                        + ": the database transaction failed: " + reason
                        + "; the transition was not applied", e);
            }
        }
        return failures;
    }

    /** The end (exclusive) of the segment from {@code from}: up to the first transition of a Workflow Id seen in it. */
    private static int segmentEnd(List<Transition> batch, int from) {
        Set<List<String>> workflowIds = new HashSet<>();
        int to = from;
        while (to < batch.size()) {
            ExecutionKey key = batch.get(to).row().key();
            if (!workflowIds.add(List.of(key.namespace(), key.workflowId()))) {
                break;
            }
            to++;
        }
        return to;
    }

    /**
     * Writes {@code batch[from, to)}, transitions of distinct Workflow Ids: one JDBC batch per statement
     * kind, then each transition that starts a successor in its savepoint. Sets the failure of each
     * transition that wrote nothing.
     */
    private void writeSegment(List<Transition> batch, int from, int to, RuntimeException[] failures)
            throws SQLException {
        Map<PreparedStatement, List<Integer>> byStatement = new LinkedHashMap<>();
        List<Integer> withSuccessor = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Transition t = batch.get(i);
            if (t.successor() != null) {
                withSuccessor.add(i);
                continue;
            }
            PreparedStatement statement = bind(t, t.fence());
            statement.addBatch();
            byStatement.computeIfAbsent(statement, s -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<PreparedStatement, List<Integer>> entry : byStatement.entrySet()) {
            int[] counts = entry.getKey().executeBatch();
            List<Integer> indexes = entry.getValue();
            if (counts.length != indexes.size()) {
                throw new SQLException("The driver reported " + counts.length + " update counts for a batch of "
                        + indexes.size() + " statements");
            }
            for (int k = 0; k < counts.length; k++) {
                failures[indexes.get(k)] = outcome(batch.get(indexes.get(k)), counts[k]);
            }
        }
        for (int i : withSuccessor) {
            failures[i] = apply(batch.get(i));
        }
    }

    /**
     * The statement that writes {@code t}, its parameters bound: fenced when {@code t} is. {@code shard}, the lease
     * of {@code t} or, for a successor, of the transition it follows, gives a start's row its shard ({@code null}:
     * none, a node that runs alone).
     */
    private PreparedStatement bind(Transition t, ShardEpoch shard) throws SQLException {
        ExecutionRow row = t.row();
        HistoryBatch history = t.history();
        String attributes = SearchAttributesColumn.json(row.visibility());
        int fenced = t.fence() == null ? 0 : 1;
        if (t.expectedVersion() == 0) {
            PreparedStatement insert = history == null ? start[fenced] : startWithHistory[fenced];
            int i = bindRow(insert, row, attributes, shard == null ? null : shard.shard());
            if (t.fence() != null) {
                i = ShardFencing.bind(insert, i, t.fence());
            }
            if (history != null) {
                bindHistory(insert, i, history);
            }
            return insert;
        }
        PreparedStatement update = advance[fenced];
        int i = bindMatch(update, 1, row, t.expectedVersion());
        if (t.fence() != null) {
            i = ShardFencing.bind(update, i, t.fence());
        }
        update.setBoolean(i, history != null);
        if (history != null) {
            bindHistory(update, i + 1, history);
        } else {
            update.setNull(i + 1, Types.BIGINT);
            update.setNull(i + 2, Types.BIGINT);
            update.setNull(i + 3, Types.BINARY);
        }
        bindChanges(update, i + 4, row, attributes);
        return update;
    }

    /**
     * {@code null} when the statement of {@code t} wrote its row ({@code count} 1), else why it wrote nothing: its
     * shard moved on ({@link ShardFencing#refusal}), or a conflict.
     */
    private RuntimeException outcome(Transition t, int count) throws SQLException {
        RuntimeException refusal = count == 0 && t.fence() != null
                ? ShardFencing.refusal(connection, t, storeDescription) : null;
        if (refusal != null) {
            return refusal;
        }
        return switch (count) {
            case 1 -> null;
            case 0 -> t.expectedVersion() == 0
                    ? TransitionConflicts.uniqueConflict(connection, t, true)
                    : TransitionConflicts.updateRejected(connection, t);
            default -> throw new SQLException("The driver reported " + count + " rows written by the transition of "
                    + t.row().key() + " (expected 0 or 1)");
        };
    }

    /** @return {@code null} when {@code t} is applied (pending the commit), else why it wrote nothing */
    private RuntimeException apply(Transition t) throws SQLException {
        if (t.successor() == null) {
            return applyOne(t, t.fence());
        }
        plain.execute("SAVEPOINT successor");
        RuntimeException failure = applyOne(t, t.fence());
        if (failure == null) {
            // Same Workflow Id, same shard, whose lease row t's statement locked: the successor needs no fence.
            failure = applyOne(t.successor(), t.fence());
            if (failure != null) {
                plain.execute("ROLLBACK TO SAVEPOINT successor");
            }
        }
        plain.execute("RELEASE SAVEPOINT successor");
        return failure;
    }

    private RuntimeException applyOne(Transition t, ShardEpoch shard) throws SQLException {
        return outcome(t, bind(t, shard).executeUpdate());
    }

    private static int bindRow(PreparedStatement s, ExecutionRow row, String attributes, Integer shard)
            throws SQLException {
        s.setString(1, row.key().namespace());
        s.setString(2, row.key().workflowId());
        s.setString(3, row.key().runId());
        s.setString(4, row.workflowType());
        s.setString(5, row.taskQueue());
        s.setString(6, row.status());
        s.setLong(7, row.startTimeMillis());
        setNullableLong(s, 8, row.closeTimeMillis());
        setNullableLong(s, 9, row.nextTimerAtMillis());
        s.setLong(10, row.version());
        s.setLong(11, row.lastEventId());
        s.setBytes(12, row.state());
        setNullableBytes(s, 13, row.visibility());
        s.setString(14, attributes);
        if (shard == null) {
            s.setNull(15, Types.INTEGER);
        } else {
            s.setInt(15, shard);
        }
        return 16;
    }

    private static int bindChanges(PreparedStatement s, int i, ExecutionRow row, String attributes)
            throws SQLException {
        s.setString(i, row.status());
        setNullableLong(s, i + 1, row.closeTimeMillis());
        setNullableLong(s, i + 2, row.nextTimerAtMillis());
        s.setLong(i + 3, row.version());
        s.setLong(i + 4, row.lastEventId());
        s.setBytes(i + 5, row.state());
        setNullableBytes(s, i + 6, row.visibility());
        s.setString(i + 7, attributes);
        return i + 8;
    }

    private static int bindMatch(PreparedStatement s, int i, ExecutionRow row, long expectedVersion)
            throws SQLException {
        s.setString(i, row.key().namespace());
        s.setString(i + 1, row.key().workflowId());
        s.setString(i + 2, row.key().runId());
        s.setLong(i + 3, expectedVersion);
        s.setString(i + 4, row.workflowType());
        s.setString(i + 5, row.taskQueue());
        s.setLong(i + 6, row.startTimeMillis());
        return i + 7;
    }

    private static void bindHistory(PreparedStatement s, int i, HistoryBatch history) throws SQLException {
        s.setLong(i, history.firstEventId());
        s.setLong(i + 1, history.lastEventId());
        s.setBytes(i + 2, history.events());
    }

    private static void setNullableBytes(PreparedStatement statement, int index, byte[] value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BINARY);
        } else {
            statement.setBytes(index, value);
        }
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    /** Drops the statements a failed batch left bound and not sent, so the next batch does not send them. */
    private void clearBatches() {
        for (PreparedStatement[] kind : List.of(start, startWithHistory, advance)) {
            for (PreparedStatement statement : kind) {
                try {
                    if (statement != null) {
                        statement.clearBatch();
                    }
                } catch (SQLException | RuntimeException e) {
                    // a broken connection: it is replaced, and its statements with it
                }
            }
        }
    }

    /**
     * Rolls the batch back; when that fails too, the connection is broken (the server restarted, the
     * network dropped it): it is closed, and the next batch opens a new one.
     */
    private void rollback(Exception failure) {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
            log.warn("Replacing the writer connection of {}: rolling back failed: {}", storeDescription,
                    e.getMessage());
            closeConnection();
        }
    }

    /** Opens a new connection and takes the store's lock on it; on failure, leaves none. */
    private void reopen() throws SQLException {
        Connection fresh = reopener.open();
        try {
            lock.acquire(fresh);
            use(fresh);
        } catch (SQLException | RuntimeException e) {
            connection = fresh;
            closeConnection();
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            lock.release(connection);
        }
        closeConnection();
    }

    private void closeConnection() {
        if (connection == null) {
            return;
        }
        List<AutoCloseable> closeables = new ArrayList<>();
        for (PreparedStatement[] kind : List.of(start, startWithHistory, advance)) {
            closeables.addAll(Arrays.asList(kind));
            Arrays.fill(kind, null);
        }
        closeables.add(plain);
        closeables.add(connection);
        for (AutoCloseable closeable : closeables) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // closing: nothing left to protect
            }
        }
        connection = null;
        plain = null;
    }
}
