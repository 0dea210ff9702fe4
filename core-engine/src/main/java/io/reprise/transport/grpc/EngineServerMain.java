package io.reprise.transport.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials.ClientAuth;
import io.reprise.engine.Engine;
import io.reprise.engine.EngineOptions;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.transport.grpc.security.AccessToken;
import io.reprise.transport.grpc.security.BearerTokenInterceptor;
import io.reprise.transport.grpc.security.TlsCredentials;
import io.reprise.transport.grpc.security.TokensFile;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Serves an embedded engine on a SQLite file over gRPC, without Spring:
 *
 * <pre>
 * java -cp &lt;reprise-core-engine and its dependencies&gt; io.reprise.transport.grpc.EngineServerMain \
 *     --store /var/lib/reprise/engine.db [--port 7444] [--address 127.0.0.1] \
 *     [--tls-cert server.pem --tls-key server.key [--tls-client-ca clients-ca.pem]] [--tokens tokens.properties] \
 *     [--max-payload-size 2097152] [--allow-plaintext]
 * </pre>
 *
 * <p>The store file is created if missing (its directory must exist) and locked while the server runs. The server
 * binds to loopback unless told otherwise; a non-loopback address is refused without TLS ({@code --tls-cert} and
 * {@code --tls-key}) unless {@code --allow-plaintext} says the network is trusted. With {@code --tls-client-ca}
 * every client must present a certificate that CA issued (mTLS); with {@code --tokens} every call needs a bearer
 * token of that file ({@link TokensFile}) holding the call's role in its namespace. It stops on SIGTERM or Ctrl-C:
 * the server first, then the engine. Wrong arguments print what is wrong and the usage, and exit with status 2.
 */
public final class EngineServerMain {

    static final String USAGE = """
            Usage: EngineServerMain --store <file.db> [--port <port>] [--address <address>]
                   [--tls-cert <chain.pem> --tls-key <key.pem> [--tls-client-ca <ca.pem>] [--tls-client-auth <mode>]]
                   [--tokens <file>] [--max-payload-size <bytes>] [--allow-plaintext]
              --store <file.db>           the SQLite file of the engine (created if missing; its directory must exist)
              --port <port>               the port to listen on, 0 for any free one (default 7444)
              --address <address>         the address to bind to (default 127.0.0.1: this host only)
              --tls-cert <chain.pem>      serve TLS with this PEM certificate chain (the server's certificate first)
              --tls-key <key.pem>         the private key of --tls-cert (PEM, unencrypted PKCS#8)
              --tls-client-ca <ca.pem>    mTLS: the PEM certificates of the CAs that issue the clients' certificates
              --tls-client-auth <mode>    require (default with --tls-client-ca), optional or none
              --tokens <file>             accept only calls with a bearer token of this file, holding the call's role
                                          (lines <name>.token-sha256 = <hex> and <name>.roles.<role> = <namespaces>)
              --max-payload-size <bytes>  the largest payload the engine takes, e.g. 4MiB (default 2MiB)
              --allow-plaintext           allow a non-loopback address without TLS (a trusted network)""";

    private static final List<String> VALUED = List.of("--store", "--port", "--address", "--tls-cert", "--tls-key",
            "--tls-client-ca", "--tls-client-auth", "--tokens", "--max-payload-size");

    /**
     * What the command line asks for.
     *
     * @param tls the server's TLS; {@code null}: plaintext
     * @param tokens the tokens file; {@code null}: every call is accepted
     */
    record Arguments(Path store, int port, String address, boolean allowPlaintext, Tls tls, Path tokens,
            int maxPayloadSize) {

        /** The defaults with a store, port, address and the plaintext switch. */
        Arguments(Path store, int port, String address, boolean allowPlaintext) {
            this(store, port, address, allowPlaintext, null, null, EngineOptions.DEFAULT_MAX_PAYLOAD_SIZE);
        }
    }

    /**
     * The server's TLS.
     *
     * @param clientCa the CAs of the clients' certificates; {@code null} without mTLS
     */
    record Tls(Path certificateChain, Path privateKey, Path clientCa, ClientAuth clientAuth) {
    }

    /** A command line that cannot be served; the message says what is wrong and how to fix it. */
    static final class BadArguments extends Exception {
        BadArguments(String message) {
            super(message);
        }
    }

