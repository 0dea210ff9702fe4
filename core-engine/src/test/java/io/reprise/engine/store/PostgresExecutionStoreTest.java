package io.reprise.engine.store;

import static io.reprise.engine.store.TestExecutions.advance;
import static io.reprise.engine.store.TestExecutions.close;
import static io.reprise.engine.store.TestExecutions.key;
import static io.reprise.engine.store.TestExecutions.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL, each test in a schema of its own (see {@link PostgresTestDatabase}),
 * plus what the PostgreSQL store adds: one engine per schema, migrations, HOT updates, lost connections.
 */
class PostgresExecutionStoreTest extends JdbcExecutionStoreContractTest {

    private String schema;

    @Override
    protected JdbcExecutionStore openStore() {
        schema = PostgresTestDatabase.newSchema();
        return open();
    }

    private JdbcExecutionStore open() {
        return JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).build());
    }

    @AfterEach
    void dropTheSchema() {
        if (store != null) {
            store.close();
        }
        if (schema != null) {
            PostgresTestDatabase.dropSchema(schema);
        }
    }

    @Test
    void aSecondStoreOnTheSameSchemaIsRefusedUntilTheFirstCloses() {
        assertThatThrownBy(this::open)
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("PostgreSQL store in schema \"" + schema + "\" of ")
                .hasMessageContaining("is already used by another Reprise engine (database session pid ")
                .hasMessageEndingWith("Stop the other engine, or give this one a schema of its own"
                        + " (reprise.store.postgres.schema)")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.LOCKED);

        store.commit(start(key("order-1", "run-1"), 1000));
        store.close();
        try (JdbcExecutionStore second = open()) {
            assertThat(second.load(key("order-1", "run-1"))).isPresent();
        }
    }

    @Test
    void theMigrationsCreateTheTablesInTheConfiguredSchemaAtTheCurrentVersion() throws SQLException {
        assertThat(single("SELECT string_agg(version::text, ',' ORDER BY version) FROM " + schema
                + ".reprise_schema_version")).isEqualTo("4,5,6,7").endsWith(String.valueOf(PostgresDialect.SCHEMA_VERSION));
        assertThat(single("SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables"
                + " WHERE table_schema = '" + schema + "'"))
                .isEqualTo("cluster_nodes,executions,history,namespaces,reprise_schema_version,shard_leases");
    }

    @Test
    void aSchemaWrittenByANewerVersionIsRefused() {
        store.close();
        PostgresTestDatabase.execute("INSERT INTO " + schema + ".reprise_schema_version (version) VALUES ("
                + (PostgresDialect.SCHEMA_VERSION + 1) + ")");

        assertThatThrownBy(this::open)
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("PostgreSQL store in schema \"" + schema + "\" of ")
                .hasMessageEndingWith(" has schema version " + (PostgresDialect.SCHEMA_VERSION + 1) + " but this version of"
                        + " Reprise supports up to " + PostgresDialect.SCHEMA_VERSION
                        + ": upgrade Reprise or point it at another store")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.NEWER_SCHEMA);
    }

    @Test
    void withMigrationsOffAnEmptySchemaIsRefusedAndAMigratedOneOpens() {
        store.close();
        String empty = PostgresTestDatabase.newSchema();
        PostgresTestDatabase.execute("CREATE SCHEMA " + empty);
        try {
            assertThatThrownBy(() -> JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                            PostgresOptions.builder().schema(empty).migrate(false).build()))
                    .isExactlyInstanceOf(StoreException.class)
                    .hasMessageEndingWith(" is at schema version 0 (0: no Reprise tables) but this version of Reprise"
                            + " writes version " + PostgresDialect.SCHEMA_VERSION + " and its migrations are off: run the"
                            + " migrations V1 to V" + PostgresDialect.SCHEMA_VERSION + " of io/reprise/engine/store/schema/"
                            + "postgres/ (see docs/postgres.md), or set reprise.store.postgres.migrate=true")
                    .extracting(e -> ((StoreException) e).reason())
                    .isEqualTo(StoreException.Reason.SCHEMA_NOT_MIGRATED);
        } finally {
            PostgresTestDatabase.dropSchema(empty);
        }
        try (JdbcExecutionStore migrated = JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(),
                PostgresOptions.builder().schema(schema).migrate(false).build())) {
            migrated.commit(start(key("order-1", "run-1"), 1000));
            assertThat(migrated.load(key("order-1", "run-1"))).isPresent();
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedWithTheFix() {
        org.postgresql.ds.PGSimpleDataSource closedPort = new org.postgresql.ds.PGSimpleDataSource();
        closedPort.setURL("jdbc:postgresql://127.0.0.1:1/test?user=postgres&connectTimeout=5");

        assertThatThrownBy(() -> JdbcExecutionStore.postgres(closedPort, PostgresOptions.defaults()))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Cannot connect to the PostgreSQL store: ")
                .hasMessageEndingWith(". Check that the server runs and that the URL, user and password are right")
                .extracting(e -> ((StoreException) e).reason()).isEqualTo(StoreException.Reason.UNREACHABLE);
    }

    /**
     * A transition that keeps the status updates no index: PostgreSQL writes it as a HOT update (the
     * statistics count every such update in n_tup_hot_upd as well as n_tup_upd).
     */
    @Test
    void transitionsThatKeepTheStatusAreHotUpdates() throws Exception {
        // Few enough new row versions to fit in the room fillfactor 70 leaves on the rows' page: a HOT update also
        // needs room on the page, and reclaiming the old versions' room (page pruning) waits for every older
        // snapshot of the database to end, which other sessions on a shared server may hold. So this checks what
        // the schema decides (no indexed column changes), not whether the server could prune.
        List<Transition> runs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Transition first = start(key("order-" + i, "run-1"), 1000);
            store.commit(first);
            runs.add(first);
        }
        int updates = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < runs.size(); i++) {
                Transition next = advance(runs.get(i).row(), 2);
                store.commit(next);
                runs.set(i, next);
                updates++;
            }
        }
        long[] counts = awaitUpdateStatistics(updates);
        assertThat(counts[1]).as("HOT updates of %s updates", counts[0]).isEqualTo(counts[0]);
    }

    /** n_tup_upd and n_tup_hot_upd of executions, once the writer's backend has reported {@code updates}. */
    private long[] awaitUpdateStatistics(int updates) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                    Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables"
                            + " WHERE schemaname = '" + schema + "' AND relname = 'executions'")) {
                rs.next();
                long[] counts = {rs.getLong(1), rs.getLong(2)};
                if (counts[0] >= updates) {
                    return counts;
                }
            }
            assertThat(System.nanoTime()).as("statistics report %s updates", updates).isLessThan(deadline);
            Thread.sleep(100); // the statistics are flushed by the writer's backend when it is idle
        }
    }

    @Test
    void aLostWriterConnectionFailsTheTransitionsInFlightAndTheNextCommitReconnects() throws Exception {
        Transition first = start(key("order-1", "run-1"), 1000);
        store.commit(first);
        terminateTheStoreSessions();

        Transition second = advance(first.row(), 2);
        assertThatThrownBy(() -> store.commit(second))
                .isExactlyInstanceOf(StoreException.class)
                .hasMessageStartingWith("Could not commit the transition of default/order-1/run-1 to version 2 in"
                        + " PostgreSQL store in schema \"" + schema + "\"")
                .hasMessageEndingWith("; the transition was not applied");
        assertThat(store.load(key("order-1", "run-1"))).get().extracting(ExecutionRow::version).isEqualTo(1L);

        store.commit(second);
        assertThat(store.load(key("order-1", "run-1"))).get().extracting(ExecutionRow::version).isEqualTo(2L);
        assertThat(store.readHistory(key("order-1", "run-1"), 1)).extracting(HistoryBatch::lastEventId)
                .containsExactly(2L, 4L);
    }

    /**
     * A database error inside the savepoint of a transition that starts a successor (here the server
     * refuses the successor's search attributes: jsonb cannot hold U+0000) is not a conflict: the batch's
     * transaction fails, none of its transitions is applied (each caller gets a retryable
     * {@link StoreException}), and the writer goes on with the next batch on the same connection.
     */
    @Test
    void aDatabaseErrorInASuccessorsInsertFailsItsWholeBatchAndTheNextBatchCommits() throws Exception {
        Transition a1 = start(key("order-a", "run-1"), 1000);
        Transition b1 = start(key("order-b", "run-1"), 1000);
        store.commit(a1);
        store.commit(b1);
        Transition refused = withSearchAttributeTheServerRefuses(start(key("order-a", "run-2"), 1500));
        long batchesBefore = store.batchesWritten();

        store.pauseWriter();
        Transition c1 = start(key("order-c", "run-1"), 1000);
        Transition aContinued = withSuccessor(close(a1.row(), "CONTINUED_AS_NEW", 1500), refused);
        Transition b2 = advance(b1.row(), 1);
        List<CompletableFuture<Void>> outcomes = new ArrayList<>();
        for (Transition t : List.of(c1, aContinued, b2)) {
            outcomes.add(commitAsync(t));
            assertThat(store.awaitQueuedCommits(outcomes.size(), Duration.ofSeconds(5))).isTrue();
        }
        store.resumeWriter();

        String where = "PostgreSQL store in schema \"" + schema + "\"";
        List<Transition> batch = List.of(c1, aContinued, b2);
        for (int i = 0; i < batch.size(); i++) {
            ExecutionRow row = batch.get(i).row();
            assertThat(outcome(outcomes.get(i))).isExactlyInstanceOf(StoreException.class)
                    .hasMessageStartingWith("Could not commit the transition of " + row.key() + " to version "
                            + row.version() + " in " + where)
                    .hasMessageContaining(": the database transaction failed: ERROR: unsupported Unicode escape"
                            + " sequence")
                    .hasMessageEndingWith("; the transition was not applied");
        }
        assertThat(store.batchesWritten()).isEqualTo(batchesBefore + 1);
        assertThat(store.load(c1.row().key())).isEmpty();
        assertThat(store.load(a1.row().key())).get().usingRecursiveComparison().isEqualTo(a1.row());
        assertThat(store.load(key("order-a", "run-2"))).isEmpty();
        assertThat(store.load(b1.row().key())).get().usingRecursiveComparison().isEqualTo(b1.row());

        store.commit(b2);
        store.commit(withSuccessor(close(a1.row(), "CONTINUED_AS_NEW", 1500), start(key("order-a", "run-2"), 1500)));
        assertThat(store.loadRunning()).extracting(r -> r.key().toString())
                .containsExactlyInAnyOrder(key("order-a", "run-2").toString(), key("order-b", "run-1").toString());
        assertThat(store.load(b1.row().key())).get().usingRecursiveComparison().isEqualTo(b2.row());
    }

    /**
     * The transitions of a batch go to the server as one JDBC batch per statement kind: a database error in
     * one fails the batch with the server's message, and the statements bound for the kinds not sent yet are
     * dropped, not sent with the next batch.
     */
    @Test
    void aDatabaseErrorInAStatementBatchFailsTheBatchAndLeavesNothingBoundForTheNext() throws Exception {
        Transition b1 = start(key("order-b", "run-1"), 1000);
        store.commit(b1);
        Transition refused = withSearchAttributeTheServerRefuses(start(key("order-a", "run-1"), 1000));
        Transition b2 = advance(b1.row(), 1);
        store.pauseWriter();
        CompletableFuture<Void> refusedOutcome = commitAsync(refused);
        assertThat(store.awaitQueuedCommits(1, Duration.ofSeconds(5))).isTrue();
        CompletableFuture<Void> b2Outcome = commitAsync(b2);
        assertThat(store.awaitQueuedCommits(2, Duration.ofSeconds(5))).isTrue();
        store.resumeWriter();

        for (CompletableFuture<Void> outcome : List.of(refusedOutcome, b2Outcome)) {
            assertThat(outcome(outcome)).isExactlyInstanceOf(StoreException.class)
                    .hasMessageContaining(": the database transaction failed: ERROR: unsupported Unicode escape"
                            + " sequence")
                    .hasMessageNotContaining("Batch entry");
        }
        assertThat(store.load(refused.row().key())).isEmpty();

        Transition b2Other = advance(b1.row(), 3);
        store.commit(b2Other);
        assertThat(store.load(b1.row().key())).get().usingRecursiveComparison().isEqualTo(b2Other.row());
        assertThat(store.readHistory(b1.row().key(), 1)).extracting(HistoryBatch::lastEventId).containsExactly(2L, 5L);
    }

    /** {@code t} with a KEYWORD search attribute holding U+0000, which a jsonb column refuses. */
    private static Transition withSearchAttributeTheServerRefuses(Transition t) {
        ExecutionRow row = t.row();
        byte[] nul = VisibilityAttributes.of(Map.of("CustomerId",
                SearchAttributeValue.of(SearchAttributeType.KEYWORD, "a\u0000b")), null).encode();
        return new Transition(new ExecutionRow(row.key(), row.workflowType(), row.taskQueue(), row.status(),
                row.startTimeMillis(), row.closeTimeMillis(), row.nextTimerAtMillis(), row.version(),
                row.lastEventId(), row.state(), nul), t.expectedVersion(), t.history());
    }

    /** Ends every database session that has the store's schema on its search path. */
    private void terminateTheStoreSessions() throws SQLException {
        DataSource dataSource = PostgresTestDatabase.dataSource();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory'"
                    + " AND l.classid = " + PostgresDialect.LOCK_CLASS + " AND l.objid = ((hashtext('" + schema
                    + "')::bigint) & 4294967295)::oid AND l.objsubid = 2");
        }
    }

    private String single(String sql) throws SQLException {
        try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
