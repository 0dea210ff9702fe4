package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.cluster.ShardEpoch;
import io.reprise.engine.cluster.ShardHash;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL writer's fencing ({@link ShardFencing}): a transition fenced with a shard epoch that is no longer
 * the shard's is refused with {@link NotShardOwnerException} and writes nothing, while the rest of its batch commits;
 * a batch in flight keeps an acquisition of its shard waiting, not a renewal or a release.
 * The lease rows are set by hand here; {@code ShardLeaseManagerPostgresTest} fences with real leases.
 */
class PostgresShardFencingTest {

    private static final int SHARDS = 64;

    private String schema;
    private PostgresBatchWriter writer;
    private Connection writerConnection;

    @BeforeEach
    void openAWriterOnAFreshSchemaWhoseShardsNodeAOwnsAtEpoch5() throws SQLException {
        schema = PostgresTestDatabase.newSchema();
        JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(), PostgresOptions.builder().schema(schema).build())
                .close();
        PostgresTestDatabase.execute("INSERT INTO " + schema + ".shard_leases (shard, owner, epoch, lease_until)"
                + " SELECT g, 'a', 5, now() + interval '1 hour' FROM generate_series(0, " + (SHARDS - 1) + ") g");
        PostgresDialect dialect = new PostgresDialect(schema);
        PostgresLock lock = new PostgresLock(schema, "test store", true);
        writerConnection = writerConnection(dialect);
        lock.acquire(writerConnection);
        writer = new PostgresBatchWriter(writerConnection, () -> writerConnection(dialect), lock, "test store");
    }

    private static Connection writerConnection(PostgresDialect dialect) throws SQLException {
        Connection connection = PostgresTestDatabase.dataSource().getConnection();
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.sessionSetup(true)) {
                statement.execute(sql);
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }

    @AfterEach
    void closeAndDrop() {
        if (writer != null) {
            writer.close();
        }
        PostgresTestDatabase.dropSchema(schema);
    }

    @Test
    void aTransitionFencedWithAnOldEpochIsRefusedAndTheRestOfItsBatchCommits() {
        Transition stale = start(key("order-1", "run-1"), 1000).fencedBy(new ShardEpoch(shardOf("order-1"), 4));
        Transition unfenced = start(key("order-2", "run-1"), 1000);
        Transition current = start(key("order-3", "run-1"), 1000).fencedBy(new ShardEpoch(shardOf("order-3"), 5));

        RuntimeException[] failures = writer.write(List.of(stale, unfenced, current));

        assertThat(failures[0]).isExactlyInstanceOf(NotShardOwnerException.class)
                .hasMessage("Not owner of shard " + shardOf("order-1") + ": the transition of default/order-1/run-1 to"
                        + " version 1 in test store was fenced with epoch 4, but the shard is at epoch 5, owned by node"
                        + " \"a\". This node lost the shard, so nothing of the transition was written; the call must"
                        + " go to the shard's owner");
        NotShardOwnerException refused = (NotShardOwnerException) failures[0];
        assertThat(refused.reason()).isEqualTo(StoreException.Reason.NOT_SHARD_OWNER);
        assertThat(refused.lease()).isEqualTo(new ShardEpoch(shardOf("order-1"), 4));
        assertThat(refused.currentEpoch()).isEqualTo(5);
        assertThat(refused.currentOwner()).isEqualTo("a");
        assertThat(failures[1]).isNull();
        assertThat(failures[2]).isNull();
        assertThat(runs()).isEqualTo("order-2,order-3");
    }

    @Test
    void anAdvanceOfAShardThatMovedOnWritesNeitherItsRowNorItsHistory() {
        Transition first = start(key("order-1", "run-1"), 1000).fencedBy(new ShardEpoch(shardOf("order-1"), 5));
        assertThat(writer.write(List.of(first))).containsOnlyNulls();
        PostgresTestDatabase.execute("UPDATE " + schema + ".shard_leases SET owner = 'b', epoch = 6"
                + " WHERE shard = " + shardOf("order-1"));

        RuntimeException[] failures = writer.write(List.of(advance(first.row(), 3)
                .fencedBy(new ShardEpoch(shardOf("order-1"), 5))));

        assertThat(failures[0]).isExactlyInstanceOf(NotShardOwnerException.class)
                .hasMessageContaining("was fenced with epoch 5, but the shard is at epoch 6, owned by node \"b\".");
        assertThat(PostgresTestDatabase.query("SELECT version || ':' || last_event_id FROM " + schema
                + ".executions")).isEqualTo("1:2");
        assertThat(PostgresTestDatabase.query("SELECT count(*) FROM " + schema + ".history")).isEqualTo("1");
    }

    @Test
    void aReleasedShardRefusesItsLastOwnersEpoch() {
        PostgresTestDatabase.execute("UPDATE " + schema + ".shard_leases SET owner = NULL, lease_until = NULL,"
                + " epoch = 6 WHERE shard = " + shardOf("order-1"));

        RuntimeException[] failures = writer.write(List.of(start(key("order-1", "run-1"), 1000)
                .fencedBy(new ShardEpoch(shardOf("order-1"), 5))));

        assertThat(failures[0]).isExactlyInstanceOf(NotShardOwnerException.class)
                .hasMessageContaining("was fenced with epoch 5, but the shard is at epoch 6 with no owner.");
        assertThat(runs()).isNull();
    }

    @Test
    void aShardTheStoreDoesNotHaveIsRefused() {
        RuntimeException[] failures = writer.write(List.of(start(key("order-1", "run-1"), 1000)
                .fencedBy(new ShardEpoch(SHARDS, 1))));

        assertThat(failures[0]).isExactlyInstanceOf(NotShardOwnerException.class)
                .hasMessage("Not owner of shard 64: the transition of default/order-1/run-1 to version 1 in test store"
                        + " was fenced with shard 64 at epoch 1, but the store has no shard 64 (its shard count is"
                        + " smaller, or no cluster node created the shards yet); nothing was written");
        assertThat(runs()).isNull();
    }

    @Test
    void anAcquisitionThatCommitsWhileTheBatchWaitsForTheLeaseRowIsSeenByTheCheck() throws Exception {
        int shard = shardOf("order-1");
        try (Connection acquirer = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = acquirer.createStatement()) {
            acquirer.setAutoCommit(false);
            acquire(statement, shard, "b", 6);
            CompletableFuture<RuntimeException[]> batch = CompletableFuture.supplyAsync(() -> writer.write(List.of(
                    start(key("order-1", "run-1"), 1000).fencedBy(new ShardEpoch(shard, 5)))));
            awaitALockWaitIn(schema);

            acquirer.commit();

            assertThat(batch.get()[0]).isExactlyInstanceOf(NotShardOwnerException.class)
                    .hasMessageContaining("was fenced with epoch 5, but the shard is at epoch 6, owned by node \"b\".");
        }
        assertThat(runs()).isNull();
    }

    @Test
    void aBatchInFlightKeepsAnAcquisitionOffItsShardButNotARenewalOrARelease() throws Exception {
        int shard = shardOf("order-1");
        try (Connection inFlight = writerConnection(new PostgresDialect(schema));
                Connection other = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = other.createStatement()) {
            // A wait on a lock fails the test instead of hanging it.
            statement.execute("SET statement_timeout = '60s'");
            // A batch that wrote its fenced statement and has not committed yet.
            holdTheFence(inFlight, new ShardEpoch(shard, 5));

            statement.executeUpdate("UPDATE " + schema + ".shard_leases SET lease_until = now() + interval '2 hours'"
                    + " WHERE shard = " + shard);
            statement.executeUpdate("UPDATE " + schema + ".shard_leases SET owner = NULL, lease_until = NULL,"
                    + " epoch = 6 WHERE shard = " + shard);
            other.setAutoCommit(false);
            assertThat(acquire(statement, shard, "b", 7)).as("acquired while the batch is in flight").isZero();
            other.rollback();

            inFlight.commit();
            assertThat(acquire(statement, shard, "b", 7)).as("acquired once the batch committed").isOne();
            other.commit();
        }
        assertThat(PostgresTestDatabase.query("SELECT owner || ':' || epoch FROM " + schema
                + ".shard_leases WHERE shard = " + shard)).isEqualTo("b:7");
    }

    @Test
    void aWriterStalledInTheMiddleOfABatchKeepsTheShardFromTheOthersOnlyUntilItsSessionTimesOut() throws Exception {
        int shard = shardOf("order-1");
        assertThat(writer.write(List.of(start(key("order-1", "run-1"), 1000)
                .fencedBy(new ShardEpoch(shard, 5))))).containsOnlyNulls();
        // The writer's session, stalled after a fenced statement of its next batch (a GC pause, kill -STOP). Its idle
        // time is counted by the server from the end of that statement, so the clock here starts before it.
        long stalledAt = System.nanoTime();
        holdTheFence(writerConnection, new ShardEpoch(shard, 5));
        PostgresTestDatabase.execute("UPDATE " + schema + ".shard_leases SET lease_until = now() - interval '1 second'"
                + " WHERE shard = " + shard);

        try (Connection other = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = other.createStatement()) {
            assertThat(acquire(statement, shard, "b", 6)).as("acquired while the writer's transaction is open")
                    .isZero();
            long giveUp = stalledAt + java.time.Duration.ofMinutes(2).toNanos();
            while (acquire(statement, shard, "b", 6) == 0) {
                assertThat(System.nanoTime() - giveUp).as("the stalled writer's session never ended").isNegative();
                Thread.sleep(50);
            }
        }
        assertThat(System.nanoTime() - stalledAt).as("the shard was taken after the writer's idle timeout")
                .isGreaterThanOrEqualTo(PostgresBatchWriter.IDLE_IN_TRANSACTION.toNanos());
        // The writer's next batch gets a new session, and is refused at the new epoch.
        RuntimeException[] failures = writer.write(List.of(advance(start(key("order-1", "run-1"), 1000).row(), 3)
                .fencedBy(new ShardEpoch(shard, 5))));
        assertThat(failures[0]).isInstanceOf(StoreException.class);
        RuntimeException[] retried = writer.write(List.of(advance(start(key("order-1", "run-1"), 1000).row(), 3)
                .fencedBy(new ShardEpoch(shard, 5))));
        assertThat(retried[0]).isExactlyInstanceOf(NotShardOwnerException.class)
                .hasMessageContaining("was fenced with epoch 5, but the shard is at epoch 6, owned by node \"b\".");
    }

    /**
     * Runs the writer's fencing clause for {@code fence} on {@code connection}, in its open transaction, as a fenced
     * statement of a batch does, and leaves the transaction open (the lease row locked until it ends).
     */
    private static void holdTheFence(Connection connection, ShardEpoch fence) throws SQLException {
        try (java.sql.PreparedStatement select = connection.prepareStatement("SELECT 1 WHERE " + ShardFencing.CLAUSE)) {
            ShardFencing.bind(select, 1, fence);
            try (java.sql.ResultSet rs = select.executeQuery()) {
                assertThat(rs.next()).as("the shard is at " + fence).isTrue();
            }
        }
    }

    /**
     * Acquires {@code shard} for {@code owner} at {@code epoch} as a node does ({@code ShardLeaseTable}): the row
     * locked {@code FOR UPDATE SKIP LOCKED}, then updated. Returns the rows acquired, 0 when the row was locked.
     */
    private int acquire(Statement statement, int shard, String owner, long epoch) throws SQLException {
        return statement.executeUpdate("UPDATE " + schema + ".shard_leases s SET owner = '" + owner + "', epoch = "
                + epoch + ", lease_until = now() + interval '1 hour' WHERE s.shard IN (SELECT shard FROM " + schema
                + ".shard_leases WHERE shard = " + shard + " FOR UPDATE SKIP LOCKED)");
    }

    /** Waits until a session waits for a row lock (the writer's {@code FOR KEY SHARE} behind the acquisition). */
    private static void awaitALockWaitIn(String schema) throws InterruptedException {
        long giveUp = System.nanoTime() + java.time.Duration.ofMinutes(2).toNanos();
        while (!"t".equals(PostgresTestDatabase.query("SELECT EXISTS (SELECT 1 FROM pg_locks l"
                + " JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted"
                + " AND a.query LIKE '%FROM shard_leases%FOR KEY SHARE%')"))) {
            assertThat(System.nanoTime() - giveUp).as("the writer never waited for the lease row in " + schema)
                    .isNegative();
            Thread.sleep(10);
        }
    }

    private String runs() {
        return PostgresTestDatabase.query("SELECT string_agg(workflow_id, ',' ORDER BY workflow_id) FROM " + schema
                + ".executions");
    }

    private static int shardOf(String workflowId) {
        return ShardHash.shardOf(TestExecutions.NAMESPACE, workflowId, SHARDS);
    }
}
