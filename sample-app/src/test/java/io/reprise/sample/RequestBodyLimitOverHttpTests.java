package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.spring.boot.test.RepriseTest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The body size limit on a real server (Tomcat), for a body with a Content-Length and for a chunked
 * one, which has none and is cut off while it is read.
 */
@RepriseTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "sample.activity-delay=10ms")
class RequestBodyLimitOverHttpTests {

    private static final String TOO_LARGE = "{\"error\":\"The request body is larger than 65536 bytes, the limit "
            + "(sample.max-request-body-size); an order is far smaller\"}";

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** An order whose customer id is {@code customerIdLength} characters long. */
    private static Supplier<InputStream> order(String orderId, int customerIdLength) {
        return () -> new SequenceInputStream(new SequenceInputStream(
                bytes("{\"orderId\": \"" + orderId + "\", \"customerId\": \""),
                new InputStream() {
                    int left = customerIdLength;

                    @Override
                    public int read() {
                        return left-- > 0 ? 'c' : -1;
                    }
                }),
                bytes("\", \"amount\": 10, \"items\": [{\"sku\": \"book\", \"quantity\": 1}]}"));
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/orders"))
                        .header("Content-Type", "application/json").POST(body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413() throws Exception {
        // ofInputStream: the length is unknown, so the body goes chunked with no Content-Length.
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(order("h-chunked", 5 << 20)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo(TOO_LARGE);
        assertThat(get("/orders/h-chunked").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyWhoseContentLengthIsOverTheLimitIsRefusedWith413() throws Exception {
        byte[] body = order("h-declared", 5 << 20).get().readAllBytes();

        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(body));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo(TOO_LARGE);
        assertThat(get("/orders/h-declared").statusCode()).isEqualTo(404);
    }

    @Test
    void aChunkedOrderUnderTheLimitIsPlaced() throws Exception {
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(order("h-small", 8)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(response.body()).contains("\"workflowId\":\"order-h-small\"");
    }
}
