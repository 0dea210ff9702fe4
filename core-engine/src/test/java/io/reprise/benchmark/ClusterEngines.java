package io.reprise.benchmark;

import io.reprise.benchmark.EngineBenchmark.CpuUse;
import io.reprise.benchmark.EngineBenchmark.Settings;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.transport.grpc.GrpcEngineService;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * {@code EngineBenchmark --nodes N}: N cluster nodes on one fresh PostgreSQL schema, each a JVM of its own
 * ({@link BenchmarkClusterNode}, started here with the benchmark's class path and heap settings, one after the other),
 * and the benchmark's client on node 1 and its worker on node 2 (node 1 when alone; or one on every node), each over
 * loopback gRPC through a {@link GrpcEngineService} with its defaults. The SQL counts are summed over the nodes; their CPU is read from
 * {@code /proc/<pid>/stat}. The engine of a cluster node builds its own store, so the store's calls (transitions, row
 * loads, history reads, commit sizes) are not counted here, only what goes through the database connections.
 */
final class ClusterEngines implements EngineUnderTest {

    private static final long ANSWER_SECONDS = ChildJvm.ANSWER_SECONDS;

    private final Settings settings;
    private final PGSimpleDataSource dataSource;
    private final String schema;
    private final List<Node> nodes = new ArrayList<>();
    private final List<GrpcEngineService> services = new ArrayList<>();
    private long startWall;
    private long[] startCpu;
    private long[] figures;
    private Map<String, Long> kinds;
    private long cpuNanos;
    private long wallNanos;

    private ClusterEngines(Settings settings, PGSimpleDataSource dataSource, String schema) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** Starts {@code count} nodes on a fresh schema, one after the other, and waits until they own every shard. */
    static ClusterEngines start(Settings settings, int count) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(settings.pgUrl());
        String schema = "reprise_benchmark_" + UUID.randomUUID().toString().substring(0, 8);
        ClusterEngines cluster = new ClusterEngines(settings, dataSource, schema);
        try {
            for (int i = 1; i <= count; i++) {
                cluster.nodes.add(Node.start(settings, schema, "node-" + i));
            }
            for (Node node : cluster.nodes) {
                GrpcEngineService service = GrpcEngineService.newBuilder().target("127.0.0.1:" + node.port).build();
                cluster.services.add(service);
                awaitAnswer(service, node);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
            while (cluster.owners().size() < count || cluster.unowned() > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The " + count + " nodes did not own every shard in "
                            + ANSWER_SECONDS + " s: " + cluster.owners());
                }
                Thread.sleep(50);
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        System.out.printf("Cluster: %d node JVMs (pids %s) on schema %s (created for this run, dropped at the end),"
                        + " %s; shards per node %s; the client here through node 1's public gRPC endpoint%n", count,
                cluster.nodes.stream().map(n -> Long.toString(n.process.pid())).toList(), schema,
                cluster.leaseSettings(), cluster.owners());
        return cluster;
    }

    /** The lease and renewal the nodes use, and where they come from. */
    String leaseSettings() {
        return settings.lease() == null
                ? "lease " + ClusterSettings.DEFAULT_LEASE_DURATION.toSeconds() + " s, renewal "
                        + ClusterSettings.DEFAULT_RENEWAL_INTERVAL.toSeconds() + " s (ClusterSettings defaults), "
                        + ClusterSettings.DEFAULT_SHARD_COUNT + " shards"
                : "lease " + settings.lease().toMillis() / 1000.0 + " s, renewal " + renewal(settings.lease()).toMillis()
                        / 1000.0 + " s (--lease), " + ClusterSettings.DEFAULT_SHARD_COUNT + " shards";
    }

    /** A third of the lease (the defaults are a 6 s lease and a 2 s renewal). */
    static Duration renewal(Duration lease) {
        return lease.dividedBy(3);
    }

