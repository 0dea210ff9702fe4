package io.reprise.internal.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.grpc.Status;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.store.JdbcExecutionStore;
import io.reprise.transport.grpc.GrpcEngineServer;
import io.reprise.transport.grpc.GrpcEngineService;
import io.reprise.transport.grpc.security.AccessToken;
import io.reprise.transport.grpc.security.BearerTokenCredentials;
import io.reprise.transport.grpc.security.BearerTokenInterceptor;
import io.reprise.transport.grpc.security.Role;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A poll that a remote engine refuses for the worker's credentials (no token, an unknown one, a role it lacks) is a
 * refusal that waiting will not fix: the poller waits the longest backoff at once and reports it once
 * ({@link Poller}), instead of retrying in a tight loop.
 */
class RefusedCredentialsBackoffTest {

    private Engine engine;
    private GrpcEngineServer server;

    @BeforeEach
    void serve() {
        engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
        server = GrpcEngineServer.newBuilder(engine).port(0).interceptor(new BearerTokenInterceptor(List.of(
                AccessToken.ofToken("reader", "reader-secret").grant(Role.READ, "default")))).build().start();
    }

    @AfterEach
    void stop() {
        server.close();
        engine.close();
    }

    @Test
    void aPollRefusedForItsCredentialsWaitsTheLongestBackoffAtOnce() {
        for (String token : new String[] {null, "guessed", "reader-secret"}) {
            GrpcEngineService.Builder builder = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port());
            if (token != null) {
                builder.callCredentials(new BearerTokenCredentials(token));
            }
            try (GrpcEngineService client = builder.build()) {
                EngineException refused = catchThrowableOfType(EngineException.class,
                        () -> client.pollWorkflowTask("default", "orders", "worker", Duration.ofSeconds(1)));

                assertThat(Status.fromThrowable(refused).getCode()).as("token %s", token)
                        .isEqualTo("reader-secret".equals(token) ? Status.Code.PERMISSION_DENIED
                                : Status.Code.UNAUTHENTICATED);
                assertThat(PollBackoff.isRetryable(refused)).as("token %s", token).isFalse();
                assertThat(new PollBackoff(PollBackoff.INITIAL, PollBackoff.MAXIMUM, () -> 0).afterFailure(refused))
                        .isEqualTo(PollBackoff.MAXIMUM);
            }
        }
    }
}
