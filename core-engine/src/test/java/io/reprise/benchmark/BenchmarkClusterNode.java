package io.reprise.benchmark;

import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.cluster.ClusterEngineNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One node of {@code EngineBenchmark --nodes N}: a {@link ClusterEngineNode} (the engine in cluster mode on the run's
 * PostgreSQL schema, its internal gRPC server on loopback, the router) whose database connections are counted by a
 * {@link StatementCounter}, and a public {@link GrpcEngineServer} with its defaults on the router, on a free loopback
 * port. {@link ClusterEngines} starts one such JVM per node and drives it through its standard input, as
 * {@link RemoteEngine} drives {@link BenchmarkEngineServer}; each answer is a line starting with
 * {@value BenchmarkEngineServer#REPLY}:
 *
 * <ul>
 *   <li>{@code reset}: the SQL counts from now;
 *   <li>{@code figures}: the counts since then: statements, commits, execute calls, rollbacks, {@code commit()}
 *       calls, nanoseconds in {@code commit()}, nanoseconds in execute calls, then the statements by first keyword as
 *       {@code KIND=count,...};
 *   <li>{@code id}: the node's id in {@code shard_leases}.
 * </ul>
 *
 * Arguments: {@code --pg-url URL --schema NAME --node-id ID [--lease DURATION --renewal DURATION]} (without a lease,
 * the {@link ClusterSettings} defaults). It leaves the cluster when its standard input ends.
 */
final class BenchmarkClusterNode {

    private BenchmarkClusterNode() {
    }

    public static void main(String[] args) throws Exception {
        String pgUrl = null;
        String schema = null;
        String nodeId = null;
        Duration lease = null;
        Duration renewal = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--pg-url" -> pgUrl = args[i + 1];
                case "--schema" -> schema = args[i + 1];
                case "--node-id" -> nodeId = args[i + 1];
                case "--lease" -> lease = Duration.parse(args[i + 1]);
                case "--renewal" -> renewal = Duration.parse(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(pgUrl);
        dataSource.setApplicationName("reprise-benchmark-" + nodeId);
        StatementCounter sql = new StatementCounter();
        ClusterSettings.Builder settings = ClusterSettings.builder().nodeId(nodeId);
        if (lease != null) {
            settings.leaseDuration(lease).renewalInterval(renewal);
        }
        try (ClusterEngineNode node = ClusterEngineNode.newBuilder(sql.wrap(dataSource),
                        PostgresOptions.builder().schema(schema).build())
                .settings(settings.build())
                .internalAddress("127.0.0.1")
                .internalPort(0)
                .start()) {
            GrpcEngineServer server = GrpcEngineServer.newBuilder(node.service()).port(0).build().start();
            try {
                reply("port " + server.port());
                serve(node, sql, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            } finally {
                server.close();
            }
        }
    }

    private static void serve(ClusterEngineNode node, StatementCounter sql, BufferedReader commands)
            throws IOException {
        for (String line = commands.readLine(); line != null; line = commands.readLine()) {
            switch (line) {
                case "reset" -> {
                    sql.reset();
                    reply("ok");
                }
                case "figures" -> reply("figures " + sql.statements() + " " + sql.commits() + " "
                        + sql.executeCalls() + " " + sql.rollbacks() + " " + sql.commitCalls() + " "
                        + sql.commitNanos() + " " + sql.statementNanos() + " "
                        + sql.byKind().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                                .collect(Collectors.joining(",")));
                case "id" -> reply("id " + node.nodeId());
                default -> reply("unknown command " + line);
            }
        }
    }

    private static void reply(String answer) {
        System.out.println(BenchmarkEngineServer.REPLY + answer);
        System.out.flush();
    }
}
