package io.reprise.transport.grpc.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials.ClientAuth;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The security matrix of docs/remote.md over real loopback sockets, with the test-only certificates of
 * {@code src/test/resources/tls}: TLS and mTLS handshakes, bearer tokens and roles, and the two plaintext rules.
 * A refused call is checked to have changed nothing.
 */
class SecurityMatrixTest {

    private static final String TASK_QUEUE = "matrix";

    private Engine engine;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startEngine() {
        engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).namespace(NamespaceConfig.of("orders"))
                .build();
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        engine.close();
    }

    @Nested
    class Tls {

        @Test
        void aClientTrustingTheServersCaIsServed() {
            GrpcEngineServer server = serve(serverTls(null, ClientAuth.NONE), b -> { });

            GrpcEngineService client = client(server, TlsCredentials.clientFromPem(pem("ca.pem"), null, null));

            assertThat(client.startWorkflow(start("default", "tls-1")).workflowId()).isEqualTo("tls-1");
        }

        @Test
        void aPlaintextClientIsNotServedByATlsServer() {
            GrpcEngineServer server = serve(serverTls(null, ClientAuth.NONE), b -> { });

            GrpcEngineService client = client(server, InsecureChannelCredentials.create());

            assertRefused(() -> client.startWorkflow(start("default", "plain-1")), Status.Code.UNAVAILABLE);
            assertThat(engine.countExecutions("default", null)).isZero();
        }

        @Test
        void aClientThatDoesNotTrustTheServersCaRefusesIt() {
            GrpcEngineServer server = serve(serverTls(null, ClientAuth.NONE), b -> { });

            GrpcEngineService client = client(server, TlsCredentials.clientFromPem(pem("rogue-ca.pem"), null, null));

            assertRefused(() -> client.startWorkflow(start("default", "rogue-1")), Status.Code.UNAVAILABLE);
            assertThat(engine.countExecutions("default", null)).isZero();
        }

        @Test
        void mtlsRequiredServesOnlyAClientCertificateOfTheTrustedCa() {
            GrpcEngineServer server = serve(serverTls(pem("ca.pem"), ClientAuth.REQUIRE), b -> { });

            GrpcEngineService none = client(server, TlsCredentials.clientFromPem(pem("ca.pem"), null, null));
            GrpcEngineService rogue = client(server, TlsCredentials.clientFromPem(pem("ca.pem"),
                    pem("rogue-client.pem"), pem("rogue-client.key")));
            GrpcEngineService good = client(server, TlsCredentials.clientFromPem(pem("ca.pem"), pem("client.pem"),
                    pem("client.key")));

            assertRefused(() -> none.startWorkflow(start("default", "m-none")), Status.Code.UNAVAILABLE);
            assertRefused(() -> rogue.startWorkflow(start("default", "m-rogue")), Status.Code.UNAVAILABLE);
            assertThat(engine.countExecutions("default", null)).isZero();
            assertThat(good.startWorkflow(start("default", "m-good")).workflowId()).isEqualTo("m-good");
        }

        @Test
        void mtlsOptionalServesClientsWithAndWithoutACertificate() {
            GrpcEngineServer server = serve(serverTls(pem("ca.pem"), ClientAuth.OPTIONAL), b -> { });

            GrpcEngineService none = client(server, TlsCredentials.clientFromPem(pem("ca.pem"), null, null));
            GrpcEngineService good = client(server, TlsCredentials.clientFromPem(pem("ca.pem"), pem("client.pem"),
                    pem("client.key")));

            assertThat(none.startWorkflow(start("default", "o-none")).workflowId()).isEqualTo("o-none");
            assertThat(good.startWorkflow(start("default", "o-good")).workflowId()).isEqualTo("o-good");
        }

        @Test
        void clientAuthenticationWithoutTrustCertificatesIsRefusedNamingTheFix() {
            assertThatThrownBy(() -> TlsCredentials.serverFromPem(pem("server.pem"), pem("server.key"), null,
                    ClientAuth.REQUIRE))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("Client authentication REQUIRE needs the certificates of the CAs that issue the"
                            + " clients' certificates (the trust certificates); give them, or set client"
                            + " authentication to NONE");
        }

        @Test
        void aKeyThatIsNotTheCertificatesIsRefusedNamingBothFiles() {
            assertThatThrownBy(() -> TlsCredentials.serverFromPem(pem("server.pem"), pem("ca.pem"), null,
                    ClientAuth.NONE))
                    .hasMessageStartingWith("The key file " + pem("ca.pem") + " holds no PEM private key");
            assertThatThrownBy(() -> TlsCredentials.serverFromPem(pem("server.key"), pem("server.key"), null,
                    ClientAuth.NONE))
                    .hasMessageStartingWith("The certificate file " + pem("server.key") + " holds no PEM"
                            + " certificate");
        }
    }

    @Nested
    class Tokens {

        private GrpcEngineServer server;

        @BeforeEach
        void serveWithTokens() {
            server = serve(serverTls(null, ClientAuth.NONE), b -> b.interceptor(new BearerTokenInterceptor(List.of(
                    AccessToken.ofToken("writer", "writer-secret").grant(Role.WRITE, "orders"),
                    AccessToken.ofToken("reader", "reader-secret").grant(Role.READ, RpcAccess.ALL_NAMESPACES),
                    AccessToken.ofSha256("worker", sha256Hex("worker-secret"))
                            .grant(Role.WORKER, RpcAccess.ALL_NAMESPACES),
                    AccessToken.ofToken("default-worker", "default-worker-secret").grant(Role.WORKER, "default"),
                    AccessToken.ofToken("admin", "admin-secret").grant(Role.ADMIN, RpcAccess.ALL_NAMESPACES),
                    AccessToken.ofToken("orders-admin", "orders-admin-secret").grant(Role.ADMIN, "orders")))));
        }

        @Test
        void aCallWithoutATokenIsUnauthenticated() {
            GrpcEngineService client = withToken(null);

            assertRefused(() -> client.startWorkflow(start("orders", "t-none")), Status.Code.UNAUTHENTICATED,
                    "The Reprise engine needs an API key: send the header \"authorization: Bearer <token>\""
                            + " (Spring Boot: reprise.engine.remote.api-key)");
            assertRefused(client::pingStore, Status.Code.UNAUTHENTICATED);
            assertThat(engine.countExecutions("orders", null)).isZero();
        }

        @Test
        void anUnknownTokenIsUnauthenticated() {
            GrpcEngineService client = withToken("guessed-secret");

            assertRefused(() -> client.startWorkflow(start("orders", "t-wrong")), Status.Code.UNAUTHENTICATED,
                    "The API key is not one this Reprise engine accepts; check the client's key (Spring Boot:"
                            + " reprise.engine.remote.api-key) against the server's tokens");
            assertThat(engine.countExecutions("orders", null)).isZero();
        }

        @Test
        void aTokenActsOnlyInItsNamespaces() {
            GrpcEngineService writer = withToken("writer-secret");

            assertThat(writer.startWorkflow(start("orders", "w-1")).workflowId()).isEqualTo("w-1");
            assertRefused(() -> writer.startWorkflow(start("default", "w-2")), Status.Code.PERMISSION_DENIED,
                    "StartWorkflow needs the WRITE role in namespace \"default\"; token \"writer\" holds [] there."
                            + " Use a token granted WRITE in \"default\" (or in every namespace, *)");
            assertThat(engine.countExecutions("default", null)).isZero();
            assertThat(writer.describeWorkflow("orders", "w-1", null)).isNotNull();
        }

        @Test
        void aWorkerTokenCannotTerminate() {
            withToken("writer-secret").startWorkflow(start("orders", "w-term"));
            GrpcEngineService worker = withToken("worker-secret");

            assertRefused(() -> worker.terminateWorkflow("orders", "w-term", null, "stop", List.of(), "worker"),
                    Status.Code.PERMISSION_DENIED, "TerminateWorkflow needs the WRITE role in namespace \"orders\";"
                            + " token \"worker\" holds [WORKER] there. Use a token granted WRITE in \"orders\" (or"
                            + " in every namespace, *)");
            assertThat(engine.describeWorkflow("orders", "w-term", null).info().status().name())
                    .isEqualTo("RUNNING");
        }

        @Test
        void aReadTokenReadsButDoesNotStart() {
            withToken("writer-secret").startWorkflow(start("orders", "r-1"));
            GrpcEngineService reader = withToken("reader-secret");

            assertThat(reader.countExecutions("orders", null)).isEqualTo(1);
            assertThat(reader.getHistory("orders", "r-1", null)).isNotEmpty();
            assertRefused(() -> reader.startWorkflow(start("orders", "r-2")), Status.Code.PERMISSION_DENIED,
                    "StartWorkflow needs the WRITE role in namespace \"orders\"; token \"reader\" holds [READ]"
                            + " there. Use a token granted WRITE in \"orders\" (or in every namespace, *)");
        }

        @Test
        void aTaskIsAnsweredOnlyWithTheWorkerRoleInTheNamespaceItsTokenNames() {
            withToken("writer-secret").startWorkflow(start("orders", "task-1"));
            WorkflowTask task = withToken("worker-secret").pollWorkflowTask("orders", TASK_QUEUE, "w", Duration.ofSeconds(5))
                    .orElseThrow();

            GrpcEngineService otherNamespace = withToken("default-worker-secret");
            assertRefused(() -> otherNamespace.completeWorkflowTask(task.taskToken(), List.of(), "w", null),
                    Status.Code.PERMISSION_DENIED, "CompleteWorkflowTask needs the WORKER role in namespace"
                            + " \"orders\"; token \"default-worker\" holds [] there. Use a token granted WORKER in"
                            + " \"orders\" (or in every namespace, *)");
            assertRefused(() -> otherNamespace.pollWorkflowTask("orders", TASK_QUEUE, "w", Duration.ZERO),
                    Status.Code.PERMISSION_DENIED);

            withToken("worker-secret").completeWorkflowTask(task.taskToken(), List.of(), "w", null);
            assertThat(engine.getHistory("orders", "task-1", null)).extracting(e -> e.eventType().name())
                    .containsExactly("WorkflowExecutionStarted", "WorkflowTaskScheduled", "WorkflowTaskStarted",
                            "WorkflowTaskCompleted");
        }

        @Test
        void namespacesAreAdministeredWithTheAdminRole() {
            GrpcEngineService ordersAdmin = withToken("orders-admin-secret");
            GrpcEngineService admin = withToken("admin-secret");

            assertRefused(() -> ordersAdmin.registerNamespace(NamespaceConfig.of("billing")),
                    Status.Code.PERMISSION_DENIED, "RegisterNamespace needs the ADMIN role in namespace \"billing\";"
                            + " token \"orders-admin\" holds [] there. Use a token granted ADMIN in \"billing\" (or"
                            + " in every namespace, *)");
            assertRefused(ordersAdmin::listNamespaces, Status.Code.PERMISSION_DENIED,
                    "ListNamespaces needs the ADMIN role in namespace \"*\"; token \"orders-admin\" holds [] there."
                            + " Use a token granted ADMIN in \"*\" (or in every namespace, *)");
            assertThat(ordersAdmin.describeNamespace("orders").name()).isEqualTo("orders");
            assertThat(admin.registerNamespace(NamespaceConfig.of("billing")).name()).isEqualTo("billing");
            assertThat(admin.listNamespaces()).extracting(n -> n.name()).contains("billing", "orders", "default");
            assertRefused(() -> withToken("worker-secret").registerNamespace(NamespaceConfig.of("audit")),
                    Status.Code.PERMISSION_DENIED);
        }

        @Test
        void anyKnownTokenGetsServerInfoAndTheHealthServiceNeedsNone() {
            withToken("worker-secret").pingStore();
            withToken("reader-secret").pingStore();

            ManagedChannel channel = Grpc.newChannelBuilder("localhost:" + server.port(),
                    TlsCredentials.clientFromPem(pem("ca.pem"), null, null)).build();
            try {
                HealthCheckResponse health = HealthGrpc.newBlockingStub(channel)
                        .check(HealthCheckRequest.newBuilder().setService(GrpcEngineServer.SERVICE_NAME).build());
                assertThat(health.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
            } finally {
                channel.shutdownNow();
            }
        }

        private GrpcEngineService withToken(String token) {
            return client(server, TlsCredentials.clientFromPem(pem("ca.pem"), null, null),
                    token == null ? null : new BearerTokenCredentials(token));
        }
    }

    @Nested
    class Plaintext {

        @Test
        void aServerOnAnAddressOtherHostsReachRefusesPlaintextUnlessAllowed() {
            assertThatThrownBy(() -> GrpcEngineServer.newBuilder(engine).address("0.0.0.0").port(0).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("The Reprise engine's gRPC server would serve plaintext (no TLS) on 0.0.0.0, which"
                            + " other hosts can reach; configure TLS (credentials; Spring Boot:"
                            + " reprise.server.grpc.tls.*), bind to 127.0.0.1, or allow plaintext explicitly if the"
                            + " network is trusted (allowPlaintext; Spring Boot: reprise.server.grpc.allow-plaintext)");

            GrpcEngineServer.newBuilder(engine).address("0.0.0.0").port(0).allowPlaintext(true).build().close();
            GrpcEngineServer.newBuilder(engine).address("0.0.0.0").port(0)
                    .credentials(serverTls(null, ClientAuth.NONE)).build().close();
            GrpcEngineServer.newBuilder(engine).address("127.0.0.1").port(0).build().close();
        }

        @Test
        void aTokenIsNotSentInPlaintextToAnotherHost() {
            GrpcEngineServer server = serve(null, b -> b.interceptor(new BearerTokenInterceptor(List.of(
                    AccessToken.ofToken("writer", "writer-secret").grant(Role.WRITE, "orders")))));
            GrpcEngineService remote = track(GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port())
                    .callCredentials(new BearerTokenCredentials("writer-secret"))
                    .customize(netty -> netty.overrideAuthority("engine.example.com:7444")).build());

            assertRefused(() -> remote.startWorkflow(start("orders", "p-1")), Status.Code.UNAUTHENTICATED,
                    "Refusing to send the API key in plaintext to engine.example.com:7444, which is not this host:"
                            + " configure TLS for the engine's channel (Spring Boot: reprise.engine.remote.tls.*), or"
                            + " reach the engine on a loopback address");
            assertThat(engine.countExecutions("orders", null)).isZero();

            GrpcEngineService local = track(GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port())
                    .callCredentials(new BearerTokenCredentials("writer-secret")).build());
            assertThat(local.startWorkflow(start("orders", "p-2")).workflowId()).isEqualTo("p-2");
        }
    }

    // ------------------------------------------------------------ helpers

    private GrpcEngineServer serve(ServerCredentials credentials, Consumer<GrpcEngineServer.Builder> more) {
        GrpcEngineServer.Builder builder = GrpcEngineServer.newBuilder(engine).port(0);
        if (credentials != null) {
            builder.credentials(credentials);
        }
        more.accept(builder);
        return track(builder.build().start());
    }

    private GrpcEngineService client(GrpcEngineServer server, ChannelCredentials credentials) {
        return client(server, credentials, null);
    }

    private GrpcEngineService client(GrpcEngineServer server, ChannelCredentials credentials,
            BearerTokenCredentials token) {
        GrpcEngineService.Builder builder = GrpcEngineService.newBuilder().target("localhost:" + server.port())
                .credentials(credentials).rpcTimeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.callCredentials(token);
        }
        return track(builder.build());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private static ServerCredentials serverTls(Path trust, ClientAuth clientAuth) {
        return TlsCredentials.serverFromPem(pem("server.pem"), pem("server.key"), trust, clientAuth);
    }

    private static StartWorkflowRequest start(String namespace, String workflowId) {
        return new StartWorkflowRequest(namespace, workflowId, "Matrix", TASK_QUEUE, List.of(), null, null, null,
                "test", UUID.randomUUID().toString());
    }

    static Path pem(String name) {
        try {
            return Path.of(Objects.requireNonNull(SecurityMatrixTest.class.getResource("/tls/" + name), name)
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(String token) {
        return java.util.HexFormat.of().formatHex(AccessToken.sha256(token));
    }

    private static void assertRefused(Runnable call, Status.Code code) {
        assertRefused(call, code, null);
    }

    /** The call fails with an engine error whose gRPC status has {@code code} (and {@code description}). */
    private static void assertRefused(Runnable call, Status.Code code, String description) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).isInstanceOf(EngineException.class);
        Status status = Status.fromThrowable(thrown);
        assertThat(status.getCode()).as("status of %s", thrown).isEqualTo(code);
        if (description != null) {
            assertThat(status.getDescription()).isEqualTo(description);
            assertThat(thrown.getMessage()).contains(description);
        }
    }
}
