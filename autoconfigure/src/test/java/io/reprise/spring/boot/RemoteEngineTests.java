package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.spring.boot.actuate.RepriseHealthIndicator;
import io.reprise.spring.boot.autoconfigure.RepriseActuatorAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseGrpcServerAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseRemoteEngineAutoConfiguration;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflow;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.fixtures.Salutation;
import io.reprise.spring.boot.grpc.GrpcServerLifecycle;
import io.reprise.spring.boot.worker.WorkersLifecycle;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.worker.WorkerFactory;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * An application that serves its engine over gRPC and a second one, in remote mode, whose client and workers use
 * it: both Spring contexts in this JVM, on a loopback port.
 */
class RemoteEngineTests {

    /** The test-only certificates of core-engine (see its README). */
    static final Path TLS = Path.of("../core-engine/src/test/resources/tls").toAbsolutePath().normalize();

    /** An engine served over gRPC, running no workers of its own. */
    private final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withConfiguration(AutoConfigurations.of(RepriseGrpcServerAutoConfiguration.class,
                    RepriseActuatorAutoConfiguration.class, SslAutoConfiguration.class))
            .withPropertyValues("reprise.store.type=memory", "reprise.server.grpc.enabled=true",
                    "reprise.server.grpc.port=0", "reprise.workers.enabled=false",
                    "reprise.worker-defaults.graceful-stop-timeout=0s");

