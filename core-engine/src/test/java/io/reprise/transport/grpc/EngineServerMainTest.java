package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ChannelCredentials;
import io.grpc.TlsServerCredentials.ClientAuth;
import io.reprise.common.Payload;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.reprise.transport.grpc.security.BearerTokenCredentials;
import io.reprise.transport.grpc.security.TlsCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line of {@link EngineServerMain}, and the server it starts in a JVM of its own. */
class EngineServerMainTest {

    @TempDir
    Path directory;

    @Test
    void theDefaultsAreLoopbackAndPort7444() throws Exception {
        EngineServerMain.Arguments arguments = EngineServerMain.parse(
                new String[] {"--store", directory.resolve("engine.db").toString()});

        assertThat(arguments).isEqualTo(new EngineServerMain.Arguments(directory.resolve("engine.db"), 7444,
                "127.0.0.1", false));
        assertThat(EngineServerMain.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badArgumentsAreRefusedNamingTheFix() {
        String store = directory.resolve("engine.db").toString();

        assertRefused(new String[] {}, "--store is required: the SQLite file of the engine, e.g. --store"
                + " /var/lib/reprise/engine.db");
        assertRefused(new String[] {"--store"}, "--store needs a value, e.g. --store /var/lib/reprise/engine.db");
        assertRefused(new String[] {"--store", store, "--port", "80000"}, "--port 80000 is not a port; give 0 to"
                + " 65535 (0: any free port), e.g. --port 7444");
        assertRefused(new String[] {"--store", store, "--port", "x"}, "--port x is not a port; give 0 to 65535 (0:"
                + " any free port), e.g. --port 7444");
        assertRefused(new String[] {"--store", store, "--verbose"}, "Unknown argument \"--verbose\"; the arguments"
                + " are --store, --port, --address, --tls-cert, --tls-key, --tls-client-ca, --tls-client-auth,"
                + " --tokens, --max-payload-size and --allow-plaintext");
        assertRefused(new String[] {"--store", directory.resolve("missing/engine.db").toString()},
                "The directory of the store file " + directory.resolve("missing/engine.db") + " does not exist;"
                        + " create " + directory.resolve("missing") + " or give a file in an existing directory");
        assertRefused(new String[] {"--store", directory.toString()}, "--store " + directory + " is a directory;"
                + " give a file, e.g. " + directory.resolve("reprise.db"));
        assertRefused(new String[] {"--store", store, "--address", "0.0.0.0"}, "--address 0.0.0.0 is reachable"
                + " from other hosts, and without TLS this command serves plaintext gRPC; give --tls-cert and"
                + " --tls-key, bind to 127.0.0.1, or add --allow-plaintext if the network is trusted");
    }

    @Test
    void badSecurityAndSizeArgumentsAreRefusedNamingTheFlagAndTheFix() {
        String store = directory.resolve("engine.db").toString();
        String cert = tls("server.pem").toString();
        String key = tls("server.key").toString();
        String ca = tls("ca.pem").toString();

        assertRefused(new String[] {"--store", store, "--tls-cert", cert}, "--tls-cert needs --tls-key: give the"
                + " certificate's PEM private key too, e.g. --tls-key /etc/reprise/server.key");
        assertRefused(new String[] {"--store", store, "--tls-key", key}, "--tls-key needs --tls-cert: give the"
                + " server's PEM certificate chain too, e.g. --tls-cert /etc/reprise/server.pem");
        assertRefused(new String[] {"--store", store, "--tls-client-ca", ca}, "--tls-client-ca needs TLS: give the"
                + " server's certificate with --tls-cert and its key with --tls-key");
        assertRefused(new String[] {"--store", store, "--tls-cert", cert, "--tls-key", key, "--tls-client-auth",
                "always"}, "--tls-client-auth always is not a mode; give require (every client presents a"
                + " certificate), optional or none");
        assertRefused(new String[] {"--store", store, "--tls-cert", cert, "--tls-key", key, "--tls-client-auth",
                "optional"}, "--tls-client-auth optional needs --tls-client-ca: the PEM certificates of the CAs that"
                + " issue the clients' certificates");
        assertRefused(new String[] {"--store", store, "--tokens"}, "--tokens needs a value, e.g. --tokens"
                + " /etc/reprise/tokens.properties");
        assertRefused(new String[] {"--store", store, "--max-payload-size", "2GB"}, "--max-payload-size 2GB is not"
                + " a size; give a positive number of bytes below 2 GiB, optionally with KiB or MiB, e.g."
                + " --max-payload-size 4MiB");
        assertRefused(new String[] {"--store", store, "--max-payload-size", "0"}, "--max-payload-size 0 is not"
                + " a size; give a positive number of bytes below 2 GiB, optionally with KiB or MiB, e.g."
                + " --max-payload-size 4MiB");
    }

    @Test
    void filesThatCannotBeUsedAreRefusedBeforeServingNamingTheFlag() throws Exception {
        String store = directory.resolve("engine.db").toString();
        Path cert = tls("server.pem");
        Path tokens = directory.resolve("tokens.properties");

        EngineServerMain.Arguments keyIsACertificate = EngineServerMain.parse(new String[] {"--store", store,
                "--tls-cert", cert.toString(), "--tls-key", cert.toString()});
        assertThatThrownBy(() -> EngineServerMain.security(keyIsACertificate))
                .isInstanceOf(EngineServerMain.BadArguments.class)
                .hasMessage("--tls-cert " + cert + " --tls-key " + cert + " cannot be served: The key file " + cert
                        + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)");

        java.nio.file.Files.writeString(tokens, "web.token = a\n");
        EngineServerMain.Arguments noRole = EngineServerMain.parse(new String[] {"--store", store, "--tokens",
                tokens.toString()});
        assertThatThrownBy(() -> EngineServerMain.security(noRole)).isInstanceOf(EngineServerMain.BadArguments.class)
                .hasMessage("--tokens " + tokens + ": Token \"web\" of the tokens file " + tokens + " has no role;"
                        + " add e.g. web.roles.write = orders (roles: read, write, worker, admin)");
    }

    @Test
    void withTlsEveryInterfaceNeedsNoPlaintextSwitchAndAClientCaRequiresClientCertificates() throws Exception {
        String store = directory.resolve("engine.db").toString();
        String[] tls = {"--store", store, "--address", "0.0.0.0", "--tls-cert", tls("server.pem").toString(),
                "--tls-key", tls("server.key").toString()};

        EngineServerMain.Arguments serverOnly = EngineServerMain.parse(tls);
        EngineServerMain.Arguments mutual = EngineServerMain.parse(concat(tls, "--tls-client-ca",
                tls("ca.pem").toString()));
        EngineServerMain.Arguments optional = EngineServerMain.parse(concat(tls, "--tls-client-ca",
                tls("ca.pem").toString(), "--tls-client-auth", "optional", "--max-payload-size", "4MiB"));

        assertThat(serverOnly.tls()).isEqualTo(new EngineServerMain.Tls(tls("server.pem"), tls("server.key"), null,
                ClientAuth.NONE));
        assertThat(serverOnly.allowPlaintext()).isFalse();
        assertThat(mutual.tls().clientAuth()).isEqualTo(ClientAuth.REQUIRE);
        assertThat(mutual.tls().clientCa()).isEqualTo(tls("ca.pem"));
        assertThat(optional.tls().clientAuth()).isEqualTo(ClientAuth.OPTIONAL);
        assertThat(optional.maxPayloadSize()).isEqualTo(4 * 1024 * 1024);
        assertThat(EngineServerMain.maxInboundMessageSize(optional.maxPayloadSize()))
                .isEqualTo(GrpcEngineServer.DEFAULT_MAX_INBOUND_MESSAGE_SIZE);
        assertThat(EngineServerMain.maxInboundMessageSize(32 * 1024 * 1024)).isEqualTo(33 * 1024 * 1024);
    }

    @Test
    void aServerWithMutualTlsTokensAndAPayloadLimitServesOnlyWhatTheyAllow() throws Exception {
        Path tokens = directory.resolve("tokens.properties");
        java.nio.file.Files.writeString(tokens, """
                web.token-sha256 = %s
                web.roles.write = default
                reader.token = reader-secret
                reader.roles.read = *
                """.formatted(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest("web-secret".getBytes(StandardCharsets.UTF_8)))));
        Process server = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                EngineServerMain.class.getName(), "--store", directory.resolve("engine.db").toString(), "--port", "0",
                "--tls-cert", tls("server.pem").toString(), "--tls-key", tls("server.key").toString(),
                "--tls-client-ca", tls("ca.pem").toString(), "--tokens", tokens.toString(),
                "--max-payload-size", "1KiB").redirectErrorStream(true).start();
        try {
            int port = port(server, "Security: TLS, client certificates require, bearer tokens [reader, web]");
            ChannelCredentials mutual = TlsCredentials.clientFromPem(tls("ca.pem"), tls("client.pem"),
                    tls("client.key"));
            try (GrpcEngineService web = secured(port, mutual, "web-secret");
                    GrpcEngineService reader = secured(port, mutual, "reader-secret");
                    GrpcEngineService anonymous = secured(port, mutual, null);
                    GrpcEngineService noCertificate = secured(port, TlsCredentials.clientFromPem(tls("ca.pem"),
                            null, null), "web-secret");
                    GrpcEngineService plaintext = GrpcEngineService.newBuilder().target("127.0.0.1:" + port)
                            .rpcTimeout(java.time.Duration.ofMinutes(2)).callCredentials(new BearerTokenCredentials("web-secret")).build()) {
                web.startWorkflow(start("small", new byte[16]));

                assertThat(reader.describeWorkflow("default", "small", null).status())
                        .isEqualTo(WorkflowExecutionStatus.RUNNING);
                assertCode(() -> web.startWorkflow(start("big", new byte[2048])),
                        EngineException.Code.INVALID_ARGUMENT);
                assertCode(() -> reader.startWorkflow(start("by-reader", new byte[16])),
                        EngineException.Code.PERMISSION_DENIED);
                assertCode(() -> anonymous.describeWorkflow("default", "small", null),
                        EngineException.Code.UNAUTHENTICATED);
                assertCode(() -> noCertificate.describeWorkflow("default", "small", null),
                        EngineException.Code.UNAVAILABLE);
                assertCode(() -> plaintext.describeWorkflow("default", "small", null),
                        EngineException.Code.UNAVAILABLE);
                assertThatThrownBy(() -> reader.describeWorkflow("default", "big", null))
                        .isInstanceOfSatisfying(EngineException.class,
                                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
            }
        } finally {
            stop(server);
        }
    }

    @Test
    void plaintextOnEveryInterfaceIsAllowedWhenAskedFor() throws Exception {
        EngineServerMain.Arguments arguments = EngineServerMain.parse(new String[] {"--store",
                directory.resolve("engine.db").toString(), "--address", "0.0.0.0", "--allow-plaintext", "--port", "0"});

        assertThat(arguments.address()).isEqualTo("0.0.0.0");
        assertThat(arguments.port()).isZero();
        assertThat(arguments.allowPlaintext()).isTrue();
    }

    @Test
    void theServerKeepsItsRunsInTheStoreFileAcrossRestarts() throws Exception {
        Path store = directory.resolve("engine.db");
        StartWorkflowRequest start = new StartWorkflowRequest("default", "kept", "Order", "orders", List.of(), null,
                null, null, "test", null);

        Process first = serve(store);
        try (GrpcEngineService client = client(first)) {
            client.startWorkflow(start);
        } finally {
            stop(first);
        }
        Process second = serve(store);
        try (GrpcEngineService client = client(second)) {
            assertThat(client.describeWorkflow("default", "kept", null).status())
                    .isEqualTo(WorkflowExecutionStatus.RUNNING);
            assertThatThrownBy(() -> client.startWorkflow(start)).isInstanceOfSatisfying(EngineException.class,
                    e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.ALREADY_EXISTS));
        } finally {
            stop(second);
        }
    }

