package io.reprise.engine.store;

import java.util.Objects;

/**
 * How the PostgreSQL store ({@link JdbcExecutionStore#postgres}) uses its database. Immutable; start
 * from {@link #defaults()} or {@link #builder()}.
 *
 * @param schema the schema holding the store's tables, or {@code null} for the connection's current
 *     schema (the first of its {@code search_path}, usually {@code public}); default {@code null}. Several
 *     applications can share one database, each with a schema of its own.
 * @param migrate whether opening the store creates the schema and its tables, or migrates them to the
 *     version this code writes; when {@code false}, the store only checks that the schema is at that
 *     version (for teams that run the migrations in {@code io/reprise/engine/store/schema/postgres/}
 *     themselves); default {@code true}
 * @param maxBatchSize the most transitions written in one database transaction by group commit;
 *     default 512
 * @param readConnections the most connections serving reads concurrently with the writer; default 2
 */
public record PostgresOptions(String schema, boolean migrate, int maxBatchSize, int readConnections) {

    /** Default {@link #migrate()}. */
    public static final boolean DEFAULT_MIGRATE = true;
    /** Default {@link #maxBatchSize()}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    /** Default {@link #readConnections()}. */
    public static final int DEFAULT_READ_CONNECTIONS = 2;

    public PostgresOptions {
        if (schema != null && schema.isBlank()) {
            throw new IllegalArgumentException("schema must not be blank: give a schema name, or null for the "
                    + "connection's current schema");
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be at least 1, got " + readConnections);
        }
    }

    /** The default options: the current schema, migrated at start, batches of up to 512, 2 readers. */
    public static PostgresOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link PostgresOptions}; every setting starts at its documented default. */
    public static final class Builder {
        private String schema;
        private boolean migrate = DEFAULT_MIGRATE;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private int readConnections = DEFAULT_READ_CONNECTIONS;

        private Builder() {}

        /** See {@link PostgresOptions#schema()}; default {@code null}, the connection's current schema. */
        public Builder schema(String schema) {
            this.schema = schema;
            return this;
        }

        /** See {@link PostgresOptions#migrate()}; default {@code true}. */
        public Builder migrate(boolean migrate) {
            this.migrate = migrate;
            return this;
        }

        /** See {@link PostgresOptions#maxBatchSize()}; default 512. */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** See {@link PostgresOptions#readConnections()}; default 2. */
        public Builder readConnections(int readConnections) {
            this.readConnections = readConnections;
            return this;
        }

        public PostgresOptions build() {
            return new PostgresOptions(schema, migrate, maxBatchSize, readConnections);
        }
    }
}
