package io.reprise.engine.cluster;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills the {@code shard} column of the runs that have none (written by a node that ran alone, or before schema
 * version 7) with {@link ShardHash}, in Java, since the hash is specified here and not in SQL. Runs in the caller's
 * transaction: the PostgreSQL migration to version 7 when the schema already has its shard rows, and the first
 * cluster node when it creates them ({@link ShardLeaseTable#ensureShards}), so that a schema's runs carry shards
 * computed with the count its shard rows fix.
 */
public final class ShardColumn {

    /** Rows read and updated per round trip. */
    private static final int CHUNK = 5_000;

    private ShardColumn() {}

    /**
     * Sets {@code shard} of every row of {@code executionsTable} where it is {@code NULL}.
     *
     * @param executionsTable the table, qualified by its schema if the connection's search path does not name it
     * @return how many rows were filled
     */
    public static int fill(Connection connection, String executionsTable, int shardCount) throws SQLException {
        int filled = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT row_id, namespace, workflow_id FROM "
                + executionsTable + " WHERE shard IS NULL ORDER BY row_id LIMIT " + CHUNK);
                PreparedStatement update = connection.prepareStatement("UPDATE " + executionsTable + " e SET shard ="
                        + " v.shard FROM unnest(?::bigint[], ?::integer[]) AS v(row_id, shard)"
                        + " WHERE e.row_id = v.row_id")) {
            while (true) {
                List<Long> rows = new ArrayList<>();
                List<Integer> shards = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rows.add(rs.getLong(1));
                        shards.add(ShardHash.shardOf(rs.getString(2), rs.getString(3), shardCount));
                    }
                }
                if (rows.isEmpty()) {
                    return filled;
                }
                Array rowArray = connection.createArrayOf("bigint", rows.toArray(Long[]::new));
                Array shardArray = connection.createArrayOf("integer", shards.toArray(Integer[]::new));
                try {
                    update.setArray(1, rowArray);
                    update.setArray(2, shardArray);
                    filled += update.executeUpdate();
                } finally {
                    rowArray.free();
                    shardArray.free();
                }
                if (rows.size() < CHUNK) {
                    return filled;
                }
            }
        }
    }
}
