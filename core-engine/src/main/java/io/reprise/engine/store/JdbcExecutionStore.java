package io.reprise.engine.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The {@link ExecutionStore} on a relational database over JDBC; what differs between databases
 * is in its {@link SqlDialect}. Create one with {@link #sqliteFile}, {@link #sqliteInMemory} or
 * {@link #postgres}.
 *
 * <p><b>Writes.</b> {@link #commit} uses group commit: one writer thread takes every transition
 * waiting (up to {@code maxBatchSize}) and writes them in one database transaction; one transition's
 * conflict writes nothing of it and lets the others commit (on SQLite each is in a savepoint, on
 * PostgreSQL each is one statement that checks the run's version). The caller returns once the
 * transaction holding its transition has committed. On SQLite, a commit that finds nothing being written and
 * nothing waiting is written on its caller's thread instead, sparing the two thread hand-offs; on PostgreSQL
 * the writer thread always writes (a virtual caller interrupted in a socket read would close the connection).
 *
 * <p><b>Reads</b> run concurrently with the writer on connections of their own (SQLite file in
 * WAL mode, PostgreSQL), or take turns with it on the single connection (SQLite in-memory). A read sees
 * whole batches only.
 *
 * <p><b>Checkpoints</b> of a SQLite file's write-ahead log run beside the commits, on a thread of their own
 * ({@link SqliteCheckpointer}).
 *
 * <p>Thread-safe. {@link #close()} writes the commits already queued, then releases everything.
 */
public final class JdbcExecutionStore implements ExecutionStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcExecutionStore.class);

    private final String kind;
    private final String description;
    private final TransitionWriter batchWriter;
    private final GroupCommitter committer;
    private final ReadAccess reads;
    private final MaintenanceWriter maintenance;
    private final AutoCloseable fileLock;
    /** {@code null} but on a SQLite file. */
    private final SqliteCheckpointer checkpointer;
    private final boolean filtersQueries;
    private final Lock closeLock = new ReentrantLock();
    /** The PostgreSQL schema of the tables; {@code null} on SQLite. Set once, before the store is handed out. */
    private String postgresSchema;
    private boolean closed;

    private JdbcExecutionStore(String kind, String description, TransitionWriter batchWriter, ReadAccess reads,
            MaintenanceWriter maintenance, Lock connectionLock, int maxBatchSize, AutoCloseable fileLock,
            SqliteCheckpointer checkpointer) {
        this.kind = kind;
        this.description = description;
        this.batchWriter = batchWriter;
        this.reads = reads;
        this.maintenance = maintenance;
        this.fileLock = fileLock;
        this.checkpointer = checkpointer;
        this.filtersQueries = batchWriter instanceof PostgresBatchWriter;
        this.committer = new GroupCommitter(batchWriter, connectionLock, maxBatchSize, "reprise-store-writer",
                t -> new StoreException("Cannot commit the transition of " + t.row().key()
                        + ": the store is closed (" + description + ")", null),
                // SQLite: callers may write a lone commit themselves. PostgreSQL: an interrupted virtual caller
                // blocked in a socket read would close the shared writer connection.
                !(batchWriter instanceof PostgresBatchWriter));
    }

    /** A SQLite store in the file {@code file}, with {@link SqliteOptions#defaults()}. */
    public static JdbcExecutionStore sqliteFile(Path file) {
        return sqliteFile(file, SqliteOptions.defaults());
    }

    /**
     * A SQLite store in the file {@code file} (created with its parent directories if missing),
     * in WAL mode with {@code options.synchronous()}. The store locks the file: while it is open,
     * another store, in this process or another, gets a {@link StoreException} on opening it.
     *
     * @throws StoreException when the file is locked, the path is not usable (a directory, an
     *     unwritable location), or the file is not a Reprise SQLite database
     */
    public static JdbcExecutionStore sqliteFile(Path file, SqliteOptions options) {
        return sqliteFile(file, options, UnaryOperator.identity());
    }

    /**
     * {@link #sqliteFile(Path, SqliteOptions)} with every connection it opens passed through {@code wrap}
     * once set up (the benchmark counts the statements through it, as it does on PostgreSQL with a
     * wrapped {@link DataSource}).
     */
    static JdbcExecutionStore sqliteFile(Path file, SqliteOptions options, UnaryOperator<Connection> wrap) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Path databaseFile = prepareDatabaseFile(file);
        String description = "SQLite store file " + databaseFile;
        StoreFileLock lock = StoreFileLock.acquire(databaseFile);
        SqliteDialect dialect = new SqliteDialect(options, true);
        String url = "jdbc:sqlite:" + databaseFile;
        Connection writer = null;
        SqliteCheckpointer checkpointer = null;
        try {
            writer = wrap.apply(openSqlite(url, dialect, true));
            Schema.migrate(writer, dialect, description);
            checkpointer = new SqliteCheckpointer(() -> wrap.apply(openSqlite(url, dialect, false)), description,
                    SqliteCheckpointer.Policy.DEFAULTS);
            BatchWriter batchWriter = new BatchWriter(writer, () -> wrap.apply(openSqlite(url, dialect, true)),
                    dialect, description, checkpointer::committed);
            ReadAccess reads = new PooledReadAccess(options.readConnections(),
                    () -> wrap.apply(openSqlite(url, dialect, false)));
            MaintenanceWriter maintenance = MaintenanceWriter.ownConnection(
                    () -> wrap.apply(openMaintenance(url, dialect)), "BEGIN IMMEDIATE");
            JdbcExecutionStore store = new JdbcExecutionStore(
                    "sqlite", description, batchWriter, reads, maintenance, null, options.maxBatchSize(), lock,
                    checkpointer);
            log.info("Opened {} (synchronous {}, schema version {})",
                    description, options.synchronous(), SqliteDialect.SCHEMA_VERSION);
            return store;
        } catch (SQLException e) {
            closeQuietly(checkpointer);
            closeQuietly(writer);
            lock.close();
            throw new StoreException(StoreException.Reason.NOT_A_REPRISE_DATABASE,
                    "Cannot open " + description + ": " + e.getMessage()
                    + ". Check that it is a Reprise SQLite database or set a different store path.", e);
        } catch (RuntimeException e) {
            closeQuietly(checkpointer);
            closeQuietly(writer);
            lock.close();
            throw e;
        }
    }

    /** A SQLite store in memory, with {@link SqliteOptions#defaults()}. */
    public static JdbcExecutionStore sqliteInMemory() {
        return sqliteInMemory(SqliteOptions.defaults());
    }

    /**
     * A SQLite store in memory: nothing survives {@link #close()}, and each store has its own
     * database (two in-memory stores never share data). For tests and {@code store.type: memory}.
     * {@link SqliteOptions#synchronous()} and {@link SqliteOptions#readConnections()} do not apply.
     */
    public static JdbcExecutionStore sqliteInMemory(SqliteOptions options) {
        Objects.requireNonNull(options, "options");
        String description = "SQLite in-memory store";
        SqliteDialect dialect = new SqliteDialect(options, false);
        Connection connection = null;
        try {
            // Every connection to ":memory:" is a database of its own: this store's is private.
            connection = openSqlite("jdbc:sqlite::memory:", dialect, true);
            Schema.migrate(connection, dialect, description);
            // No reopening: closing the connection would drop the database.
            BatchWriter batchWriter = new BatchWriter(connection, null, dialect, description, () -> { });
            ReentrantLock connectionLock = new ReentrantLock();
            return new JdbcExecutionStore("memory", description, batchWriter,
                    new SharedConnectionReadAccess(connection, connectionLock),
                    MaintenanceWriter.sharedConnection(connection, connectionLock), connectionLock,
                    options.maxBatchSize(), null, null);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new StoreException("Cannot create a " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * A PostgreSQL store on {@code dataSource}, in {@code options.schema()} (or the connection's current
     * schema). It takes the schema's advisory lock, then creates or migrates the schema (unless
     * {@link PostgresOptions#migrate()} is off, when it only checks its version). While it is open, it
     * holds connections of {@code dataSource}: one for the writer, one for administrative writes, and up
     * to {@link PostgresOptions#readConnections()} for reads. A connection that breaks is replaced; the
     * transitions written on it when it broke fail with a {@link StoreException} and none is applied.
     *
     * @throws StoreException when the database cannot be reached ({@link StoreException.Reason#UNREACHABLE}),
     *     another engine uses the schema ({@link StoreException.Reason#LOCKED}), or the schema is at another
     *     version than this code writes ({@link StoreException.Reason#NEWER_SCHEMA},
     *     {@link StoreException.Reason#SCHEMA_NOT_MIGRATED})
     */
    public static JdbcExecutionStore postgres(DataSource dataSource, PostgresOptions options) {
        return postgres(dataSource, options, false);
    }

    /**
     * The PostgreSQL store of a cluster node (the engine in cluster mode, {@code Engine.Builder.cluster}): as
     * {@link #postgres}, but it takes the schema's advisory lock shared with the other nodes, so several nodes use
     * the schema together (their shard leases and the fencing of their writes keep them apart) while an engine that
     * runs alone is refused on it, and this node is refused while such an engine uses it. Nodes starting together
     * migrate the schema one after the other.
     *
     * @throws StoreException as {@link #postgres}; {@link StoreException.Reason#LOCKED} when an engine that runs
     *     alone uses the schema
     */
    public static JdbcExecutionStore postgresClusterNode(DataSource dataSource, PostgresOptions options) {
        return postgres(dataSource, options, true);
    }

    private static JdbcExecutionStore postgres(DataSource dataSource, PostgresOptions options, boolean clusterNode) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(options, "options");
        Connection writer = null;
        String where = "PostgreSQL store";
        try {
            try {
                writer = dataSource.getConnection();
                String url = writer.getMetaData().getURL();
                // The driver's URL lists every connection property: the address and database say enough.
                where = "PostgreSQL database " + (url.indexOf('?') < 0 ? url : url.substring(0, url.indexOf('?')));
                writer.setAutoCommit(false);
            } catch (SQLException e) {
                throw new StoreException(StoreException.Reason.UNREACHABLE, "Cannot connect to the " + where
                        + ": " + e.getMessage() + ". Check that the server runs and that the URL, user and"
                        + " password are right", e);
            }
            String schema = options.schema() != null ? options.schema() : currentSchema(writer, where);
            PostgresDialect dialect = new PostgresDialect(schema);
            String description = "PostgreSQL store in schema \"" + schema + "\" of " + where.substring(
                    "PostgreSQL database ".length());
            PostgresLock lock = new PostgresLock(schema, description, clusterNode);
            if (options.migrate()) {
                try (Statement statement = writer.createStatement()) {
                    statement.execute("CREATE SCHEMA IF NOT EXISTS " + dialect.quotedSchema());
                }
                writer.commit();
            }
            setUp(writer, dialect, true);
            lock.acquire(writer);
            if (clusterNode) {
                lock.lockMigration(writer); // until the migration's (or the check's) transaction ends
            }
            if (options.migrate()) {
                Schema.migrate(writer, dialect, description);
            } else {
                Schema.check(writer, dialect, description);
            }
            TransitionWriter batchWriter = new PostgresBatchWriter(writer,
                    () -> setUp(dataSource.getConnection(), dialect, true), lock, description);
            ReadAccess reads = new PooledReadAccess(options.readConnections(), () -> {
                Connection reader = setUp(dataSource.getConnection(), dialect, false);
                reader.setAutoCommit(true);
                return reader;
            });
            MaintenanceWriter maintenance = MaintenanceWriter.ownConnection(() -> {
                Connection connection = setUp(dataSource.getConnection(), dialect, true);
                connection.setAutoCommit(true);
                return connection;
            }, "BEGIN");
            JdbcExecutionStore store = new JdbcExecutionStore("postgres", description, batchWriter, reads,
                    maintenance, null, options.maxBatchSize(), null, null);
            store.postgresSchema = schema;
            log.info("Opened {} (schema version {})", description, PostgresDialect.SCHEMA_VERSION);
            return store;
        } catch (SQLException e) {
            closeQuietly(writer);
            throw new StoreException(StoreException.Reason.UNREACHABLE, "Cannot open the " + where + ": "
                    + e.getMessage() + ". Check the cause, the database user's privileges on the schema, or the"
                    + " reprise.store.postgres settings", e);
        } catch (RuntimeException e) {
            closeQuietly(writer);
            throw e;
        }
    }

    /** The first schema of the connection's search_path that exists. */
    private static String currentSchema(Connection connection, String where) throws SQLException {
        try (Statement statement = connection.createStatement();
                java.sql.ResultSet rs = statement.executeQuery("SELECT current_schema()")) {
            rs.next();
            String schema = rs.getString(1);
            connection.commit();
            if (schema == null) {
                throw new StoreException(StoreException.Reason.UNREACHABLE, "The " + where + " has no current"
                        + " schema (no schema of its search_path exists): set reprise.store.postgres.schema, or"
                        + " create the schema", null);
            }
            return schema;
        }
    }

    /** Runs the dialect's session set-up on a new connection; a writer's is left out of auto-commit mode. */
    private static Connection setUp(Connection connection, SqlDialect dialect, boolean writer) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            for (String sql : dialect.sessionSetup(writer)) {
                statement.execute(sql);
            }
            if (writer) {
                connection.setAutoCommit(false);
            }
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * The absolute path of the database file, its directory created and its symbolic links
     * resolved (two spellings of one file must share one lock).
     */
    private static Path prepareDatabaseFile(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new StoreException(StoreException.Reason.UNUSABLE_PATH,
                    "SQLite store path " + absolute + " is a directory, not a file: set the store "
                    + "path to a file, e.g. " + absolute.resolve("reprise.db"), null);
        }
        Path directory = absolute.getParent();
        try {
            Files.createDirectories(directory);
            directory = directory.toRealPath();
        } catch (IOException e) {
            Path existing = directory;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            String reason = existing != null && !Files.isDirectory(existing)
                    ? existing + " exists and is not a directory. Set a different store path."
                    : StoreFileLock.describe(e) + ". Check the permissions or set a different store path.";
            throw new StoreException(StoreException.Reason.UNUSABLE_PATH,
                    "Cannot create the directory " + directory + " for SQLite store file " + absolute
                    + ": " + reason, e);
        }
        Path databaseFile = directory.resolve(absolute.getFileName());
        if (Files.exists(databaseFile)) {
            try {
                databaseFile = databaseFile.toRealPath();
            } catch (IOException e) {
                throw new StoreException(StoreException.Reason.UNUSABLE_PATH,
                        "Cannot resolve SQLite store file " + databaseFile + ": "
                        + StoreFileLock.describe(e), e);
            }
            if (!Files.isRegularFile(databaseFile)) {
                throw new StoreException(StoreException.Reason.UNUSABLE_PATH,
                        "SQLite store path " + databaseFile + " is not a regular file: "
                        + "set the store path to a file", null);
            }
            if (!Files.isReadable(databaseFile) || !Files.isWritable(databaseFile)) {
                throw new StoreException(StoreException.Reason.UNUSABLE_PATH,
                        "SQLite store file " + databaseFile + " is not readable and writable by "
                        + "this process: fix its permissions or set a different store path", null);
            }
        }
        return databaseFile;
    }

    private static Connection openSqlite(String url, SqlDialect dialect, boolean writer) throws SQLException {
        SqliteNativeLibrary.prepare();
        Properties properties = new Properties();
        // Otherwise the driver runs an extra "SELECT last_insert_rowid()" after every INSERT.
        properties.setProperty(SQLiteConfig.Pragma.JDBC_GET_GENERATED_KEYS.pragmaName, "false");
        return setUp(org.sqlite.JDBC.createConnection(url, properties), dialect, writer);
    }

    /** A writer connection for {@link MaintenanceWriter}: in auto-commit mode, it begins its transactions itself. */
    private static Connection openMaintenance(String url, SqlDialect dialect) throws SQLException {
        Connection connection = openSqlite(url, dialect, true);
        try {
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>An interrupt does not cut the wait short: the transition is written whatever the caller
     * does, so the caller learns its outcome; the interrupt status is kept.
     *
     * @throws StoreException also when the store is closed
     * @throws IllegalArgumentException when the transition changes the workflow type, task queue
     *     or start time of an existing run (they are fixed when the run is inserted)
     */
    @Override
    public void commit(Transition transition) {
        Objects.requireNonNull(transition, "transition");
        committer.commit(transition);
    }

    @Override
    public Optional<ExecutionRow> load(ExecutionKey key) {
        Objects.requireNonNull(key, "key");
        return read("load workflow execution " + key, session -> session.load(key));
    }

    @Override
    public Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(workflowId, "workflowId");
        return read("load the latest run of Workflow Id \"" + workflowId + "\" in namespace \"" + namespace + "\"",
                session -> session.loadLatestRun(namespace, workflowId));
    }

    @Override
    public List<ExecutionRow> loadRunning() {
        return read("load the running workflow executions", ReadSession::loadRunning);
    }

    /** On PostgreSQL only: the running runs of {@code shard}, by the column of schema 7. */
    @Override
    public List<ExecutionRow> loadRunningInShard(int shard) {
        if (!"postgres".equals(kind)) {
            return ExecutionStore.super.loadRunningInShard(shard);
        }
        return read("load the running workflow executions of shard " + shard,
                session -> session.loadRunningInShard(shard));
    }

    /** The PostgreSQL schema holding the store's tables (as resolved when it opened); empty on SQLite. */
    public Optional<String> postgresSchema() {
        return Optional.ofNullable(postgresSchema);
    }

    /** {@code sqlite}, {@code memory} or {@code postgres}, as the store type of the Spring Boot configuration. */
    @Override
    public String kind() {
        return kind;
    }

    @Override
    public List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) {
        Objects.requireNonNull(key, "key");
        return read("read the history of workflow execution " + key + " from event id " + fromEventId,
                session -> session.readHistory(key, fromEventId));
    }

    @Override
    public List<ExecutionSummary> listExecutions(ExecutionListQuery query) {
        Objects.requireNonNull(query, "query");
        return read("list the workflow executions of namespace \"" + query.namespace() + "\"",
                session -> session.listExecutions(filtersQueries ? query : withoutFilter(query)));
    }

    /** {@code true} on PostgreSQL, which compiles the query to SQL; SQLite lists and the caller filters. */
    @Override
    public boolean filtersQueries() {
        return filtersQueries;
    }

    @Override
    public long countExecutions(ExecutionListQuery query) {
        Objects.requireNonNull(query, "query");
        if (!filtersQueries) {
            return ExecutionStore.super.countExecutions(query);
        }
        return read("count the workflow executions of namespace \"" + query.namespace() + "\"",
                session -> session.countExecutions(query));
    }

    @Override
    public List<NamespaceRow> loadNamespaces() {
        return read("load the namespaces", session -> MaintenanceSql.loadNamespaces(session.connection()));
    }

    @Override
    public boolean insertNamespace(NamespaceRow row) {
        Objects.requireNonNull(row, "row");
        return write("register namespace \"" + row.name() + "\"",
                connection -> MaintenanceSql.insertNamespace(connection, row));
    }

    @Override
    public boolean updateNamespace(NamespaceRow row) {
        Objects.requireNonNull(row, "row");
        return write("update namespace \"" + row.name() + "\"",
                connection -> MaintenanceSql.updateNamespace(connection, row));
    }

    @Override
    public OptionalLong earliestCloseTime(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        return read("find the earliest close time in namespace \"" + namespace + "\"",
                session -> MaintenanceSql.earliestCloseTime(session.connection(), namespace));
    }

    @Override
    public OptionalLong earliestCloseTime(String namespace, int[] shards) {
        if (shards == null || !"postgres".equals(kind)) {
            return ExecutionStore.super.earliestCloseTime(namespace, shards);
        }
        return read("find the earliest close time in namespace \"" + namespace + "\" among " + shards.length
                + " shard(s)", session -> MaintenanceSql.earliestCloseTime(session.connection(), namespace, shards));
    }

    @Override
    public List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit,
            int[] shards) {
        if (shards == null || !"postgres".equals(kind)) {
            return ExecutionStore.super.deleteClosedRuns(namespace, closedAtOrBeforeMillis, limit, shards);
        }
        return write("delete the runs of namespace \"" + namespace + "\" closed at or before "
                + closedAtOrBeforeMillis + " in " + shards.length + " shard(s)", connection ->
                        MaintenanceSql.deleteClosedRuns(connection, namespace, closedAtOrBeforeMillis, limit, shards));
    }

    @Override
    public List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit) {
        Objects.requireNonNull(namespace, "namespace");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return write("delete the runs of namespace \"" + namespace + "\" closed at or before "
                + closedAtOrBeforeMillis, connection -> MaintenanceSql.deleteClosedRuns(connection, namespace,
                        closedAtOrBeforeMillis, limit));
    }

    private static ExecutionListQuery withoutFilter(ExecutionListQuery query) {
        return new ExecutionListQuery(query.namespace(), query.status(), query.limit(), query.after());
    }

    private <T> T write(String what, MaintenanceWriter.Work<T> work) {
        try {
            return maintenance.write(work);
        } catch (ReadAccess.ClosedException e) {
            throw new StoreException("Cannot " + what + ": the store is closed (" + description + ")", null);
        } catch (SQLException e) {
            throw new StoreException("Could not " + what + " in " + description + ": " + e.getMessage()
                    + "; nothing was changed", e);
        }
    }

    /** Runs {@code SELECT 1} on a read connection. */
    @Override
    public void ping() {
        read("reach the database", ReadSession::ping);
    }

    private <T> T read(String what, ReadAccess.Read<T> read) {
        try {
            return reads.read(read);
        } catch (ReadAccess.ClosedException e) {
            throw new StoreException("Cannot " + what + ": the store is closed (" + description + ")", null);
        } catch (SQLException e) {
            throw new StoreException("Could not " + what + " from " + description + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops accepting commits (later ones throw {@link StoreException}), writes the commits
     * already queued, closes the connections and releases the file lock. Idempotent.
     */
    @Override
    public void close() {
        closeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            committer.close();
            closeQuietly(checkpointer); // before the writer's connection, which runs the final checkpoint
            reads.close();
            maintenance.close();
            batchWriter.close(); // and the writer connection, after the readers that may share it
            closeQuietly(fileLock);
            log.debug("Closed {}", description);
        } finally {
            closeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    // --- test hooks (package-private) ---

    /** Holds queued commits back until {@link #resumeWriter()}, so a test can build one batch. */
    void pauseWriter() {
        committer.pause();
    }

    void resumeWriter() {
        committer.resume();
    }

    /** Waits until at least {@code count} commits are queued; {@code false} on timeout. */
    boolean awaitQueuedCommits(int count, Duration timeout) throws InterruptedException {
        return committer.awaitQueued(count, timeout);
    }

    /** How many batches (database transactions) the writer has written. */
    long batchesWritten() {
        return committer.batchesWritten();
    }

    /** The checkpointer of a SQLite file store; {@code null} on the others. */
    SqliteCheckpointer checkpointer() {
        return checkpointer;
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.debug("Ignored a failure while closing {}", closeable, e);
            }
        }
    }
}