    private static void awaitAnswer(GrpcEngineService service, Node node) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(ANSWER_SECONDS);
        while (true) {
            try {
                service.getServerInfo();
                return;
            } catch (EngineException e) {
                if (System.nanoTime() > deadline || !node.process.isAlive()) {
                    throw new IllegalStateException("Cluster node " + node.id + " (pid " + node.process.pid()
                            + ") did not answer in " + ANSWER_SECONDS + " s: " + e.getMessage(), e);
                }
            }
        }
    }

    int size() {
        return nodes.size();
    }

    /** Node {@code index} (from 0) as one engine: its router, the whole cluster. */
    EngineService service(int index) {
        return services.get(index);
    }

    /** Where the benchmark's worker polls: node 2, or node 1 when it is alone. */
    int workerNode() {
        return Math.min(1, nodes.size() - 1);
    }

    String nodeId(int index) {
        return nodes.get(index).id;
    }

    /** Kills node {@code index} with SIGKILL ({@code kill -9}) and waits until it is gone. */
    void kill(int index) throws InterruptedException {
        Process process = nodes.get(index).process;
        process.destroyForcibly(); // SIGKILL on Linux
        if (!process.waitFor(ANSWER_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Cluster node " + nodes.get(index).id + " did not die of SIGKILL");
        }
    }

    /** The owner of each shard whose lease is valid now. */
    Map<Integer, String> shardOwners() throws SQLException {
        Map<Integer, String> owners = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT shard, owner FROM \"" + schema + "\".shard_leases"
                        + " WHERE owner IS NOT NULL AND lease_until > now()")) {
            while (rs.next()) {
                owners.put(rs.getInt(1), rs.getString(2));
            }
        }
        return owners;
    }

    /** Shards per node, by valid lease. */
    Map<String, Integer> owners() throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        shardOwners().values().forEach(owner -> counts.merge(owner, 1, Integer::sum));
        return counts;
    }

    /** Shards without an owner holding a valid lease (all of them before the table exists). */
    int unowned() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FILTER (WHERE owner IS NULL OR lease_until <="
                        + " now()), count(*) FROM \"" + schema + "\".shard_leases")) {
            rs.next();
            return rs.getInt(2) == 0 ? Integer.MAX_VALUE : rs.getInt(1);
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // the table does not exist yet
                return Integer.MAX_VALUE;
            }
            throw e;
        }
    }

    @Override
    public Transport transport() {
        return Transport.GRPC;
    }

    /** The client's engine: node 1. */
    @Override
    public EngineService service() {
        return services.getFirst();
    }

    @Override
    public boolean countsStoreCalls() {
        return false;
    }

    @Override
    public void reset() {
        for (Node node : live()) {
            node.command("reset", "ok");
        }
        figures = null;
        startWall = System.nanoTime();
        startCpu = nodes.stream().mapToLong(Node::cpuNanos).toArray();
    }

    private List<Node> live() {
        return nodes.stream().filter(n -> n.process.isAlive()).toList();
    }

    /** The counts since {@link #reset()}, summed over the nodes, taken at the first question after the interval. */
    private long[] figures() {
        if (figures == null) {
            wallNanos = System.nanoTime() - startWall;
            cpuNanos = 0;
            for (int i = 0; i < nodes.size(); i++) {
                cpuNanos += nodes.get(i).cpuNanos() - startCpu[i];
            }
            figures = new long[7];
            kinds = new TreeMap<>();
            for (Node node : live()) {
                String[] parts = node.command("figures", null).split(" ", 9);
                for (int i = 0; i < figures.length; i++) {
                    figures[i] += Long.parseLong(parts[i + 1]);
                }
                if (parts.length > 8 && !parts[8].isEmpty()) {
                    for (String kind : parts[8].split(",")) {
                        String[] kv = kind.split("=");
                        kinds.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
                    }
                }
            }
        }
        return figures;
    }

    /** SQL statements per workflow over all nodes since {@link #reset()}. */
    double statementsPerWorkflow(int workflows) {
        return figures()[0] / (double) workflows;
    }

    /** The seconds from {@link #reset()} to the first question about the counts. */
    double measuredSeconds() {
        figures();
        return wallNanos / 1e9;
    }

    /** SQL statements per second over all nodes since {@link #reset()}. */
    double statementsPerSecond() {
        return figures()[0] / (wallNanos / 1e9);
    }

    /** The SQL statements per second over all nodes since {@link #reset()}, by first keyword. */
    String kindsPerSecond() {
        figures();
        StringBuilder text = new StringBuilder();
        kinds.forEach((kind, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.1f", kind, count / (wallNanos / 1e9))));
        return text.toString();
    }

    /** Database commits per second over all nodes since {@link #reset()}. */
    double commitsPerSecond() {
        return figures()[1] / (wallNanos / 1e9);
    }

    /** Database commits per workflow over all nodes since {@link #reset()}. */
    double commitsPerWorkflow(int workflows) {
        return figures()[1] / (double) workflows;
    }

    @Override
    public void printSql(int workflows) {
        long[] f = figures();
        StringBuilder text = new StringBuilder();
        kinds.forEach((kind, count) -> text.append(text.isEmpty() ? "" : ", ")
                .append(String.format(Locale.ROOT, "%s %.2f", kind, count / (double) workflows)));
        System.out.printf("  SQL statements     %.2f per workflow, all %d nodes (%s)%n", f[0] / (double) workflows,
                nodes.size(), text);
        System.out.printf("  database commits   %.2f per workflow, all nodes (%d rollbacks)%n",
                f[1] / (double) workflows, f[3]);
        System.out.printf("  JDBC calls         %.2f execute calls per workflow, %.3f ms each; %.2f"
                        + " Connection.commit() calls per workflow, %.3f ms each (waiting for the database included)%n",
                f[2] / (double) workflows, f[6] / 1e6 / Math.max(1, f[2]), f[4] / (double) workflows,
                f[5] / 1e6 / Math.max(1, f[4]));
    }

    @Override
    public long commits() {
        return figures()[1];
    }

    @Override
    public long commitNanos() {
        return figures()[5];
    }

    @Override
    public long stateBytes() {
        return 0;
    }

    @Override
    public long eventBytes() {
        return 0;
    }

    @Override
    public long loads() {
        return 0;
    }

    @Override
    public long historyReads() {
        return 0;
    }

    @Override
    public long writerCpuNanos(CpuUse cpu) {
        return 0;
    }

    /** The CPU of all node processes since {@link #reset()}, as a share of one core. */
    double nodesCpuPercent() {
        figures();
        return 100.0 * cpuNanos / wallNanos;
    }

    @Override
    public void printProcess(CpuUse cpu, int workflows) {
        figures();
        StringBuilder each = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            each.append(each.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f%%", nodes.get(i).id,
                    100.0 * (nodes.get(i).cpuNanos() - startCpu[i]) / wallNanos));
        }
        System.out.printf("  cluster nodes      %.0f%% of one core together (%s; /proc/<pid>/stat), %.2f ms of CPU per"
                        + " workflow; with this process: %.2f ms of CPU per workflow%n", 100.0 * cpuNanos / wallNanos,
                each, cpuNanos / 1e6 / workflows, (cpu.processNanos() + cpuNanos) / 1e6 / workflows);
    }

    @Override
    public void close() throws Exception {
        for (GrpcEngineService service : services) {
            service.close();
        }
        for (Node node : nodes) {
            node.close();
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
        } catch (SQLException e) {
            System.err.println("Could not drop schema " + schema + ": " + e.getMessage());
        }
    }

    /** One node's JVM, driven through its standard input. */
    private static final class Node {
        final String id;
        final ChildJvm child;
        final Process process;
        final int port;

        private Node(String id, ChildJvm.Started started) {
            this.id = id;
            this.child = started.child();
            this.process = child.process();
            this.port = started.port();
        }

        static Node start(Settings settings, String schema, String id) throws IOException {
            List<String> arguments = new ArrayList<>(List.of("--pg-url", settings.pgUrl(), "--schema", schema,
                    "--node-id", id));
            if (settings.lease() != null) {
                arguments.addAll(List.of("--lease", settings.lease().toString(), "--renewal",
                        renewal(settings.lease()).toString()));
            }
            Path log = Path.of(System.getProperty("java.io.tmpdir"), schema + "-" + id + ".log");
            Node node = new Node(id, ChildJvm.start("Cluster node " + id, BenchmarkClusterNode.class, arguments,
                    ProcessBuilder.Redirect.to(log.toFile()), "; its standard error is in " + log, false));
            System.out.printf("Cluster node %s: pid %d, its log (standard error) in %s%n", id, node.process.pid(),
                    log);
            return node;
        }

        String command(String command, String expected) {
            return child.command(command, expected);
        }

        long cpuNanos() {
            return child.cpuNanos();
        }

        void close() {
            child.close(); // the node leaves the cluster when its input ends
        }
    }
}
