package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
                + " are --store, --port, --address and --allow-plaintext");
        assertRefused(new String[] {"--store", directory.resolve("missing/engine.db").toString()},
                "The directory of the store file " + directory.resolve("missing/engine.db") + " does not exist;"
                        + " create " + directory.resolve("missing") + " or give a file in an existing directory");
        assertRefused(new String[] {"--store", directory.toString()}, "--store " + directory + " is a directory;"
                + " give a file, e.g. " + directory.resolve("reprise.db"));
        assertRefused(new String[] {"--store", store, "--address", "0.0.0.0"}, "--address 0.0.0.0 is reachable"
                + " from other hosts, and this command serves plaintext gRPC (no TLS); bind to 127.0.0.1, or add"
                + " --allow-plaintext if the network is trusted");
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
                "--allow-plaintext")) {
            assertThat(EngineServerMain.USAGE).contains(argument);
            assertThat(page).contains("| `" + argument + "` |");
        }
        assertThat(page).contains("| `" + GrpcEngineServer.DEFAULT_PORT + "` |",
                "| `" + GrpcEngineServer.DEFAULT_ADDRESS + "` (this host only) |",
                "io.reprise.transport.grpc.EngineServerMain");
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
                return GrpcEngineService.newBuilder().target("127.0.0.1:" + matcher.group(1)).build();
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
