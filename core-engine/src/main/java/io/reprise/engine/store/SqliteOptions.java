package io.reprise.engine.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Options of a SQLite {@link JdbcExecutionStore}. Immutable; start from {@link #defaults()} or
 * {@link #builder()}.
 *
 * @param synchronous how hard a commit pushes its data to disk; default {@link Synchronous#NORMAL}
 * @param busyTimeout how long a connection waits for a database lock held by another connection
 *     before failing; default 5 seconds
 * @param maxBatchSize the most transitions written in one database transaction by group commit;
 *     default 512
 * @param readConnections the most connections serving reads concurrently with the writer (file
 *     store only; the in-memory store has one connection); default 4
 */
public record SqliteOptions(Synchronous synchronous, Duration busyTimeout, int maxBatchSize, int readConnections) {

    /** Default {@link #synchronous()}. */
    public static final Synchronous DEFAULT_SYNCHRONOUS = Synchronous.NORMAL;
    /** Default {@link #busyTimeout()}. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link #maxBatchSize()}. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    /** Default {@link #readConnections()}. */
    public static final int DEFAULT_READ_CONNECTIONS = 4;

    /**
     * SQLite's {@code PRAGMA synchronous} in WAL mode: what a commit that has returned survives.
     */
    public enum Synchronous {
        /**
         * A commit writes to the write-ahead log without waiting for the disk; the log is synced
         * at checkpoints. A committed transition survives a crash or {@code kill -9} of the
         * process (the operating system still holds the write), but a power loss or an operating
         * system crash may lose the most recent commits (the database stays consistent). The
         * default: fast, and enough when the machine itself is reliable.
         */
        NORMAL,
        /**
         * A commit waits until the write-ahead log is synced to disk: a committed transition also
         * survives a power loss or an operating system crash. Each group-commit batch costs one
         * disk sync.
         */
        FULL
    }

    public SqliteOptions {
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "busyTimeout must be between 0 and " + Integer.MAX_VALUE + " ms, got " + busyTimeout);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        if (readConnections < 1) {
            throw new IllegalArgumentException("readConnections must be at least 1, got " + readConnections);
        }
    }

    /** The default options: synchronous NORMAL, busy timeout 5 s, batches of up to 512, 4 readers. */
    public static SqliteOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with these options. */
    public Builder toBuilder() {
        return new Builder()
                .synchronous(synchronous)
                .busyTimeout(busyTimeout)
                .maxBatchSize(maxBatchSize)
                .readConnections(readConnections);
    }

    /** Builds {@link SqliteOptions}; every setting starts at its documented default. */
    public static final class Builder {
        private Synchronous synchronous = DEFAULT_SYNCHRONOUS;
        private Duration busyTimeout = DEFAULT_BUSY_TIMEOUT;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private int readConnections = DEFAULT_READ_CONNECTIONS;

        private Builder() {}

        /** See {@link SqliteOptions#synchronous()}; default {@link Synchronous#NORMAL}. */
        public Builder synchronous(Synchronous synchronous) {
            this.synchronous = synchronous;
            return this;
        }

        /** See {@link SqliteOptions#busyTimeout()}; default 5 seconds. */
        public Builder busyTimeout(Duration busyTimeout) {
            this.busyTimeout = busyTimeout;
            return this;
        }

        /** See {@link SqliteOptions#maxBatchSize()}; default 512. */
        public Builder maxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** See {@link SqliteOptions#readConnections()}; default 4. */
        public Builder readConnections(int readConnections) {
            this.readConnections = readConnections;
            return this;
        }

        public SqliteOptions build() {
            return new SqliteOptions(synchronous, busyTimeout, maxBatchSize, readConnections);
        }
    }
}
