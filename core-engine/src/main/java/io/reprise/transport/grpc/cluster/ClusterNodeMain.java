package io.reprise.transport.grpc.cluster;

import io.reprise.engine.cluster.ClusterSettings;
import io.reprise.engine.store.PostgresOptions;
import io.reprise.transport.grpc.GrpcEngineServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Runs one node of a Reprise cluster without Spring: an engine in cluster mode on a PostgreSQL schema, its internal
 * gRPC server for the other nodes, and a public gRPC endpoint where clients and workers reach the whole cluster.
 *
 * <pre>
 * java -cp reprise-core-engine.jar:... io.reprise.transport.grpc.cluster.ClusterNodeMain \
 *     --pg-url "jdbc:postgresql://db:5432/app?user=reprise" --schema reprise --node-id node-1 \
 *     --port 7444 --internal-port 7445
 * </pre>
 *
 * It prints {@code Reprise cluster node <id> serving on <address>:<port>, internal <host>:<port>} once it serves,
 * and stops (leaving the cluster at once: its shards are released) when its standard input ends with
 * {@code --stop-on-stdin-eof}, or on SIGTERM/SIGINT. Bad arguments exit with status 2 and a message naming the
 * argument and the fix.
 */
public final class ClusterNodeMain {

    static final String USAGE = """
            Usage: ClusterNodeMain --pg-url URL [options]
              --pg-url URL             the PostgreSQL database (JDBC URL, user and password in it), required
              --schema NAME            the schema of the cluster's tables [the connection's current schema]
              --node-id ID             this node's id, unique in the cluster [host name and a random suffix]
              --address ADDRESS        the public endpoint's bind address [127.0.0.1]
              --port PORT              the public endpoint's port, 0 for any free one [7444]
              --allow-plaintext        let the public endpoint bind a non-loopback address without TLS
              --internal-address ADDR  the internal server's bind address [0.0.0.0]
              --internal-port PORT     the internal server's port, 0 for any free one [7445]
              --advertised-host HOST   the host the other nodes reach this one at [this host's address]
              --lease DURATION         shard lease, e.g. 10s [6s]
              --renewal DURATION       lease renewal interval, at most half the lease [2s]
              --shards N               the shard count, fixed when the first node creates the shards [64]
              --application-name NAME  the PostgreSQL application_name of the node's connections [reprise-<node id>]
              --stop-on-stdin-eof      leave the cluster when standard input ends (for a parent process)
            """;