    /** What the files of the command line hold, read and checked. */
    record Security(ServerCredentials credentials, List<AccessToken> tokens) {
    }

    private EngineServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Arguments arguments;
        Security security;
        try {
            arguments = parse(args);
            security = arguments == null ? null : security(arguments);
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
        serve(arguments, security, System.out);
    }

    static void serve(Arguments arguments, Security security, PrintStream out) throws InterruptedException {
        Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteFile(arguments.store()))
                .options(EngineOptions.newBuilder().setMaxPayloadSize(arguments.maxPayloadSize()).build()).build();
        GrpcEngineServer server;
        try {
            GrpcEngineServer.Builder builder = GrpcEngineServer.newBuilder(engine).address(arguments.address())
                    .port(arguments.port()).credentials(security.credentials())
                    .allowPlaintext(arguments.allowPlaintext())
                    .maxInboundMessageSize(maxInboundMessageSize(arguments.maxPayloadSize()));
            if (!security.tokens().isEmpty()) {
                builder.interceptor(new BearerTokenInterceptor(security.tokens()));
            }
            server = builder.build().start();
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
        if (arguments.tls() != null || !security.tokens().isEmpty()) {
            out.println("Security: " + (arguments.tls() == null ? "plaintext" : "TLS, client certificates "
                    + arguments.tls().clientAuth().name().toLowerCase(Locale.ROOT)) + ", "
                    + (security.tokens().isEmpty() ? "no bearer tokens" : "bearer tokens " + security.tokens().stream()
                            .map(AccessToken::name).toList()));
        }
        out.println("Reprise engine on " + arguments.store() + " serving gRPC on " + arguments.address() + ":"
                + server.port());
        stopped.await();
    }

