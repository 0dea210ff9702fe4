package io.reprise.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.engine.Engine;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.sample.order.OrderResult;
import io.reprise.spring.boot.grpc.GrpcServerLifecycle;
import io.reprise.worker.WorkerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's two profiles of the README, in one JVM: {@code server} embeds the engine and serves it over gRPC,
 * {@code remote} takes orders over HTTP and runs the workflow and activities on that engine.
 */
class RemoteProfilesTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anOrderPlacedOnTheRemoteProfileRunsOnItsWorkersAgainstTheServerProfilesEngine() throws Exception {
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(SampleApplication.class)
                .profiles("server")
                .run("--server.port=0", "--reprise.server.grpc.port=0", "--reprise.store.type=memory")) {
            assertThat(server.getBeanProvider(WorkerFactory.class).getIfAvailable()).as("workers of the server")
                    .isNull();
            int grpcPort = server.getBean(GrpcServerLifecycle.class).getPort();

            try (ConfigurableApplicationContext remote = new SpringApplicationBuilder(SampleApplication.class)
                    .profiles("remote")
                    .run("--server.port=0", "--reprise.engine.remote.target=localhost:" + grpcPort,
                            "--sample.packing-time=1s", "--sample.activity-delay=10ms")) {
                assertThat(remote.getBeanProvider(Engine.class).getIfAvailable()).isNull();
                assertThat(remote.getBeanProvider(ExecutionStore.class).getIfAvailable()).isNull();
                String base = "http://localhost:" + remote.getEnvironment().getProperty("local.server.port");

                HttpResponse<String> placed = http.send(HttpRequest.newBuilder(URI.create(base + "/orders"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"orderId": "r-1", "customerId": "c-1", "amount": 12.50,
                                 "items": [{"sku": "book", "quantity": 1}]}""")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(placed.statusCode()).as(placed.body()).isEqualTo(202);

                OrderResult result = remote.getBean(WorkflowClient.class).newUntypedWorkflowStub("order-r-1")
                        .getResult(Duration.ofMinutes(2), OrderResult.class);
                assertThat(result.orderId()).isEqualTo("r-1");
                assertThat(server.getBean(WorkflowClient.class).describe("order-r-1").status().name())
                        .isEqualTo("COMPLETED");

                JsonNode health = JsonMapper.builder().build().readTree(http.send(HttpRequest.newBuilder(
                        URI.create(base + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertThat(health.at("/components/reprise/status").asString()).isEqualTo("UP");
                assertThat(health.at("/components/reprise/details/engine").asString()).isEqualTo("reachable");
            }
        }
    }
}
