package io.reprise.sample.ui;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium driven through the W3C WebDriver protocol, spoken to Debian's {@code chromedriver} over
 * {@code java.net.http}. No WebDriver library: nothing can download a browser or a driver of its own (Selenium
 * Manager), and the few commands a test needs (open, find, click, type, read, screenshot) are a dozen lines.
 */
final class ChromeDriver implements AutoCloseable {

    /** Debian's paths; the system properties exist to check the absent-browser path on a machine that has one. */
    static final Path CHROMIUM = Path.of(System.getProperty("reprise.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("reprise.test.chromedriver", "/usr/bin/chromedriver"));

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

    private final Process driver;
    private final Path profile;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String session;

    ChromeDriver() throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        profile = Files.createTempDirectory("reprise-chromium-");
        driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        URI base = URI.create("http://127.0.0.1:" + port);
        awaitReady(base);
        Map<String, Object> chromeOptions = Map.of("binary", CHROMIUM.toString(), "args", List.of("--headless",
                "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                "--user-data-dir=" + profile));
        JsonNode created = call("POST", base + "/session", Map.of("capabilities", Map.of("alwaysMatch",
                Map.of("browserName", "chrome", "goog:chromeOptions", chromeOptions))));
        session = base + "/session/" + created.get("sessionId").asString();
        // Element lookups wait for the element (up to this long): after a click that submits a form,
        // the next page may still be loading on a busy machine.
        call("POST", session + "/timeouts", Map.of("implicit", 30_000));
    }

    private void awaitReady(URI base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("/status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200 && JSON.readTree(status.body()).at("/value/ready").asBoolean()) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // chromedriver is still starting
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("chromedriver did not become ready on " + base);
    }

    void open(String url) {
        call("POST", session + "/url", Map.of("url", url));
    }

    String currentUrl() {
        return call("GET", session + "/url", null).asString();
    }

    /** The element matching a CSS selector; fails when there is none. */
    String find(String css) {
        JsonNode found = call("POST", session + "/element", Map.of("using", "css selector", "value", css));
        if (!found.has(ELEMENT)) {
            throw new IllegalStateException("No element " + css + ": " + found);
        }
        return found.get(ELEMENT).asString();
    }

    boolean exists(String css) {
        JsonNode found = call("POST", session + "/elements", Map.of("using", "css selector", "value", css));
        return !found.isEmpty();
    }

    void click(String css) {
        call("POST", session + "/element/" + find(css) + "/click", Map.of());
    }

    void type(String css, String text) {
        String element = find(css);
        call("POST", session + "/element/" + element + "/clear", Map.of());
        call("POST", session + "/element/" + element + "/value", Map.of("text", text));
    }

    String text(String css) {
        return call("GET", session + "/element/" + find(css) + "/text", null).asString();
    }

    /** Runs a script in the page and returns its result as text. */
    String script(String script) {
        return call("POST", session + "/execute/sync", Map.of("script", script, "args", List.of())).asString();
    }

    void screenshot(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode(call("GET", session + "/screenshot", null).asString()));
    }

    private JsonNode call(String method, String url, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .header("Content-Type", "application/json");
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode value = JSON.readTree(response.body()).get("value");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("WebDriver " + method + " " + url + " answered "
                        + response.statusCode() + ": " + value);
            }
            return value;
        } catch (IOException e) {
            throw new IllegalStateException("WebDriver " + method + " " + url + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            call("DELETE", session, null);
        } catch (RuntimeException ignored) {
            // the browser is going away anyway
        } finally {
            driver.destroy();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