    @Test
    void aBadCommandLineExitsWithStatus2AndTheUsage() throws Exception {
        Process process = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                EngineServerMain.class.getName(), "--port", "1").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(2);
        assertThat(output).startsWith("--store is required").contains(EngineServerMain.USAGE);
    }

    @Test
    void theRemotePageDocumentsEveryArgumentAndTheDefaults() throws IOException {
        String page = java.nio.file.Files.readString(Path.of("../docs/remote.md"));

        for (String argument : List.of("--store <file.db>", "--port <port>", "--address <address>",
                "--tls-cert <chain.pem>", "--tls-key <key.pem>", "--tls-client-ca <ca.pem>", "--tls-client-auth <mode>",
                "--tokens <file>", "--max-payload-size <bytes>", "--allow-plaintext")) {
            assertThat(EngineServerMain.USAGE).contains(argument);
            assertThat(page).contains("| `" + argument + "` |");
        }
        assertThat(page).contains("| `" + GrpcEngineServer.DEFAULT_PORT + "` |",
                "| `" + GrpcEngineServer.DEFAULT_ADDRESS + "` (this host only) |",
                "io.reprise.transport.grpc.EngineServerMain");
    }

    private static StartWorkflowRequest start(String workflowId, byte[] input) {
        return new StartWorkflowRequest("default", workflowId, "Order", "orders",
                List.of(new Payload("binary/plain", input)), null, null, null, "test", null);
    }

    private static void assertCode(Runnable call, EngineException.Code code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code));
    }

    private static GrpcEngineService secured(int port, ChannelCredentials credentials, String token) {
        // A generous deadline: a TLS handshake on a loaded machine may take seconds.
        GrpcEngineService.Builder builder = GrpcEngineService.newBuilder().target("localhost:" + port)
                .credentials(credentials).rpcTimeout(java.time.Duration.ofMinutes(2));
        if (token != null) {
            builder.callCredentials(new BearerTokenCredentials(token));
        }
        return builder.build();
    }

    private static Path tls(String name) {
        try {
            return Path.of(java.util.Objects.requireNonNull(EngineServerMainTest.class.getResource("/tls/" + name),
                    name).toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] concat(String[] first, String... more) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(first), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }

    /** The port a server started with --port 0 printed, after the lines {@code before} it said first. */
    private static int port(Process server, String... before) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern serving = Pattern.compile("Reprise engine on .* serving gRPC on .*:(\\d+)");
        List<String> seen = new java.util.ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            Matcher matcher = serving.matcher(line);
            if (matcher.matches()) {
                assertThat(seen).containsSubsequence(before);
                return Integer.parseInt(matcher.group(1));
            }
            seen.add(line);
        }
        throw new AssertionError("The server exited without saying where it serves: " + seen);
    }

    private static void assertRefused(String[] args, String message) {
        assertThatThrownBy(() -> EngineServerMain.parse(args)).isInstanceOf(EngineServerMain.BadArguments.class)
                .hasMessage(message);
    }

    /** Starts the main in a JVM of its own on any free port; {@link #client} reads the port it printed. */
    private static Process serve(Path store) throws IOException {
        return new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                EngineServerMain.class.getName(), "--store", store.toString(), "--port", "0")
                .redirectErrorStream(true).start();
    }

    private static GrpcEngineService client(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        Pattern serving = Pattern.compile("Reprise engine on .* serving gRPC on 127\\.0\\.0\\.1:(\\d+)");
        String line;
        while ((line = out.readLine()) != null) {
            Matcher matcher = serving.matcher(line);
            if (matcher.matches()) {
                // A generous deadline: a server JVM that just started on a loaded machine answers slowly at first.
                return GrpcEngineService.newBuilder().target("127.0.0.1:" + matcher.group(1))
                        .rpcTimeout(java.time.Duration.ofMinutes(2)).build();
            }
        }
        throw new AssertionError("The server exited without saying where it serves");
    }

    /** SIGTERM, as a service manager stops it: the shutdown hook closes the server and the engine. */
    private static void stop(Process server) throws InterruptedException {
        server.destroy();
        assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stopped").isTrue();
        assertThat(server.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
