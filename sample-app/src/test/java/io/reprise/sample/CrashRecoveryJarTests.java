package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the packaged application ({@code java -jar target/reprise-sample-app-*.jar}) on a SQLite
 * file, places orders over HTTP, kills the process with SIGKILL while they are in flight (in a
 * service call or in the packing wait, a durable timer), starts the jar again on the same file,
 * and sees every order complete; the jar starts without a native access warning. Runs in the
 * integration-test phase (failsafe), after the jar is built; its tag keeps it out of surefire.
 */
@Tag("packaged-jar")
class CrashRecoveryJarTests {

    private static final int ORDERS = 8;
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration COMPLETION_TIMEOUT = Duration.ofSeconds(90);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Process> processes = new ArrayList<>();

    @TempDir
    Path dir;

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void ordersInFlightWhenTheProcessIsKilledCompleteAfterARestartOnTheSameStore() throws Exception {
        Path database = dir.resolve("reprise.db");

        App first = start(database, "first");
        // The store is open once the app answers. From JDK 24 on, SQLite's native library would be loaded with a
        // warning unless the jar's manifest enables native access (Enable-Native-Access: ALL-UNNAMED).
        assertThat(first.log()).as("output of the first start").doesNotContain("restricted method");
        for (int i = 1; i <= ORDERS; i++) {
            HttpResponse<String> placed = first.post("/orders", """
                    {"orderId": "o-%d", "customerId": "c-%d", "amount": %d.50,
                     "items": [{"sku": "sku-%d", "quantity": 1}]}""".formatted(i, i, 10 * i, i));
            assertThat(placed.statusCode()).as("POST o-%d: %s", i, placed.body()).isEqualTo(202);
            assertThat(json.readTree(placed.body()).get("workflowId").asString()).isEqualTo("order-o-" + i);
        }
        Thread.sleep(600);
        Map<String, String> beforeKill = statuses(first);
        assertThat(beforeKill.values()).as("orders still in flight when the process is killed")
                .contains("RUNNING");

        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
        assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.process.exitValue()).as("exit value of a SIGKILLed JVM").isEqualTo(137);

        App second = start(database, "second");
        long deadline = System.nanoTime() + COMPLETION_TIMEOUT.toNanos();
        Map<String, String> statuses = statuses(second);
        while (statuses.values().stream().anyMatch("RUNNING"::equals) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            statuses = statuses(second);
        }
        for (int i = 1; i <= ORDERS; i++) {
            assertThat(statuses.get("o-" + i)).as("status of o-%d after the restart (before the kill: %s)\n%s",
                    i, beforeKill.get("o-" + i), second.log()).isEqualTo("COMPLETED");
            JsonNode order = json.readTree(second.get("/orders/o-" + i).body());
            assertThat(order.get("result").get("trackingNumber").asString()).isEqualTo("track-o-" + i);
            assertThat(order.get("result").get("confirmationId").asString()).isEqualTo("mail-o-" + i);
        }
    }

    private Map<String, String> statuses(App app) throws Exception {
        Map<String, String> statuses = new HashMap<>();
        for (int i = 1; i <= ORDERS; i++) {
            HttpResponse<String> response = app.get("/orders/o-" + i);
            assertThat(response.statusCode()).as("GET o-%d: %s", i, response.body()).isEqualTo(200);
            statuses.put("o-" + i, json.readTree(response.body()).get("status").asString());
        }
        return statuses;
    }

    /** A running instance of the jar. */
    private final class App {
        final Process process;
        final int port;
        final Path logFile;

        App(Process process, int port, Path logFile) {
            this.process = process;
            this.port = port;
            this.logFile = logFile;
        }

        HttpResponse<String> get(String path) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI uri(String path) {
            return URI.create("http://localhost:" + port + path);
        }

        String log() throws IOException {
            return Files.exists(logFile) ? Files.readString(logFile) : "(no output)";
        }
    }

    /** Starts the jar on {@code database} and waits until it answers HTTP. */
    private App start(Path database, String name) throws Exception {
        int port = freePort();
        Path logFile = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(javaExecutable(), "-jar", jar().toString(),
                "--server.port=" + port,
                "--reprise.store.path=" + database,
                "--sample.activity-delay=300ms",
                "--sample.packing-time=1s")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        processes.add(process);
        App app = new App(process, port, logFile);
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("The " + name + " process exited with " + process.exitValue() + ":\n"
                        + app.log());
            }
            try {
                if (app.get("/orders/ready-check").statusCode() == 404) {
                    return app;
                }
            } catch (IOException notListeningYet) {
                // keep waiting
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The " + name + " process did not answer within " + STARTUP_TIMEOUT + ":\n"
                        + app.log());
            }
            Thread.sleep(100);
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The jar Maven built: the {@code sample.jar} system property, else target/reprise-sample-app-*.jar. */
    private static Path jar() throws IOException {
        String configured = System.getProperty("sample.jar");
        if (configured != null && Files.isRegularFile(Path.of(configured))) {
            return Path.of(configured);
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "reprise-sample-app-*.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath();
            }
        }
        throw new IllegalStateException("No target/reprise-sample-app-*.jar: run `./mvnw verify` (or package) "
                + "so that the jar exists before this test");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
