package io.reprise.benchmark;

import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.InstrumentedStores;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.engine.store.NamespaceRow;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.engine.store.PostgresTestDatabase;
import io.reprise.engine.store.SqliteOptions;
import io.reprise.engine.store.Transition;
import io.reprise.testing.EngineHistory;
import io.reprise.testing.WorkflowReplayer;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerFactoryOptions;
import io.reprise.worker.WorkerOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Run by hand, never as a test: prints the throughput, latency and replay speed of the embedded
 * engine on a durable store (a SQLite file, or with {@code --store postgres} a fresh schema of a
 * PostgreSQL database, dropped at the end), next to the targets they are held to, with the SQL
 * statements and database commits per workflow. What each figure means, and the figures measured so
 * far, are in {@code docs/benchmarks.md}.
 *
 * <pre>
 * ./mvnw -q -pl core-engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reprise.benchmark.EngineBenchmark \
 *     [-Dexec.args="--store postgres --workflows 20000 --profile /tmp/reprise.jfr"]
 * </pre>
 *
 * {@code --transport grpc} runs the engine in a JVM of its own and the client and worker here over loopback gRPC
 * ({@link RemoteEngine}); {@code --transport both} runs embedded, then gRPC. {@code --store postgres --nodes 1,2,3}
 * runs the throughput and latency sections on clusters of 1, 2 and 3 node JVMs ({@link ClusterEngines}) and, from 2
 * nodes, the takeover after {@code kill -9} of one ({@link ClusterTakeover}).
 *
 * <p>{@code --help} lists the options and their defaults. The worker's defaults are the best of a few
 * tried on 2 cores (more pollers than the worker's default 2; the activity worker adds pollers of
 * its own while polls bring tasks, so that pollers waiting for the commit of a queued attempt's
 * start do not bound throughput), and a workflow cache larger than the number of workflows in
 * flight: with the default cache of 600, most workflow tasks of the throughput run miss it and fetch
 * and replay the whole history.
 */
public final class EngineBenchmark {

    static final String QUEUE = "benchmark";