    private ClusterNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (arguments == null) {
            System.out.print(USAGE);
            return;
        }
        run(arguments, System.in, System.out);
    }

    static void run(Arguments a, InputStream stdin, PrintStream out) throws Exception {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(a.pgUrl);
        dataSource.setApplicationName(a.applicationName != null ? a.applicationName
                : "reprise-" + (a.nodeId != null ? a.nodeId : "node"));
        PostgresOptions.Builder postgres = PostgresOptions.builder();
        if (a.schema != null) {
            postgres.schema(a.schema);
        }
        ClusterSettings.Builder settings = ClusterSettings.builder().leaseDuration(a.lease).renewalInterval(a.renewal)
                .shardCount(a.shards);
        if (a.nodeId != null) {
            settings.nodeId(a.nodeId);
        }
        ClusterEngineNode.Builder builder = ClusterEngineNode.newBuilder(dataSource, postgres.build())
                .settings(settings.build())
                .internalAddress(a.internalAddress)
                .internalPort(a.internalPort);
        if (a.advertisedHost != null) {
            builder.advertisedHost(a.advertisedHost);
        }
        ClusterEngineNode node = builder.start();
        GrpcEngineServer server;
        try {
            server = GrpcEngineServer.newBuilder(node.service()).address(a.address).port(a.port)
                    .allowPlaintext(a.allowPlaintext).build().start();
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            server.close();
            node.close();
            stopped.countDown();
        };
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() > 0) {
                stop.run();
            }
        }, "reprise-cluster-node-shutdown"));
        out.printf("Reprise cluster node %s serving on %s:%d, internal %s%n", node.nodeId(), a.address,
                server.port(), node.advertisedAddress());
        out.flush();
        if (a.stopOnStdinEof) {
            try {
                while (stdin.read() >= 0) {
                    // Nothing is read from the parent; its end is the signal.
                }
            } catch (IOException e) {
                // The parent is gone: stop as on the end of input.
            }
            stop.run();
        } else {
            stopped.await();
        }
    }

    /** The parsed command line. */
    static final class Arguments {
        String pgUrl;
        String schema;
        String nodeId;
        String address = "127.0.0.1";
        int port = GrpcEngineServer.DEFAULT_PORT;
        boolean allowPlaintext;
        String internalAddress = "0.0.0.0";
        int internalPort = ClusterEngineNode.DEFAULT_INTERNAL_PORT;
        String advertisedHost;
        String applicationName;
        Duration lease = ClusterSettings.DEFAULT_LEASE_DURATION;
        Duration renewal = ClusterSettings.DEFAULT_RENEWAL_INTERVAL;
        int shards = ClusterSettings.DEFAULT_SHARD_COUNT;
        boolean stopOnStdinEof;

        private static final List<String> FLAGS = List.of("--allow-plaintext", "--stop-on-stdin-eof");

        /** The arguments, or {@code null} when help was asked for. */
        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help") || name.equals("-h")) {
                    return null;
                }
                if (FLAGS.contains(name)) {
                    a.allowPlaintext |= name.equals("--allow-plaintext");
                    a.stopOnStdinEof |= name.equals("--stop-on-stdin-eof");
                    continue;
                }
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException(name + " needs a value, e.g. " + example(name));
                }
                String value = args[++i];
                switch (name) {
                    case "--pg-url" -> a.pgUrl = value;
                    case "--schema" -> a.schema = value;
                    case "--node-id" -> a.nodeId = value;
                    case "--address" -> a.address = value;
                    case "--port" -> a.port = port(name, value);
                    case "--internal-address" -> a.internalAddress = value;
                    case "--internal-port" -> a.internalPort = port(name, value);
                    case "--advertised-host" -> a.advertisedHost = value;
                    case "--application-name" -> a.applicationName = value;
                    case "--lease" -> a.lease = duration(name, value);
                    case "--renewal" -> a.renewal = duration(name, value);
                    case "--shards" -> a.shards = number(name, value);
                    default -> throw new IllegalArgumentException("Unknown argument " + name + "; see --help");
                }
            }
            if (a.pgUrl == null) {
                throw new IllegalArgumentException("--pg-url is required: the cluster's PostgreSQL database, e.g. "
                        + example("--pg-url"));
            }
            return a;
        }

        private static int port(String name, String value) {
            int port = number(name, value);
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " " + value + " is not a port; give 0 to 65535 (0: any"
                        + " free port), e.g. " + example(name));
            }
            return port;
        }

        private static int number(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " " + value + " is not a whole number, e.g. "
                        + example(name));
            }
        }

        /** {@code 15s}, {@code 500ms}, {@code 1m} or ISO-8601 ({@code PT15S}). */
        static Duration duration(String name, String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            try {
                if (v.startsWith("pt")) {
                    return Duration.parse(value.trim());
                }
                if (v.endsWith("ms")) {
                    return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
                }
                if (v.endsWith("s")) {
                    return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
                }
                if (v.endsWith("m")) {
                    return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
                }
            } catch (NumberFormatException | DateTimeParseException e) {
                // Refused below.
            }
            throw new IllegalArgumentException(name + " " + value + " is not a duration; give e.g. "
                    + example(name) + " (units ms, s, m, or ISO-8601 such as PT15S)");
        }

        private static String example(String name) {
            return switch (name) {
                case "--pg-url" -> "--pg-url \"jdbc:postgresql://127.0.0.1:5432/app?user=reprise\"";
                case "--port" -> "--port 7444";
                case "--internal-port" -> "--internal-port 7445";
                case "--lease" -> "--lease 6s";
                case "--renewal" -> "--renewal 2s";
                case "--shards" -> "--shards 64";
                default -> name + " <value>";
            };
        }
    }
}