    /** The largest request the server reads: room for a request carrying a payload at the engine's limit. */
    static int maxInboundMessageSize(int maxPayloadSize) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(GrpcEngineServer.DEFAULT_MAX_INBOUND_MESSAGE_SIZE,
                (long) maxPayloadSize + 1024 * 1024));
    }

    /**
     * The arguments of a command line; {@code null} for {@code --help}. The files it names are checked by
     * {@link #security}.
     *
     * @throws BadArguments naming what is wrong and the fix
     */
    static Arguments parse(String[] args) throws BadArguments {
        Path store = null;
        int port = GrpcEngineServer.DEFAULT_PORT;
        String address = GrpcEngineServer.DEFAULT_ADDRESS;
        boolean allowPlaintext = false;
        Path certificateChain = null;
        Path privateKey = null;
        Path clientCa = null;
        ClientAuth clientAuth = null;
        Path tokens = null;
        int maxPayloadSize = EngineOptions.DEFAULT_MAX_PAYLOAD_SIZE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--help") || arg.equals("-h")) {
                return null;
            }
            if (arg.equals("--allow-plaintext")) {
                allowPlaintext = true;
                continue;
            }
            if (!VALUED.contains(arg)) {
                throw new BadArguments("Unknown argument \"" + arg + "\"; the arguments are "
                        + String.join(", ", VALUED) + " and --allow-plaintext");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new BadArguments(arg + " needs a value, e.g. " + example(arg));
            }
            String value = args[++i];
            switch (arg) {
                case "--store" -> store = Path.of(value);
                case "--port" -> port = port(value);
                case "--address" -> address = value;
                case "--tls-cert" -> certificateChain = Path.of(value);
                case "--tls-key" -> privateKey = Path.of(value);
                case "--tls-client-ca" -> clientCa = Path.of(value);
                case "--tls-client-auth" -> clientAuth = clientAuth(value);
                case "--tokens" -> tokens = Path.of(value);
                default -> maxPayloadSize = bytes(arg, value);
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
        Tls tls = tls(certificateChain, privateKey, clientCa, clientAuth);
        if (tls == null && !allowPlaintext && !isLoopback(address)) {
            throw new BadArguments("--address " + address + " is reachable from other hosts, and without TLS this"
                    + " command serves plaintext gRPC; give --tls-cert and --tls-key, bind to 127.0.0.1, or add"
                    + " --allow-plaintext if the network is trusted");
        }
        return new Arguments(store, port, address, allowPlaintext, tls, tokens, maxPayloadSize);
    }

    private static Tls tls(Path certificateChain, Path privateKey, Path clientCa, ClientAuth clientAuth)
            throws BadArguments {
        if (certificateChain == null && privateKey == null) {
            if (clientCa != null || clientAuth != null) {
                throw new BadArguments((clientCa != null ? "--tls-client-ca" : "--tls-client-auth") + " needs TLS:"
                        + " give the server's certificate with --tls-cert and its key with --tls-key");
            }
            return null;
        }
        if (certificateChain == null || privateKey == null) {
            throw new BadArguments(certificateChain == null
                    ? "--tls-key needs --tls-cert: give the server's PEM certificate chain too, e.g. --tls-cert"
                            + " /etc/reprise/server.pem"
                    : "--tls-cert needs --tls-key: give the certificate's PEM private key too, e.g. --tls-key"
                            + " /etc/reprise/server.key");
        }
        if (clientAuth == null) {
            clientAuth = clientCa == null ? ClientAuth.NONE : ClientAuth.REQUIRE;
        }
        if (clientAuth != ClientAuth.NONE && clientCa == null) {
            throw new BadArguments("--tls-client-auth " + clientAuth.name().toLowerCase(Locale.ROOT) + " needs"
                    + " --tls-client-ca: the PEM certificates of the CAs that issue the clients' certificates");
        }
        return new Tls(certificateChain, privateKey, clientAuth == ClientAuth.NONE ? null : clientCa, clientAuth);
    }

    /**
     * Reads the PEM and tokens files of {@code arguments}.
     *
     * @throws BadArguments naming the flag whose file cannot be used, and why
     */
    static Security security(Arguments arguments) throws BadArguments {
        ServerCredentials credentials = InsecureServerCredentials.create();
        Tls tls = arguments.tls();
        if (tls != null) {
            try {
                credentials = TlsCredentials.serverFromPem(tls.certificateChain(), tls.privateKey(), tls.clientCa(),
                        tls.clientAuth());
            } catch (IllegalArgumentException e) {
                throw new BadArguments("--tls-cert " + tls.certificateChain() + " --tls-key " + tls.privateKey()
                        + (tls.clientCa() == null ? "" : " --tls-client-ca " + tls.clientCa()) + " cannot be"
                        + " served: " + e.getMessage());
            }
        }
        List<AccessToken> tokens = List.of();
        if (arguments.tokens() != null) {
            try {
                tokens = TokensFile.read(arguments.tokens());
            } catch (IllegalArgumentException e) {
                throw new BadArguments("--tokens " + arguments.tokens() + ": " + e.getMessage());
            }
        }
        return new Security(credentials, tokens);
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

    private static ClientAuth clientAuth(String value) throws BadArguments {
        try {
            return ClientAuth.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadArguments("--tls-client-auth " + value + " is not a mode; give require (every client"
                    + " presents a certificate), optional or none");
        }
    }

    /** A size in bytes: a number, optionally followed by KiB or MiB. */
    private static int bytes(String option, String value) throws BadArguments {
        String digits = value.strip();
        long unit = 1;
        if (digits.endsWith("MiB")) {
            unit = 1024 * 1024;
        } else if (digits.endsWith("KiB")) {
            unit = 1024;
        }
        if (unit > 1) {
            digits = digits.substring(0, digits.length() - 3).strip();
        }
        try {
            long size = Long.parseLong(digits) * unit;
            if (size > 0 && size <= Integer.MAX_VALUE - 1024 * 1024) {
                return (int) size;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadArguments(option + " " + value + " is not a size; give a positive number of bytes below 2 GiB,"
                + " optionally with KiB or MiB, e.g. " + example(option));
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
            case "--tls-cert" -> "--tls-cert /etc/reprise/server.pem";
            case "--tls-key" -> "--tls-key /etc/reprise/server.key";
            case "--tls-client-ca" -> "--tls-client-ca /etc/reprise/clients-ca.pem";
            case "--tls-client-auth" -> "--tls-client-auth require";
            case "--tokens" -> "--tokens /etc/reprise/tokens.properties";
            case "--max-payload-size" -> "--max-payload-size 4MiB";
            default -> "--address 127.0.0.1";
        };
    }
}