    /** The greeting workflow's client and workers, on a remote engine. */
    private final ApplicationContextRunner remote = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RepriseRemoteEngineAutoConfiguration.class))
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withConfiguration(AutoConfigurations.of(RepriseActuatorAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withPropertyValues("reprise.engine.mode=remote", "reprise.activity-defaults.start-to-close-timeout=10s",
                    "reprise.worker-defaults.graceful-stop-timeout=0s")
            .withBean(Salutation.class, "Hello")
            .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class);

    @Test
    void aWorkflowStartedByARemoteClientRunsOnRemoteWorkers() {
        server.run(engine -> {
            assertThat(engine).hasNotFailed().hasSingleBean(GrpcServerLifecycle.class)
                    .doesNotHaveBean(WorkerFactory.class).doesNotHaveBean(WorkersLifecycle.class);
            int port = port(engine);
            assertThat(engine.getEnvironment().getProperty(GrpcServerLifecycle.LOCAL_PORT_PROPERTY, Integer.class))
                    .isEqualTo(port).isPositive();

            remote.withPropertyValues("reprise.engine.remote.target=localhost:" + port).run(app -> {
                assertThat(app).hasNotFailed().hasSingleBean(GrpcEngineService.class)
                        .doesNotHaveBean(Engine.class).doesNotHaveBean(ExecutionStore.class)
                        .hasSingleBean(WorkerFactory.class);

                assertThat(greet(app, "remote-1", "Ada")).isEqualTo("Hello, Ada!");

                // The run lives in the server's engine, and the remote app reads it back from there.
                assertThat(engine.getBean(WorkflowClient.class).describe("remote-1").status().name())
                        .isEqualTo("COMPLETED");
                assertThat(app.getBean(GreetingActivitiesImpl.class).attempts()).containsExactly("Ada#1");
                Health health = app.getBean(RepriseHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.UP);
                assertThat(health.getDetails()).containsEntry("engine", "reachable").doesNotContainKey("store");
            });
        });
    }

    @Test
    void overTlsWithTokensAClientWithTheRightKeyIsServedAndOneWithAWrongKeyIsDownWithTheReason() {
        ApplicationContextRunner secured = server.withPropertyValues(
                "reprise.server.grpc.tls.certificate-chain=" + TLS.resolve("server.pem"),
                "reprise.server.grpc.tls.private-key=" + TLS.resolve("server.key"),
                "reprise.server.grpc.tls.trust-certificates=" + TLS.resolve("ca.pem"),
                "reprise.server.grpc.tls.client-auth=require",
                "reprise.server.grpc.auth.tokens.app.token=app-secret",
                "reprise.server.grpc.auth.tokens.app.roles.write=default",
                "reprise.server.grpc.auth.tokens.app.roles.worker=*");
        secured.run(engine -> {
            assertThat(engine).hasNotFailed();
            ApplicationContextRunner client = remote.withPropertyValues(
                    "reprise.engine.remote.target=localhost:" + port(engine),
                    "reprise.engine.remote.tls.trust-certificates=" + TLS.resolve("ca.pem"),
                    "reprise.engine.remote.tls.certificate-chain=" + TLS.resolve("client.pem"),
                    "reprise.engine.remote.tls.private-key=" + TLS.resolve("client.key"));

            client.withPropertyValues("reprise.engine.remote.api-key=app-secret").run(app -> {
                assertThat(app).hasNotFailed();
                assertThat(greet(app, "tls-1", "Grace")).isEqualTo("Hello, Grace!");
            });
            client.withPropertyValues("reprise.engine.remote.api-key=guessed").run(app -> {
                assertThat(app).hasNotFailed();
                Health health = app.getBean(RepriseHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) health.getDetails().get("engine")).isEqualTo("unreachable: The API key is not"
                        + " one this Reprise engine accepts; check the client's key (Spring Boot:"
                        + " reprise.engine.remote.api-key) against the server's tokens");
            });
        });
    }

    @Test
    void anAppStartsWhileTheEngineIsDownAndRecoversWhenItComes() throws Exception {
        int port = freePort();
        remote.withPropertyValues("reprise.engine.remote.target=localhost:" + port).run(app -> {
            assertThat(app).hasNotFailed();
            Health down = app.getBean(RepriseHealthIndicator.class).health();
            assertThat(down.getStatus()).isEqualTo(Status.DOWN);
            assertThat((String) down.getDetails().get("engine"))
                    .startsWith("unreachable: The Reprise engine at localhost:" + port + " is unavailable (")
                    .endsWith("); calls succeed again once it is reachable");

            server.withPropertyValues("reprise.server.grpc.port=" + port).run(engine -> {
                assertThat(engine).hasNotFailed();
                waitUntil(() -> app.getBean(RepriseHealthIndicator.class).health().getStatus().equals(Status.UP));
                // The workers' pollers, backing off while the engine was down, take the task.
                assertThat(greet(app, "late-1", "Linus")).isEqualTo("Hello, Linus!");
            });
        });
    }

    @Test
    void aClientOnlyApplicationStartsWorkflowsThatAnotherApplicationRuns() {
        server.withPropertyValues("reprise.workers.enabled=true", "reprise.activity-defaults.start-to-close-timeout=10s")
                .withBean(Salutation.class, "Hi")
                .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class).run(engine -> {
                    assertThat(engine).hasNotFailed().hasSingleBean(WorkerFactory.class);
                    remote.withPropertyValues("reprise.engine.remote.target=localhost:" + port(engine),
                            "reprise.workers.enabled=false", "reprise.workers.greetings.workflow-pollers=3")
                            .run(app -> {
                                assertThat(app).hasNotFailed().doesNotHaveBean(WorkerFactory.class)
                                        .hasSingleBean(WorkflowClient.class).hasSingleBean(EngineService.class);
                                assertThat(greet(app, "client-only-1", "Alan")).isEqualTo("Hi, Alan!");
                                assertThat(app.getBean(GreetingActivitiesImpl.class).attempts()).isEmpty();
                                assertThat(engine.getBean(GreetingActivitiesImpl.class).attempts())
                                        .containsExactly("Alan#1");
                            });
                });
    }

    static int port(AssertableApplicationContext context) {
        return context.getBean(GrpcServerLifecycle.class).getPort();
    }

    static String greet(AssertableApplicationContext context, String workflowId, String name) throws Exception {
        WorkflowClient client = context.getBean(WorkflowClient.class);
        GreetingWorkflow workflow = client.newWorkflowStub(GreetingWorkflow.class,
                WorkflowOptions.newBuilder().setTaskQueue("greetings").setWorkflowId(workflowId).build());
        WorkflowClient.start(workflow::greet, name);
        return client.newUntypedWorkflowStub(workflowId).getResult(Duration.ofMinutes(2), String.class);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Waits for a condition of the real world (another context's server); fails after two minutes. */
    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition met within two minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
