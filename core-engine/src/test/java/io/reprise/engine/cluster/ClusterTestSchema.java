package io.reprise.engine.cluster;

import static org.assertj.core.api.Assertions.fail;

import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

/** A fresh schema migrated by the PostgreSQL store, and what its lease rows hold. */
final class ClusterTestSchema {

    /** The lease and renewal the tests use: short, so that shards move in seconds. */
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration RENEWAL = Duration.ofSeconds(1);

    /** How long a test waits for the nodes to get somewhere before it fails: long, the machine is loaded. */
    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** A lease row: {@code owner} is {@code null} for none. */
    record LeaseRow(String owner, long epoch, boolean live) {}

    private ClusterTestSchema() {}

    /** A new schema at the store's current version (the store is opened once and closed). */
    static String create() {
        String schema = PostgresTestDatabase.newSchema();
        JdbcExecutionStore.postgres(PostgresTestDatabase.dataSource(), PostgresOptions.builder().schema(schema).build())
                .close();
        return schema;
    }

    static ClusterSettings settings(String nodeId) {
        return ClusterSettings.builder().nodeId(nodeId).leaseDuration(LEASE).renewalInterval(RENEWAL).build();
    }

    /** The lease rows by shard; {@code live}: the lease has not ended on the database's clock. */
    static Map<Integer, LeaseRow> leases(String schema) {
        Map<Integer, LeaseRow> rows = new TreeMap<>();
        try (Connection connection = PostgresTestDatabase.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT shard, owner, epoch, coalesce(lease_until > now(), false)"
                        + " FROM \"" + schema + "\".shard_leases ORDER BY shard")) {
            while (rs.next()) {
                rows.put(rs.getInt(1), new LeaseRow(rs.getString(2), rs.getLong(3), rs.getBoolean(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** Waits until {@code condition} holds, checking every 20 ms; fails naming {@code what} after a long while. */
    static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("Still not true after " + PATIENCE + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting until " + what);
            }
        }
    }
}
