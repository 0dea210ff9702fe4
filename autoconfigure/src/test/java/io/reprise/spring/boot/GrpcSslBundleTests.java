package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.spring.boot.actuate.RepriseHealthIndicator;
import io.reprise.spring.boot.autoconfigure.RepriseActuatorAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseGrpcServerAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseRemoteEngineAutoConfiguration;
import io.reprise.spring.boot.fixtures.GreetingActivitiesImpl;
import io.reprise.spring.boot.fixtures.GreetingWorkflowImpl;
import io.reprise.spring.boot.fixtures.Salutation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** mTLS from Spring SSL bundles on both sides; an update of the server's bundle applies to new connections. */
class GrpcSslBundleTests {

    private static final Path TLS = RemoteEngineTests.TLS;

    private final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withConfiguration(AutoConfigurations.of(RepriseGrpcServerAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withPropertyValues("reprise.store.type=memory", "reprise.server.grpc.enabled=true",
                    "reprise.server.grpc.port=0", "reprise.workers.enabled=false",
                    "spring.ssl.bundle.pem.engine.keystore.certificate=" + TLS.resolve("server.pem"),
                    "spring.ssl.bundle.pem.engine.keystore.private-key=" + TLS.resolve("server.key"),
                    "spring.ssl.bundle.pem.engine.truststore.certificate=" + TLS.resolve("ca.pem"),
                    "reprise.server.grpc.tls.bundle=engine", "reprise.server.grpc.tls.client-auth=require");

    private final ApplicationContextRunner remote = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RepriseRemoteEngineAutoConfiguration.class))
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withConfiguration(AutoConfigurations.of(RepriseActuatorAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withPropertyValues("reprise.engine.mode=remote", "reprise.activity-defaults.start-to-close-timeout=10s",
                    "reprise.worker-defaults.graceful-stop-timeout=0s",
                    "spring.ssl.bundle.pem.worker.keystore.certificate=" + TLS.resolve("client.pem"),
                    "spring.ssl.bundle.pem.worker.keystore.private-key=" + TLS.resolve("client.key"),
                    "spring.ssl.bundle.pem.worker.truststore.certificate=" + TLS.resolve("ca.pem"),
                    "reprise.engine.remote.tls.bundle=worker")
            .withBean(Salutation.class, "Hello")
            .withUserConfiguration(GreetingWorkflowImpl.class, GreetingActivitiesImpl.class);

    @Test
    void bundlesOnBothSidesServeMutualTlsAndAnUpdatedServerBundleChecksNewConnections() {
        server.run(engine -> {
            assertThat(engine).hasNotFailed();
            ApplicationContextRunner client = remote.withPropertyValues(
                    "reprise.engine.remote.target=localhost:" + RemoteEngineTests.port(engine));
            client.run(app -> {
                assertThat(app).hasNotFailed();
                assertThat(RemoteEngineTests.greet(app, "bundle-1", "Ada")).isEqualTo("Hello, Ada!");
            });

            // The server now trusts only another CA's client certificates: the worker's is refused.
            engine.getBean(SslBundleRegistry.class).updateBundle("engine", SslBundle.of(new PemSslStoreBundle(
                    PemSslStoreDetails.forCertificate(TLS.resolve("server.pem").toString())
                            .withPrivateKey(TLS.resolve("server.key").toString()),
                    PemSslStoreDetails.forCertificate(TLS.resolve("rogue-ca.pem").toString()))));

            client.run(app -> {
                Health health = app.getBean(RepriseHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat((String) health.getDetails().get("engine")).startsWith("unreachable: The Reprise engine at"
                        + " localhost:" + RemoteEngineTests.port(engine) + " is unavailable (");
            });
        });
    }
}
