package io.reprise.transport.grpc;

import io.reprise.engine.Engine;
import io.reprise.engine.store.JdbcExecutionStore;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Serves an embedded engine on a SQLite file over gRPC, without Spring:
 *
 * <pre>
 * java -cp &lt;reprise-core-engine and its dependencies&gt; io.reprise.transport.grpc.EngineServerMain \
 *     --store /var/lib/reprise/engine.db [--port 7444] [--address 127.0.0.1] [--allow-plaintext]
 * </pre>
 *
 * <p>The store file is created if missing (its directory must exist) and locked while the server runs. The server
 * binds to loopback unless told otherwise; a non-loopback address is refused without {@code --allow-plaintext},
 * since this command serves no TLS. It stops on SIGTERM or Ctrl-C: the server first, then the engine. Wrong
 * arguments print what is wrong and the usage, and exit with status 2.
 */
public final class EngineServerMain {

    static final String USAGE = """
            Usage: EngineServerMain --store <file.db> [--port <port>] [--address <address>] [--allow-plaintext]
              --store <file.db>    the SQLite file of the engine (created if missing; its directory must exist)
              --port <port>        the port to listen on, 0 for any free one (default 7444)
              --address <address>  the address to bind to (default 127.0.0.1: this host only)
              --allow-plaintext    allow a non-loopback address although this command serves no TLS""";

    /** What the command line asks for. */
    record Arguments(Path store, int port, String address, boolean allowPlaintext) {
    }

    /** A command line that cannot be served; the message says what is wrong and how to fix it. */
    static final class BadArguments extends Exception {
        BadArguments(String message) {
            super(message);
        }
    }

    private EngineServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Arguments arguments;
        try {
            arguments = parse(args);
        } catch (BadArguments e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (arguments == null) {
            System.out.println(USAGE);
            return;
        }
        serve(arguments, System.out);
    }

    static void serve(Arguments arguments, PrintStream out) throws InterruptedException {
        Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteFile(arguments.store())).build();
        GrpcEngineServer server;
        try {
            server = GrpcEngineServer.newBuilder(engine).address(arguments.address()).port(arguments.port())
                    .allowPlaintext(arguments.allowPlaintext()).build().start();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            engine.close();
            stopped.countDown();
        }, "reprise-engine-server-stop"));
        out.println("Reprise engine on " + arguments.store() + " serving gRPC on " + arguments.address() + ":"
                + server.port());
        stopped.await();
    }

    /**
     * The arguments of a command line; {@code null} for {@code --help}.
     *
     * @throws BadArguments naming what is wrong and the fix
     */
    static Arguments parse(String[] args) throws BadArguments {
        Path store = null;
        int port = GrpcEngineServer.DEFAULT_PORT;
        String address = GrpcEngineServer.DEFAULT_ADDRESS;
        boolean allowPlaintext = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--allow-plaintext" -> allowPlaintext = true;
                case "--store", "--port", "--address" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new BadArguments(arg + " needs a value, e.g. " + example(arg));
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--store" -> store = Path.of(value);
                        case "--port" -> port = port(value);
                        default -> address = value;
                    }
                }
                default -> throw new BadArguments("Unknown argument \"" + arg + "\"; the arguments are --store,"
                        + " --port, --address and --allow-plaintext");
            }
        }
        if (store == null) {
            throw new BadArguments("--store is required: the SQLite file of the engine, e.g. "
                    + example("--store"));
        }
        Path directory = store.toAbsolutePath().getParent();
        if (directory != null && !Files.isDirectory(directory)) {
            throw new BadArguments("The directory of the store file " + store + " does not exist; create "
                    + directory + " or give a file in an existing directory");
        }
        if (Files.isDirectory(store)) {
            throw new BadArguments("--store " + store + " is a directory; give a file, e.g. " + store.resolve(
                    "reprise.db"));
        }
        if (!allowPlaintext && !isLoopback(address)) {
            throw new BadArguments("--address " + address + " is reachable from other hosts, and this command serves"
                    + " plaintext gRPC (no TLS); bind to 127.0.0.1, or add --allow-plaintext if the network is"
                    + " trusted");
        }
        return new Arguments(store, port, address, allowPlaintext);
    }

    private static int port(String value) throws BadArguments {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadArguments("--port " + value + " is not a port; give 0 to 65535 (0: any free port), e.g. --port "
                + GrpcEngineServer.DEFAULT_PORT);
    }

    private static boolean isLoopback(String address) throws BadArguments {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new BadArguments("--address " + address + " is not an address of this host (" + e.getMessage()
                    + "); give an IP address or host name, e.g. --address 127.0.0.1");
        }
    }

    private static String example(String option) {
        return switch (option) {
            case "--store" -> "--store /var/lib/reprise/engine.db";
            case "--port" -> "--port " + GrpcEngineServer.DEFAULT_PORT;
            default -> "--address 127.0.0.1";
        };
    }
}