    static final ActivityOptions ACTIVITY_OPTIONS = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30)).build();

    static final double TARGET_REPLAYED_EVENTS_PER_SECOND = 200_000;

    /** With {@code --nodes}: how long the idle cluster's statements are counted. */
    static final long IDLE_MILLIS = 5_000;

    /** The store under test, with the throughput and latency it is held to. */
    enum StoreType {
        SQLITE(2_000, 2),
        /** On the same machine as the engine (issue 15's targets). */
        POSTGRES(1_000, 5);

        final double targetWorkflowsPerSecond;
        final double targetP50Millis;

        StoreType(double targetWorkflowsPerSecond, double targetP50Millis) {
            this.targetWorkflowsPerSecond = targetWorkflowsPerSecond;
            this.targetP50Millis = targetP50Millis;
        }
    }

    @ActivityInterface
    public interface Steps {
        String step(String in);
    }

    public static final class StepsImpl implements Steps {
        @Override
        public String step(String in) {
            return in + "+";
        }
    }

    /** The workflow measured for throughput and latency: three sequential activities. */
    @WorkflowInterface
    public interface ThreeSteps {
        @WorkflowMethod
        String run(String in);
    }

    public static final class ThreeStepsImpl implements ThreeSteps {
        @Override
        public String run(String in) {
            Steps steps = Workflow.newActivityStub(Steps.class, ACTIVITY_OPTIONS);
            return steps.step(steps.step(steps.step(in)));
        }
    }

    /** The workflow whose history is replayed: {@code count} sequential activities. */
    @WorkflowInterface
    public interface ManySteps {
        @WorkflowMethod
        String run(int count);
    }

    public static final class ManyStepsImpl implements ManySteps {
        @Override
        public String run(int count) {
            Steps steps = Workflow.newActivityStub(Steps.class, ACTIVITY_OPTIONS);
            String value = "";
            for (int i = 0; i < count; i++) {
                value = steps.step("x").substring(0, 1) + i;
            }
            return value;
        }
    }

    /** Command-line options, each with the default used when it is not given. */
    record Settings(int workflows, int warmupWorkflows, int clientThreads, int latencyWorkflows,
            int latencyWarmup, int replayActivities, int replayIterations, int replayWarmup,
            int workflowPollers, int activityPollers, int workflowSlots, int activitySlots, int cacheSize,
            SqliteOptions.Synchronous synchronous, StoreType store, String pgUrl, Path profile,
            Set<String> sections, List<Transport> transports, List<StoreType> stores, List<Integer> nodes,
            Duration lease, boolean workersOnEveryNode) {

        /** These settings for one of {@link #stores()}: {@link #store()} is the store the engine runs on. */
        Settings on(StoreType other) {
            return new Settings(workflows, warmupWorkflows, clientThreads, latencyWorkflows, latencyWarmup,
                    replayActivities, replayIterations, replayWarmup, workflowPollers, activityPollers, workflowSlots,
                    activitySlots, cacheSize, synchronous, other, pgUrl, profile, sections, transports, stores, nodes,
                    lease, workersOnEveryNode);
        }

        static final List<String> SECTIONS = List.of("throughput", "latency", "replay", "everyday", "long",
                "startup", "open");

        static final String USAGE = """
                Options (defaults in brackets):
                  --workflows N          workflows measured for throughput [10000]
                  --warmup N             workflows run before the throughput measurement [10000]
                  --clients N            client threads starting workflows [4]
                  --latency N            workflows run one at a time for latency [2000]
                  --latency-warmup N     workflows run one at a time before that [500]
                  --replay-activities N  activities of the replayed workflow [1000]
                  --replay-iterations N  measured replays [100]
                  --replay-warmup N      replays before those [50]
                  --wf-pollers N         workflow task pollers of the worker [8]
                  --act-pollers N        activity task pollers of the worker [8]
                  --wf-slots N           concurrent workflow tasks of the worker [200]
                  --act-slots N          concurrent activities of the worker [200]
                  --cache N              workflow cache size of the worker factory [20000]
                  --store STORES         sqlite (a file in a temporary directory), postgres, or both as
                                         sqlite,postgres, one after the other [sqlite]
                  --pg-url URL           with --store postgres: the database, in which a fresh schema is
                                         created and dropped at the end [the tests' database:
                                         test.postgres.url, REPRISE_TEST_POSTGRES_URL, or
                                         jdbc:postgresql://127.0.0.1:5432/test?user=postgres]
                  --synchronous MODE     SQLite: NORMAL or FULL [NORMAL, the store's default]
                  --profile FILE         record the throughput run with JFR to FILE and print its hot spots
                                         (with grpc, the engine's JVM too, to FILE-engine-server.jfr;
                                         everyday, long: their measured runs to FILE-everyday.jfr, -long.jfr)
                  --only SECTIONS        comma-separated among throughput, latency, replay [those three], and
                                         issue 14's everyday, long, startup, open (default worker options,
                                         embedded; see UserWorkloads; the options above do not apply to them)
                  --transport T          embedded (the engine in this JVM), grpc (the engine in a JVM of its
                                         own, the client and worker here over loopback gRPC), or both, one
                                         after the other [embedded]
                  --nodes N[,M,...]      with --store postgres only: for each count, that many cluster nodes
                                         (each a JVM of its own) on a fresh schema, client on node 1, worker
                                         on node 2; throughput and latency, SQL per workflow over all nodes,
                                         and with 2 or more the takeover after kill -9 of the last node
                                         (--transport does not apply) [off]
                  --lease DURATION       with --nodes: the nodes' shard lease, e.g. 3s (renewal a third of
                                         it) [the ClusterSettings defaults, lease 6s, renewal 2s]
                  --workers one|every    with --nodes: one worker, on node 2 (node 1 when alone), or one on
                                         every node, each with the worker options above [one]
                """;

        /** The settings given, or {@code null} when help was asked for. */
        static Settings parse(String[] args) {
            Map<String, String> given = new HashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    return null;
                }
                if (!name.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("Expected \"--option value\" pairs, got \"" + name
                            + "\"\n" + USAGE);
                }
                given.put(name.substring(2), args[++i]);
            }
            Settings s = new Settings(
                    number(given, "workflows", 10_000), number(given, "warmup", 10_000),
                    number(given, "clients", 4), number(given, "latency", 2_000),
                    number(given, "latency-warmup", 500), number(given, "replay-activities", 1_000),
                    number(given, "replay-iterations", 100), number(given, "replay-warmup", 50),
                    number(given, "wf-pollers", 8), number(given, "act-pollers", 8),
                    number(given, "wf-slots", 200), number(given, "act-slots", 200),
                    number(given, "cache", 20_000),
                    SqliteOptions.Synchronous.valueOf(
                            given.getOrDefault("synchronous", SqliteOptions.DEFAULT_SYNCHRONOUS.name())),
                    null,
                    Optional.ofNullable(given.remove("pg-url")).orElseGet(PostgresTestDatabase::url),
                    Optional.ofNullable(given.remove("profile")).map(Path::of).orElse(null),
                    Set.of(given.getOrDefault("only", "throughput,latency,replay").split(",")),
                    Transport.parse(given.getOrDefault("transport", "embedded")),
                    stores(given.getOrDefault("store", "sqlite")),
                    nodeCounts(given.remove("nodes")),
                    Optional.ofNullable(given.remove("lease")).map(Settings::lease).orElse(null),
                    workers(given.remove("workers")));
            given.remove("only");
            given.remove("transport");
            given.remove("store");
            given.remove("synchronous");
            if (!SECTIONS.containsAll(s.sections())) {
                throw new IllegalArgumentException("--only expects some of " + SECTIONS + ", got " + s.sections());
            }
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("Unknown options " + given.keySet() + "\n" + USAGE);
            }
            if (!s.nodes().isEmpty() && !s.stores().equals(List.of(StoreType.POSTGRES))) {
                throw new IllegalArgumentException("--nodes runs cluster nodes on PostgreSQL only; add --store"
                        + " postgres (got --store " + s.stores().stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                        .toList() + ")");
            }
            if (s.workersOnEveryNode() && s.nodes().isEmpty()) {
                throw new IllegalArgumentException("--workers places the workers on cluster nodes; add --nodes, e.g."
                        + " --store postgres --nodes 1,2,3 --workers every");
            }
            if (s.lease() != null && s.nodes().isEmpty()) {
                throw new IllegalArgumentException("--lease sets the lease of cluster nodes; add --nodes, e.g."
                        + " --store postgres --nodes 2 --lease 3s");
            }
            return s.on(s.stores().get(0));
        }

        /** {@code --nodes 1,2,3}: the node counts to run, each at least 1; none without the option. */
        private static List<Integer> nodeCounts(String value) {
            if (value == null) {
                return List.of();
            }
            List<Integer> counts = new ArrayList<>();
            for (String part : value.split(",")) {
                int n;
                try {
                    n = Integer.parseInt(part.trim());
                } catch (NumberFormatException e) {
                    n = 0;
                }
                if (n < 1) {
                    throw new IllegalArgumentException("--nodes expects node counts of at least 1, comma-separated,"
                            + " e.g. --nodes 1,2,3; got \"" + value + "\"");
                }
                counts.add(n);
            }
            return List.copyOf(counts);
        }

        /** {@code --workers one|every}: whether every node has a worker, or node 2 only. */
        private static boolean workers(String value) {
            if (value == null || value.equals("one")) {
                return false;
            }
            if (value.equals("every")) {
                return true;
            }
            throw new IllegalArgumentException("--workers expects one (a worker on node 2) or every (a worker on"
                    + " every node); got \"" + value + "\"");
        }

        /** {@code 3s}, {@code 1500ms} or ISO-8601 ({@code PT3S}). */
        private static Duration lease(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                Duration d = v.startsWith("pt") ? Duration.parse(value.trim())
                        : v.endsWith("ms") ? Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)))
                        : v.endsWith("s") ? Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)))
                        : null;
                if (d != null && d.toMillis() >= 300) {
                    return d;
                }
            } catch (RuntimeException e) {
                // refused below
            }
            throw new IllegalArgumentException("--lease expects a duration of at least 300ms such as 3s, 1500ms or"
                    + " PT3S; got \"" + value + "\"");
        }

        private static List<StoreType> stores(String names) {
            return Arrays.stream(names.split(",")).map(String::trim).map(Settings::store).distinct().toList();
        }

        private static StoreType store(String name) {
            return switch (name) {
                case "sqlite" -> StoreType.SQLITE;
                case "postgres" -> StoreType.POSTGRES;
                default -> throw new IllegalArgumentException("--store expects sqlite or postgres, got \"" + name
                        + "\"");
            };
        }

        private static int number(Map<String, String> given, String name, int fallback) {
            String value = given.remove(name);
            try {
                return value == null ? fallback : Integer.parseInt(value.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " expects a whole number, got \"" + value + "\"");
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long began = System.nanoTime();
        Settings settings = Settings.parse(args);
        if (settings == null) {
            System.out.print(Settings.USAGE);
            return;
        }
        printMachine();
        UserWorkloads.run(settings.sections(), settings.profile());
        if (Collections.disjoint(settings.sections(), List.of("throughput", "latency", "replay"))) {
            return;
        }
        WorkerOptions workerOptions = WorkerOptions.newBuilder()
                .setWorkflowTaskPollers(settings.workflowPollers())
                .setActivityTaskPollers(settings.activityPollers())
                .setMaxConcurrentWorkflowTaskExecutions(settings.workflowSlots())
                .setMaxConcurrentActivityExecutions(settings.activitySlots())
                .build();
        System.out.printf("Worker: %d workflow task pollers, %d activity task pollers, %d workflow task slots,"
                        + " %d activity slots, workflow cache %d; %d client threads%n%n",
                settings.workflowPollers(), settings.activityPollers(), settings.workflowSlots(),
                settings.activitySlots(), settings.cacheSize(), settings.clientThreads());

        if (!settings.nodes().isEmpty()) {
            runClusters(settings, workerOptions);
            System.out.printf("Whole run: %.0f s%n", (System.nanoTime() - began) / 1e9);
            return;
        }
        for (StoreType store : settings.stores()) {
            for (Transport transport : settings.transports()) {
                System.out.printf("== Store: %s, transport: %s%n", store.name().toLowerCase(Locale.ROOT),
                        transport.name().toLowerCase(Locale.ROOT));
                run(transport, settings.on(store), workerOptions);
            }
        }
        System.out.printf("Whole run: %.0f s%n", (System.nanoTime() - began) / 1e9);
    }

    /** Runs the sections of {@code settings} on an engine of its own, reached over {@code transport}. */
    private static void run(Transport transport, Settings settings, WorkerOptions workerOptions) throws Exception {
        try (EngineUnderTest store = EngineUnderTest.start(transport, settings)) {
            WorkflowClient client = WorkflowClient.newInstance(store.service());
            WorkerFactory factory = WorkerFactory.newInstance(client,
                    WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(settings.cacheSize()).build());
            Worker worker = factory.newWorker(QUEUE, workerOptions);
            worker.registerWorkflowImplementationTypes(ThreeStepsImpl.class, ManyStepsImpl.class);
            worker.registerActivitiesImplementations(new StepsImpl());
            factory.start();
            try {
                if (settings.sections().contains("throughput")) {
                    throughput(client, store, settings);
                }
                if (settings.sections().contains("latency")) {
                    latency(client, store, settings);
                }
                if (settings.sections().contains("replay")) {
                    replay(client, settings);
                }
            } finally {
                factory.shutdownNow();
            }
        }
    }

    /**
     * {@code --nodes}: for each node count, a cluster of that many node JVMs on a fresh schema, the sections on it,
     * and with 2 nodes or more the takeover after {@code kill -9}; then a table of the figures by node count.
     */
    private static void runClusters(Settings settings, WorkerOptions workerOptions) throws Exception {
        List<String> rows = new ArrayList<>();
        for (int n : settings.nodes()) {
            System.out.printf("== Store: postgres, %d cluster node%s%n", n, n == 1 ? "" : "s");
            CpuUse before = CpuUse.start();
            Thread.sleep(1000);
            before.stop();
            System.out.printf("before: load average %.2f, machine %.0f%% busy%n",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), before.machinePercent());
            try (ClusterEngines cluster = ClusterEngines.start(settings.on(StoreType.POSTGRES), n)) {
                WorkflowClient client = WorkflowClient.newInstance(cluster.service());
                List<WorkerFactory> factories = new ArrayList<>();
                for (int node : settings.workersOnEveryNode() ? java.util.stream.IntStream.range(0, n).boxed().toList()
                        : List.of(cluster.workerNode())) {
                    WorkerFactory factory = WorkerFactory.newInstance(
                            WorkflowClient.newInstance(cluster.service(node)),
                            WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(settings.cacheSize()).build());
                    Worker worker = factory.newWorker(QUEUE, workerOptions);
                    worker.registerWorkflowImplementationTypes(ThreeStepsImpl.class, ManyStepsImpl.class);
                    worker.registerActivitiesImplementations(new StepsImpl());
                    factory.start();
                    factories.add(factory);
                }
                System.out.printf("workers: %s%n", settings.workersOnEveryNode()
                        ? "one on every node (the options above each)" : "one, on node " + (cluster.workerNode() + 1));
                // What the nodes ask of the database with no workflow running: lease renewals, the directory's
                // reads, timers' and retention's scans. It is a rate, so its share of a workflow's statements
                // depends on how long a workflow takes, not on the workflow.
                cluster.reset();
                Thread.sleep(IDLE_MILLIS);
                double idleStatements = cluster.statementsPerSecond();
                System.out.printf("idle (worker polling, no workflow) for %.0f s: %.1f SQL statements/s and %.1f"
                                + " database commits/s over all %d nodes (%s)%n", IDLE_MILLIS / 1e3, idleStatements,
                        cluster.commitsPerSecond(), n, cluster.kindsPerSecond());
                String throughput = "| - | - | - | - ";
                String latency = "| - | - | - ";
                try {
                    if (settings.sections().contains("throughput")) {
                        CpuUse machine = CpuUse.start();
                        double perSecond = throughput(client, cluster, settings.on(StoreType.POSTGRES));
                        machine.stop();
                        double seconds = cluster.measuredSeconds();
                        throughput = String.format(Locale.ROOT, "| %,.0f | %.1f (%.1f) | %.1f | %.0f%% + %.0f%% ",
                                perSecond, cluster.statementsPerWorkflow(settings.workflows()),
                                cluster.statementsPerWorkflow(settings.workflows())
                                        - idleStatements * seconds / settings.workflows(),
                                cluster.commitsPerWorkflow(settings.workflows()), cluster.nodesCpuPercent(),
                                machine.machinePercent());
                    }
                    if (settings.sections().contains("latency")) {
                        double[] p = latency(client, cluster, settings.on(StoreType.POSTGRES));
                        double seconds = cluster.measuredSeconds();
                        latency = String.format(Locale.ROOT, "| %.2f | %.2f | %.1f (%.1f) ", p[0], p[1],
                                cluster.statementsPerWorkflow(settings.latencyWorkflows()),
                                cluster.statementsPerWorkflow(settings.latencyWorkflows())
                                        - idleStatements * seconds / settings.latencyWorkflows());
                    }
                    if (settings.sections().contains("replay")) {
                        replay(client, settings);
                    }
                } finally {
                    factories.forEach(WorkerFactory::shutdownNow);
                }
                String takeover = n >= 2 ? ClusterTakeover.run(cluster).summary() : "- | -";
                rows.add(String.format(Locale.ROOT, "| %d | %.1f %s%s| %s |", n, idleStatements, throughput, latency,
                        takeover));
            }
        }
        System.out.println("== Cluster summary (idle: SQL statements/s of all nodes with no workflow; throughput:"
                + " workflows/s, SQL statements per workflow over all nodes (in brackets: less the idle rate over the"
                + " run) and database commits per workflow, CPU of all node JVMs as a share of one core + machine busy; latency: p50,"
                + " p99 ms, SQL statements per workflow (less the idle rate); takeover after kill -9 of the last node: all its shards"
                + " owned by the others, s; its workflows waiting on a timer closed, s, the last (and when the client had"
                + " its result))");
        System.out.println("| nodes | idle SQL/s | workflows/s | SQL/wf | commits/wf | CPU nodes + machine | p50 ms | p99 ms | SQL/wf"
                + " (latency) | shards taken over, s | its workflows closed, s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
    }

    /** The store the engine runs on, and what removes it at the end (the engine closes the store itself). */
    record StoreUnderTest(JdbcExecutionStore store, Runnable cleanUp) {

        /** Opens the store of {@code settings} with its connections counted by {@code sql}, and prints what it is. */
        static StoreUnderTest open(Settings settings, StatementCounter sql) throws IOException, SQLException {
            if (settings.store() == StoreType.SQLITE) {
                Path directory = Files.createTempDirectory("reprise-benchmark");
                Path file = directory.resolve("reprise.db");
                SqliteOptions options = SqliteOptions.builder().synchronous(settings.synchronous()).build();
                JdbcExecutionStore store = InstrumentedStores.sqliteFile(file, options, sql::wrap);
                System.out.printf("Store: SQLite file %s, synchronous %s (WAL), group commit up to %d per batch%n",
                        file, options.synchronous(), options.maxBatchSize());
                return new StoreUnderTest(store, () -> deleteQuietly(directory));
            }
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(settings.pgUrl());
            String schema = "reprise_benchmark_" + UUID.randomUUID().toString().substring(0, 8);
            PostgresOptions options = PostgresOptions.builder().schema(schema).build();
            JdbcExecutionStore store;
            try {
                store = JdbcExecutionStore.postgres(sql.wrap(dataSource), options);
            } catch (RuntimeException e) {
                dropSchema(dataSource, schema);
                throw e;
            }
            System.out.printf("Store: %s (created for this run, dropped at the end), group commit up to %d per"
                    + " batch, %d read connections%n", store, options.maxBatchSize(), options.readConnections());
            System.out.printf("Server: %s%n", serverSettings(dataSource));
            return new StoreUnderTest(store, () -> dropSchema(dataSource, schema));
        }

        /** The server's version and the settings that decide what a commit costs (none is changed here). */
        private static String serverSettings(PGSimpleDataSource dataSource) throws SQLException {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT current_setting('server_version'), name, setting,"
                            + " coalesce(unit, '') FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit',"
                            + " 'wal_sync_method', 'full_page_writes', 'commit_delay', 'shared_buffers', 'wal_buffers')"
                            + " ORDER BY name")) {
                StringBuilder text = new StringBuilder();
                while (rs.next()) {
                    if (text.isEmpty()) {
                        text.append("PostgreSQL ").append(rs.getString(1));
                    }
                    String unit = rs.getString(4);
                    text.append(", ").append(rs.getString(2)).append(' ').append(rs.getString(3))
                            .append(unit.equals("8kB") ? " x 8kB" : unit);
                }
                return text.append(" (the store's writer sets synchronous_commit on for its session)").toString();
            }
        }

        private static void dropSchema(PGSimpleDataSource dataSource, String schema) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            } catch (SQLException e) {
                System.err.println("Could not drop schema " + schema + ": " + e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- 1. throughput

    /** Runs the throughput section and returns its workflows/s. */
    private static double throughput(WorkflowClient client, EngineUnderTest store, Settings settings)
            throws Exception {
        System.out.println("== 1. Throughput: workflows of 3 sequential activities, started by "
                + settings.clientThreads() + " client threads at once");
        Run warmup = runConcurrently(client, settings.warmupWorkflows(), settings.clientThreads());
        System.out.printf("warm-up: %,d workflows in %.2f s%n", settings.warmupWorkflows(), warmup.seconds);

        int eventsPerWorkflow = EngineHistory.events(WorkflowStub.fromTyped(warmup.lastStub).fetchHistory()).size();
        StoreType type = settings.store();
        store.reset();
        Recording recording = settings.profile() == null ? null : startRecording();
        store.startProfile(settings.profile());
        CpuUse cpu = CpuUse.start();
        Run run = runConcurrently(client, settings.workflows(), settings.clientThreads());
        cpu.stop();
        if (recording != null) {
            recording.stop();
            recording.dump(settings.profile());
            recording.close();
            store.stopProfile();
        }
        double workflowsPerSecond = settings.workflows() / run.seconds;
        System.out.printf("measured: %,d workflows in %.2f s (first start to last result)%n",
                settings.workflows(), run.seconds);
        System.out.printf("  workflows/s        %,10.0f   target >= %,.0f  %s%n", workflowsPerSecond,
                store.transport().targetWorkflowsPerSecond(type),
                verdict(workflowsPerSecond >= store.transport().targetWorkflowsPerSecond(type)));
        System.out.printf("  activities/s       %,10.0f%n", 3 * workflowsPerSecond);
        if (store.countsStoreCalls()) {
            System.out.printf("  transitions/s      %,10.0f   (%.1f store commits per workflow)%n",
                    store.commits() / run.seconds, store.commits() / (double) settings.workflows());
        } else {
            System.out.printf("  database commits/s %,10.0f   (all nodes; the store's transitions are not counted on a"
                    + " cluster)%n", store.commits() / run.seconds);
        }
        System.out.printf("  history events/s   %,10.0f   (%d events per workflow)%n",
                eventsPerWorkflow * workflowsPerSecond, eventsPerWorkflow);
        if (store.countsStoreCalls()) {
            System.out.printf("  store reads        %.2f row loads and %.2f history reads per workflow%n",
                    store.loads() / (double) settings.workflows(),
                    store.historyReads() / (double) settings.workflows());
        }
        store.printSql(settings.workflows());
        double commitMillis = store.commitNanos() / 1e6 / Math.max(1, store.commits());
        System.out.printf("  commit wait        %.2f ms on average, %.0f commits waiting at a time on average%n",
                commitMillis, store.commitNanos() / 1e9 / run.seconds);
        System.out.printf("  CPU                %.0f%% of %d cores for this process, %.2f ms of CPU per workflow;"
                        + " the machine (all processes) was %.0f%% busy%n", cpu.processPercent(),
                Runtime.getRuntime().availableProcessors(), cpu.processNanos() / 1e6 / settings.workflows(),
                cpu.machinePercent());
        System.out.printf("  CPU by thread, as a share of one core: %s%n", cpu.breakdown());
        store.printProcess(cpu, settings.workflows());
        if (type == StoreType.POSTGRES) {
            System.out.printf("  PostgreSQL server  %.0f%% of one core (all its processes, other clients' too),"
                    + " %.2f ms per workflow%n", 100.0 * cpu.postgresNanos() / cpu.wallNanos(),
                    cpu.postgresNanos() / 1e6 / settings.workflows());
        }
        long commits = Math.max(1, store.commits());
        if (store.countsStoreCalls()) {
            System.out.printf("  commit size        %.0f bytes of run state and %.0f bytes of encoded events on average;"
                        + " %.0f µs of store writer CPU per commit%n", store.stateBytes() / (double) commits,
                    store.eventBytes() / (double) commits, store.writerCpuNanos(cpu) / 1e3 / commits);
        }
        System.out.printf("  I/O                %s%s%n%n", cpu.io(commits, "commit"),
                store.transport() == Transport.GRPC
                ? " (of this process: its gRPC calls; the store's is the engine server's, above)"
                : type == StoreType.POSTGRES ? " (of this process: the bytes sent to and received from the server)"
                : "");
        if (recording != null) {
            printHotSpots(settings.profile());
            store.printProfile();
        }
        return workflowsPerSecond;
    }

    private record Run(double seconds, ThreeSteps lastStub) {
    }

    /**
     * Starts {@code workflows} workflows from {@code threads} client threads, each starting
     * workflows as fast as it can, while one waiter thread per client thread collects the results
     * in the order its client started them (so a result is read soon after the workflow closed).
     */
    private static Run runConcurrently(WorkflowClient client, int workflows, int threads) throws Exception {
        WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build();
        ThreeSteps noMore = in -> null;
        AtomicInteger next = new AtomicInteger();
        List<Thread> all = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        Thread.UncaughtExceptionHandler onFailure = (thread, e) -> failures.add(e);
        AtomicReference<ThreeSteps> last = new AtomicReference<>();
        Thread.Builder clients = Thread.ofPlatform().name("benchmark-client-", 0).uncaughtExceptionHandler(onFailure);
        Thread.Builder waiters = Thread.ofPlatform().name("benchmark-waiter-", 0).uncaughtExceptionHandler(onFailure);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            BlockingQueue<ThreeSteps> started = new LinkedBlockingQueue<>();
            all.add(clients.start(() -> {
                try {
                    while (next.getAndIncrement() < workflows) {
                        ThreeSteps stub = client.newWorkflowStub(ThreeSteps.class, options);
                        WorkflowClient.start(stub::run, "x");
                        started.add(stub);
                    }
                } finally {
                    started.add(noMore);
                    CpuUse.clientThreadEnding();
                }
            }));
            all.add(waiters.start(() -> {
                try {
                    for (ThreeSteps stub = started.take(); stub != noMore; stub = started.take()) {
                        String result = WorkflowStub.fromTyped(stub).getResult(String.class);
                        if (!result.equals("x+++")) {
                            throw new IllegalStateException("Unexpected result " + result);
                        }
                        last.set(stub);
                    }
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    CpuUse.clientThreadEnding();
                }
            }));
        }
        for (Thread thread : all) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!failures.isEmpty()) {
            throw new IllegalStateException("A client thread failed", failures.getFirst());
        }
        return new Run(seconds, last.get());
    }

    /**
     * CPU time used over an interval by the process, by groups of its threads, and by the whole
     * machine (to tell when other processes competed for the cores).
     */
    static final class CpuUse {
        /** CPU time of client threads that ended, which the thread bean no longer reports. */
        static final LongAdder ENDED_CLIENT_THREADS = new LongAdder();

        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long startWall = System.nanoTime();
        private final long startProcess = os.getProcessCpuTime();
        private final long startClients = ENDED_CLIENT_THREADS.sum();
        private final Map<Long, Long> startThreads = threadCpu();
        private final long startCompilation = compilationMillis();
        private final long startGc = gcMillis();
        private final long[] startMachine = machineTicks();
        private final Map<String, Long> startIo = processIo();
        private final long startPostgres = postgresCpuNanos();
        private Map<String, Long> io = Map.of();
        private long wall;
        private long process;
        private long postgres;
        private final Map<String, Long> byGroup = new java.util.LinkedHashMap<>();
        private long compilation;
        private long gc;
        private double machineBusy = Double.NaN;

        static CpuUse start() {
            return new CpuUse();
        }

        /** Called by a client thread as it ends, so that its CPU time is counted. */
        static void clientThreadEnding() {
            ENDED_CLIENT_THREADS.add(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
        }

        void stop() {
            wall = System.nanoTime() - startWall;
            process = os.getProcessCpuTime() - startProcess;
            postgres = postgresCpuNanos() - startPostgres;
            for (String group : List.of("store writer", "virtual-thread carriers", "client threads", "engine timers",
                    "gRPC (Netty) threads", "other Java threads")) {
                byGroup.put(group, 0L);
            }
            threadCpu().forEach((id, cpu) -> {
                java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                if (info != null) {
                    byGroup.merge(group(info.getThreadName()), cpu - startThreads.getOrDefault(id, 0L), Long::sum);
                }
            });
            byGroup.merge("client threads", ENDED_CLIENT_THREADS.sum() - startClients, Long::sum);
            long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
            byGroup.put("JVM (JIT compiler, GC) and the rest", Math.max(0, process - javaThreads));
            compilation = compilationMillis() - startCompilation;
            gc = gcMillis() - startGc;
            Map<String, Long> endIo = processIo();
            io = new HashMap<>();
            endIo.forEach((name, value) -> io.put(name, value - startIo.getOrDefault(name, 0L)));
            long[] machine = machineTicks();
            if (startMachine != null && machine != null && machine[0] > startMachine[0]) {
                machineBusy = 100.0 * (machine[1] - startMachine[1]) / (machine[0] - startMachine[0]);
            }
        }

        private static String group(String threadName) {
            if (threadName.equals("reprise-store-writer")) {
                return "store writer";
            }
            if (threadName.startsWith("ForkJoinPool-1-")) {
                return "virtual-thread carriers"; // pollers, workflow tasks, workflow code, activities
            }
            if (threadName.startsWith("benchmark-")) {
                return "client threads";
            }
            if (threadName.startsWith("reprise-engine-timers")) {
                return "engine timers";
            }
            if (threadName.startsWith("grpc-")) {
                return "gRPC (Netty) threads";
            }
            return "other Java threads";
        }

        private Map<Long, Long> threadCpu() {
            Map<Long, Long> cpu = new HashMap<>();
            for (long id : threads.getAllThreadIds()) {
                long nanos = threads.getThreadCpuTime(id);
                if (nanos >= 0) {
                    cpu.put(id, nanos);
                }
            }
            return cpu;
        }

        private static long compilationMillis() {
            var compilation = ManagementFactory.getCompilationMXBean();
            return compilation != null && compilation.isCompilationTimeMonitoringSupported()
                    ? compilation.getTotalCompilationTime() : 0;
        }

        private static long gcMillis() {
            return ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        }

        /** All and busy CPU ticks of the machine from /proc/stat (Linux), or {@code null}. */
        private static long[] machineTicks() {
            try (Stream<String> lines = Files.lines(Path.of("/proc/stat"))) {
                String cpu = lines.filter(l -> l.startsWith("cpu ")).findFirst().orElse(null);
                if (cpu == null) {
                    return null;
                }
                long[] ticks = Arrays.stream(cpu.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong)
                        .toArray();
                long all = Arrays.stream(ticks).limit(8).sum();
                long idle = ticks[3] + ticks[4]; // idle and iowait
                return new long[] {all, all - idle};
            } catch (IOException | RuntimeException e) {
                return null;
            }
        }

        /**
         * The CPU time of every process of this machine named {@code postgres} (the server and its
         * backends, whoever their client is), from /proc/&lt;pid&gt;/stat at 100 ticks per second; 0 elsewhere.
         */
        private static long postgresCpuNanos() {
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    try {
                        String stat = Files.readString(process.resolve("stat"));
                        int end = stat.lastIndexOf(')');
                        if (!stat.substring(stat.indexOf('(') + 1, end).equals("postgres")) {
                            continue;
                        }
                        String[] fields = stat.substring(end + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    } catch (IOException | RuntimeException gone) {
                        // the process ended meanwhile
                    }
                }
            } catch (IOException | RuntimeException e) {
                return 0;
            }
            return ticks * 10_000_000L;
        }

        /** The process's I/O counters from /proc/self/io (Linux: rchar, wchar, syscr, syscw …), or none. */
        private static Map<String, Long> processIo() {
            Map<String, Long> counters = new HashMap<>();
            try (Stream<String> lines = Files.lines(Path.of("/proc/self/io"))) {
                lines.map(l -> l.split(":\\s*")).filter(kv -> kv.length == 2)
                        .forEach(kv -> counters.put(kv[0], Long.parseLong(kv[1].trim())));
            } catch (IOException | RuntimeException e) {
                counters.clear();
            }
            return counters;
        }

        /** How much the process read and wrote through system calls (all files: the database, its WAL). */
        String io(long per, String unit) {
            if (!io.containsKey("wchar")) {
                return "unknown (no /proc/self/io)";
            }
            return String.format("%.1f KiB written in %.1f writes, %.1f KiB read in %.1f reads per %s",
                    io.get("wchar") / 1024.0 / per, io.get("syscw") / (double) per, io.get("rchar") / 1024.0 / per,
                    io.get("syscr") / (double) per, unit);
        }

        /** The whole machine's busy share over the interval (all processes), or NaN when unknown. */
        double machinePercent() {
            return machineBusy;
        }

        double processPercent() {
            return 100.0 * process / wall / Runtime.getRuntime().availableProcessors();
        }

        long processNanos() {
            return process;
        }

        long wallNanos() {
            return wall;
        }

        long postgresNanos() {
            return postgres;
        }

        long groupNanos(String group) {
            return byGroup.getOrDefault(group, 0L);
        }

        /** For each thread group, its CPU time as a share of one core over the interval. */
        String breakdown() {
            StringBuilder text = new StringBuilder();
            byGroup.forEach((group, nanos) -> text.append(text.isEmpty() ? "" : ", ")
                    .append(String.format("%s %.0f%%", group, 100.0 * nanos / wall)));
            return text + String.format(" (JIT compiling %.1f s, GC pauses %.1f s)", compilation / 1e3, gc / 1e3);
        }
    }

    // ---------------------------------------------------------------- 2. latency

    /** Runs the latency section and returns its p50 and p99 in milliseconds. */
    private static double[] latency(WorkflowClient client, EngineUnderTest store, Settings settings) {
        System.out.println("== 2. Latency: start to result of one workflow of 3 activities at a time");
        WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build();
        for (int i = 0; i < settings.latencyWarmup(); i++) {
            client.newWorkflowStub(ThreeSteps.class, options).run("x");
        }
        long[] nanos = new long[settings.latencyWorkflows()];
        store.reset();
        CpuUse cpu = CpuUse.start();
        for (int i = 0; i < nanos.length; i++) {
            ThreeSteps stub = client.newWorkflowStub(ThreeSteps.class, options);
            long start = System.nanoTime();
            stub.run("x");
            nanos[i] = System.nanoTime() - start;
        }
        cpu.stop();
        Arrays.sort(nanos);
        double p50 = percentile(nanos, 50);
        System.out.printf("%,d workflows after %,d warm-up%n", nanos.length, settings.latencyWarmup());
        double target = store.transport().targetP50Millis(settings.store());
        System.out.printf("  p50 %6.2f ms   target <= %.0f ms  %s%n", p50, target, verdict(p50 <= target));
        System.out.printf("  p90 %6.2f ms%n  p99 %6.2f ms%n  max %6.2f ms%n", percentile(nanos, 90),
                percentile(nanos, 99), nanos[nanos.length - 1] / 1e6);
        store.printSql(nanos.length);
        store.printProcess(cpu, nanos.length);
        System.out.printf("  (the machine, all processes, was %.0f%% busy)%n%n", cpu.machinePercent());
        return new double[] {p50, percentile(nanos, 99)};
    }

    /** The nearest-rank percentile of sorted nanoseconds, in milliseconds. */
    private static double percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e6;
    }

    // ---------------------------------------------------------------- 3. replay

    private static void replay(WorkflowClient client, Settings settings) {
        System.out.println("== 3. Replay: WorkflowReplayer on the history of one workflow of "
                + settings.replayActivities() + " sequential activities");
        ManySteps stub = client.newWorkflowStub(ManySteps.class,
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).build());
        long built = System.nanoTime();
        stub.run(settings.replayActivities());
        double buildSeconds = (System.nanoTime() - built) / 1e9;
        WorkflowHistory history = WorkflowStub.fromTyped(stub).fetchHistory();
        int events = history.events().size();
        System.out.printf("history: %,d events, recorded live in %.2f s%n", events, buildSeconds);

        for (int i = 0; i < settings.replayWarmup(); i++) {
            WorkflowReplayer.replayWorkflowExecution(history, ManyStepsImpl.class);
        }
        long[] nanos = new long[settings.replayIterations()];
        CpuUse cpu = CpuUse.start();
        long start = System.nanoTime();
        for (int i = 0; i < nanos.length; i++) {
            long replayStart = System.nanoTime();
            WorkflowReplayer.replayWorkflowExecution(history, ManyStepsImpl.class);
            nanos[i] = System.nanoTime() - replayStart;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        cpu.stop();
        double eventsPerSecond = (double) events * nanos.length / seconds;
        Arrays.sort(nanos);
        double median = percentile(nanos, 50);
        System.out.printf("%d replays after %d warm-up in %.2f s (%.1f ms each on average, median %.1f ms,"
                        + " fastest %.1f ms)%n", nanos.length, settings.replayWarmup(), seconds,
                seconds * 1000 / nanos.length, median, nanos[0] / 1e6);
        System.out.printf("  events/s replayed  %,10.0f   target >= %,.0f  %s%n", eventsPerSecond,
                TARGET_REPLAYED_EVENTS_PER_SECOND, verdict(eventsPerSecond >= TARGET_REPLAYED_EVENTS_PER_SECOND));
        System.out.printf("  (at the median replay time: %,.0f events/s; the machine, all processes, was %.0f%%"
                + " busy)%n", events / median * 1e3, cpu.machinePercent());
        System.out.printf("  CPU                %.2f ms of CPU per replay (this process, %.0f%% of %d cores)%n%n",
                cpu.processNanos() / 1e6 / nanos.length, cpu.processPercent(),
                Runtime.getRuntime().availableProcessors());
    }

    // ---------------------------------------------------------------- machine, profile, helpers

    private static void printMachine() {
        Runtime runtime = Runtime.getRuntime();
        System.out.println("== Machine");
        System.out.printf("cores %d, max heap %,d MiB, Java %s (%s %s), %s %s %s%n", runtime.availableProcessors(),
                runtime.maxMemory() / (1024 * 1024), System.getProperty("java.version"),
                System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                System.getProperty("os.name"), System.getProperty("os.version"), System.getProperty("os.arch"));
        cpuModel().ifPresent(model -> System.out.println("cpu " + model));
        CpuUse idle = CpuUse.start();
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        idle.stop();
        System.out.printf("before the run: load average %.2f, machine %.0f%% busy%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), idle.machinePercent());
        if (idle.machinePercent() > 20) {
            System.out.println("Warning: other processes are using the CPUs; the figures below will be low");
        }
        System.out.println();
    }

    private static Optional<String> cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String verdict(boolean met) {
        return met ? "(met)" : "(NOT met)";
    }

    /**
     * Samples stacks by CPU time used (JDK 25's experimental {@code jdk.CPUTimeSample}: Java and
     * native code, idle threads never), with execution samples as the fallback on older JDKs.
     */
    static Recording startRecording() {
        Recording recording = new Recording();
        recording.enable("jdk.CPUTimeSample").with("throttle", "2ms");
        recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
        recording.start();
        return recording;
    }

    /**
     * Prints where the sampled CPU time went: per thread; in the store writer, per method on top
     * of the stack; in the other threads, per method on top of the stack (self time) and per
     * innermost Reprise method (the engine or worker code responsible for it). Percentages are
     * of all samples.
     */
    static void printHotSpots(Path profile) throws IOException {
        List<RecordedEvent> events = RecordingFile.readAllEvents(profile);
        String type = events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.CPUTimeSample"))
                ? "jdk.CPUTimeSample" : "jdk.ExecutionSample";
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> writer = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> reprise = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : events) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals(type) || stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = event.getThread(type.equals("jdk.CPUTimeSample") ? "eventThread" : "sampledThread");
            String threadName = thread == null || thread.getJavaName() == null ? "?" : thread.getJavaName();
            threads.merge(threadName.replaceAll("\\[.*]", "[…]").replaceAll("-\\d+$", ""), 1, Integer::sum);
            List<RecordedFrame> frames = stack.getFrames();
            String top = frameName(frames.getFirst());
            if (threadName.equals("reprise-store-writer")) {
                String caller = frames.stream().map(EngineBenchmark::frameName)
                        .filter(name -> name.startsWith("io.reprise.")).findFirst().orElse("?");
                writer.merge(top + " in " + caller, 1, Integer::sum);
                continue;
            }
            self.merge(top, 1, Integer::sum);
            String owner = frames.stream().map(EngineBenchmark::frameName)
                    .filter(name -> name.startsWith("io.reprise.") && !name.startsWith("io.reprise.benchmark."))
                    .findFirst().orElse("(no io.reprise frame)");
            reprise.merge(owner, 1, Integer::sum);
        }
        System.out.printf("== Profile of the measured throughput run (%s): %,d %s events%n", profile, samples, type);
        printTop("threads", threads, samples, 10);
        printTop("store writer thread: method on top of the stack, in the innermost io.reprise method", writer,
                samples, 6);
        printTop("other threads: innermost io.reprise method on the stack", reprise, samples, 20);
        printTop("other threads: method on top of the stack (self time)", self, samples, 12);
        System.out.println();
    }

    private static void printTop(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println("  " + title + ":");
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
                .limit(limit).forEach(e -> System.out.printf("    %5.1f%%  %s%n", 100.0 * e.getValue() / total,
                        e.getKey()));
    }

    private static String frameName(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + directory + ": " + e);
        }
    }

    /** Counts what the engine asks of the store, to report transitions and reads per workflow. */
    static final class CountingStore implements ExecutionStore {
        final JdbcExecutionStore delegate;
        final StatementCounter sql;
        long batchesAtReset;
        final LongAdder commits = new LongAdder();
        final LongAdder commitNanos = new LongAdder();
        final LongAdder stateBytes = new LongAdder();
        final LongAdder eventBytes = new LongAdder();
        final LongAdder loads = new LongAdder();
        final LongAdder historyReads = new LongAdder();

        CountingStore(JdbcExecutionStore delegate, StatementCounter sql) {
            this.delegate = delegate;
            this.sql = sql;
        }

        /** Prints the SQL statements and database commits since {@link #reset()}, per workflow. */
        void printSql(int workflows) {
            long batches = InstrumentedStores.batchesWritten(delegate) - batchesAtReset;
            StringBuilder kinds = new StringBuilder();
            sql.byKind().forEach((kind, count) -> kinds.append(kinds.isEmpty() ? "" : ", ")
                    .append(String.format(Locale.ROOT, "%s %.2f", kind, count / (double) workflows)));
            System.out.printf("  SQL statements     %.2f per workflow (%s)%n", sql.statements() / (double) workflows,
                    kinds);
            System.out.printf("  database commits   %.2f per workflow, %.1f transitions per commit of the writer"
                            + " (%.2f group-commit batches per workflow; %d rollbacks)%n",
                    sql.commits() / (double) workflows, commits.sum() / (double) Math.max(1, batches),
                    batches / (double) workflows, sql.rollbacks());
            System.out.printf("  JDBC calls         %.2f execute calls per workflow (a batch of statements is one call),"
                            + " %.3f ms each; %.2f Connection.commit() calls per workflow, %.3f ms each (waiting for"
                            + " the database included)%n", sql.executeCalls() / (double) workflows,
                    sql.statementNanos() / 1e6 / Math.max(1, sql.executeCalls()),
                    sql.commitCalls() / (double) workflows, sql.commitNanos() / 1e6 / Math.max(1, sql.commitCalls()));
        }

        void reset() {
            sql.reset();
            batchesAtReset = InstrumentedStores.batchesWritten(delegate);
            commits.reset();
            commitNanos.reset();
            stateBytes.reset();
            eventBytes.reset();
            loads.reset();
            historyReads.reset();
        }

        @Override
        public void commit(Transition transition) {
            long start = System.nanoTime();
            delegate.commit(transition);
            commitNanos.add(System.nanoTime() - start);
            commits.increment();
            stateBytes.add(transition.row().state().length);
            eventBytes.add(transition.history() == null ? 0 : transition.history().events().length);
        }

        @Override
        public Optional<ExecutionRow> load(ExecutionKey key) {
            loads.increment();
            return delegate.load(key);
        }

        @Override
        public Optional<ExecutionRow> loadLatestRun(String namespace, String workflowId) {
            loads.increment();
            return delegate.loadLatestRun(namespace, workflowId);
        }

        @Override
        public List<ExecutionRow> loadRunning() {
            return delegate.loadRunning();
        }

        @Override
        public List<HistoryBatch> readHistory(ExecutionKey key, long fromEventId) {
            historyReads.increment();
            return delegate.readHistory(key, fromEventId);
        }

        @Override
        public List<NamespaceRow> loadNamespaces() {
            return delegate.loadNamespaces();
        }

        @Override
        public boolean insertNamespace(NamespaceRow row) {
            return delegate.insertNamespace(row);
        }

        @Override
        public boolean updateNamespace(NamespaceRow row) {
            return delegate.updateNamespace(row);
        }

        @Override
        public OptionalLong earliestCloseTime(String namespace) {
            return delegate.earliestCloseTime(namespace);
        }

        @Override
        public List<ExecutionKey> deleteClosedRuns(String namespace, long closedAtOrBeforeMillis, int limit) {
            return delegate.deleteClosedRuns(namespace, closedAtOrBeforeMillis, limit);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
