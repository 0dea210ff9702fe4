package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.spring.boot.autoconfigure.RepriseGrpcServerAutoConfiguration;
import io.reprise.spring.boot.autoconfigure.RepriseRemoteEngineAutoConfiguration;
import io.reprise.spring.boot.diagnostics.RepriseStartupException;
import io.reprise.spring.boot.diagnostics.RepriseStartupFailureAnalyzer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each way a gRPC server or a remote client refuses to start, naming the property to change. */
class GrpcStartupFailureTests {

    private static final Path TLS = RemoteEngineTests.TLS;

    private final ApplicationContextRunner server = new ApplicationContextRunner()
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withConfiguration(AutoConfigurations.of(RepriseGrpcServerAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withPropertyValues("reprise.store.type=memory", "reprise.server.grpc.enabled=true",
                    "reprise.server.grpc.port=0");

    private final ApplicationContextRunner remote = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(RepriseRemoteEngineAutoConfiguration.class,
                    SslAutoConfiguration.class))
            .withConfiguration(WorkerDiscoveryTests.REPRISE)
            .withPropertyValues("reprise.engine.mode=remote");

    @Test
    void plaintextOnAnAddressOtherHostsReachNeedsAllowPlaintext() {
        FailureAnalysis analysis = failure(server.withPropertyValues("reprise.server.grpc.address=0.0.0.0"),
                "reprise.server.grpc.address");
        assertThat(analysis.getDescription()).isEqualTo("reprise.server.grpc.address is 0.0.0.0, which other hosts"
                + " can reach, and the gRPC server has no TLS: workflow data and tokens would cross the network in"
                + " plaintext.");
        assertThat(analysis.getAction()).isEqualTo("Configure TLS (reprise.server.grpc.tls.bundle, or"
                + " reprise.server.grpc.tls.certificate-chain and reprise.server.grpc.tls.private-key), bind to"
                + " 127.0.0.1, or set reprise.server.grpc.allow-plaintext to true if the network is trusted.");

        server.withPropertyValues("reprise.server.grpc.address=0.0.0.0", "reprise.server.grpc.allow-plaintext=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anApiKeyIsNotSentInPlaintextToAnotherHost() {
        FailureAnalysis analysis = failure(remote.withPropertyValues("reprise.engine.remote.target=engine.internal:7444",
                "reprise.engine.remote.api-key=secret"), "reprise.engine.remote.api-key");
        assertThat(analysis.getDescription()).isEqualTo("reprise.engine.remote.api-key is set and"
                + " reprise.engine.remote.target (engine.internal:7444) is another host, but TLS is off: the API key"
                + " would cross the network in plaintext, so it is never sent so.");
        assertThat(analysis.getAction()).isEqualTo("Turn TLS on (reprise.engine.remote.tls.enabled: true to trust"
                + " the JDK's CAs, or reprise.engine.remote.tls.trust-certificates, or reprise.engine.remote.tls.bundle),"
                + " or reach the engine on a loopback address.");

        remote.withPropertyValues("reprise.engine.remote.target=localhost:7444", "reprise.engine.remote.api-key=secret")
                .run(context -> assertThat(context).hasNotFailed());
        remote.withPropertyValues("reprise.engine.remote.target=engine.internal:7444",
                "reprise.engine.remote.api-key=secret", "reprise.engine.remote.tls.enabled=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aTokenNeedsExactlyOneOfItsTokenAndItsHashAndAtLeastOneRole() {
        FailureAnalysis both = failure(server.withPropertyValues("reprise.server.grpc.auth.tokens.web.token=secret",
                "reprise.server.grpc.auth.tokens.web.token-sha256=" + "0".repeat(64),
                "reprise.server.grpc.auth.tokens.web.roles.read=*"),
                "reprise.server.grpc.auth.tokens.web.token-sha256");
        assertThat(both.getDescription()).isEqualTo("Token 'web' has both reprise.server.grpc.auth.tokens.web.token"
                + " and reprise.server.grpc.auth.tokens.web.token-sha256; it needs exactly one.");

        FailureAnalysis badHash = failure(server.withPropertyValues(
                "reprise.server.grpc.auth.tokens.web.token-sha256=abc",
                "reprise.server.grpc.auth.tokens.web.roles.read=*"), "reprise.server.grpc.auth.tokens.web.token-sha256");
        assertThat(badHash.getDescription()).isEqualTo("Invalid value for"
                + " reprise.server.grpc.auth.tokens.web.token-sha256: The SHA-256 of token \"web\" must be 64 hex"
                + " digits, got 3 characters; compute it with: printf %s \"$TOKEN\" | sha256sum.");

        FailureAnalysis noRoles = failure(server.withPropertyValues("reprise.server.grpc.auth.tokens.web.token=s"),
                "reprise.server.grpc.auth.tokens.web.roles");
        assertThat(noRoles.getAction()).isEqualTo("Set reprise.server.grpc.auth.tokens.web.roles to at least one role"
                + " with its namespaces (read, write, worker or admin; * is every namespace) (for example {write:"
                + " [orders], read: ['*']}), or remove it to use the default.");

        failure(server.withPropertyValues("reprise.server.grpc.auth.tokens.web.token=s",
                "reprise.server.grpc.auth.tokens.web.roles.read=not a namespace!"),
                "reprise.server.grpc.auth.tokens.web.roles.read");
    }

    @Test
    void tlsSettingsThatCannotBeUsedNameTheirProperty() {
        FailureAnalysis noKey = failure(server.withPropertyValues(
                "reprise.server.grpc.tls.certificate-chain=" + TLS.resolve("server.pem")),
                "reprise.server.grpc.tls.private-key");
        assertThat(noKey.getDescription()).isEqualTo("reprise.server.grpc.tls.private-key is not set; the gRPC"
                + " server's TLS needs both its certificate chain and its private key.");

        FailureAnalysis missingFile = failure(server.withPropertyValues(
                "reprise.server.grpc.tls.certificate-chain=" + TLS.resolve("missing.pem"),
                "reprise.server.grpc.tls.private-key=" + TLS.resolve("server.key")),
                "reprise.server.grpc.tls.private-key");
        assertThat(missingFile.getDescription()).startsWith("The PEM files of reprise.server.grpc.tls.* cannot be"
                + " used: Cannot read " + TLS.resolve("missing.pem"));

        FailureAnalysis noTrust = failure(server.withPropertyValues(
                "reprise.server.grpc.tls.certificate-chain=" + TLS.resolve("server.pem"),
                "reprise.server.grpc.tls.private-key=" + TLS.resolve("server.key"),
                "reprise.server.grpc.tls.client-auth=require"), "reprise.server.grpc.tls.trust-certificates");
        assertThat(noTrust.getAction()).isEqualTo("Set reprise.server.grpc.tls.trust-certificates to a PEM file of the"
                + " CAs that issue the clients' certificates, or set reprise.server.grpc.tls.client-auth to none.");

        FailureAnalysis noBundle = failure(server.withPropertyValues("reprise.server.grpc.tls.bundle=grpc"),
                "reprise.server.grpc.tls.bundle");
        assertThat(noBundle.getDescription()).isEqualTo("reprise.server.grpc.tls.bundle is 'grpc', but there is no"
                + " SSL bundle of that name; the bundles are [].");

        FailureAnalysis bundleAndPem = failure(remote.withPropertyValues("reprise.engine.remote.tls.bundle=grpc",
                "reprise.engine.remote.tls.trust-certificates=" + TLS.resolve("ca.pem")),
                "reprise.engine.remote.tls.bundle");
        assertThat(bundleAndPem.getAction()).startsWith("Keep reprise.engine.remote.tls.bundle");
    }

    @Test
    void aServerNeedsAnEngineOfItsOwnAndAFreePort() throws Exception {
        failure(remote.withConfiguration(AutoConfigurations.of(RepriseGrpcServerAutoConfiguration.class))
                .withPropertyValues("reprise.server.grpc.enabled=true"), "reprise.server.grpc.enabled");

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            FailureAnalysis analysis = failure(server.withPropertyValues(
                    "reprise.server.grpc.port=" + taken.getLocalPort()), "reprise.server.grpc.port");
            assertThat(analysis.getDescription()).startsWith("Could not serve the Reprise engine on 127.0.0.1:");
        }
        failure(server.withPropertyValues("reprise.server.grpc.port=70000"), "reprise.server.grpc.port");
    }

    private static FailureAnalysis failure(ApplicationContextRunner runner, String property) {
        FailureAnalysis[] analysis = new FailureAnalysis[1];
        runner.run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            while (failure != null && !(failure instanceof RepriseStartupException)) {
                failure = failure.getCause();
            }
            assertThat(failure).as("a Reprise startup failure in %s", context.getStartupFailure())
                    .isInstanceOf(RepriseStartupException.class);
            assertThat(((RepriseStartupException) failure).getPropertyName()).isEqualTo(property);
            analysis[0] = new RepriseStartupFailureAnalyzer(null).analyze(context.getStartupFailure());
        });
        return analysis[0];
    }
}
