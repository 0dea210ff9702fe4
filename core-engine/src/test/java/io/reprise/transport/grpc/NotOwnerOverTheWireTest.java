package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.Engine;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.store.JdbcExecutionStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link NotOwnerException} crosses the wire both ways: the server answers it as {@code UNAVAILABLE} with the shard
 * and owner as trailers, and the client throws it again, so that a node forwarding a call recognises a wrong guess.
 */
class NotOwnerOverTheWireTest {

    final Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build();
    GrpcEngineServer server;
    GrpcEngineService client;

    @AfterEach
    void stop() {
        client.close();
        server.close();
        engine.close();
    }

    void serveRefusing(NotOwnerException refusal) {
        server = GrpcEngineServer.newBuilder(GrpcTransportTest.wrap(engine, (method, args, call) -> {
            if (method.getName().equals("describeWorkflow") || method.getName().equals("awaitOutcome")) {
                throw refusal;
            }
            return call.proceed();
        })).port(0).build().start();
        client = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port()).build();
    }

    @Test
    void aRefusalAsNotOwnerArrivesWithItsShardOwnerCodeAndMessage() {
        serveRefusing(new NotOwnerException(17, "node-b", "Not owner of shard 17: node-b owns it"));

        assertThatThrownBy(() -> client.describeWorkflow("default", "o-1", null))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> {
                    assertThat(e.shard()).isEqualTo(17);
                    assertThat(e.ownerNodeId()).contains("node-b");
                    assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
                })
                .hasMessage("Not owner of shard 17: node-b owns it");
    }

    @Test
    void aRefusalNamingNoOwnerArrivesWithoutOne() {
        serveRefusing(new NotOwnerException(3, null, "Shard 3 is moving"));

        assertThatThrownBy(() -> client.describeWorkflow("default", "o-1", null))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> {
                    assertThat(e.shard()).isEqualTo(3);
                    assertThat(e.ownerNodeId()).isEmpty();
                })
                .hasMessage("Shard 3 is moving");
    }

    @Test
    void aResultWaitPassesARefusalAsNotOwnerOnInsteadOfAskingTheSameNodeAgain() {
        serveRefusing(new NotOwnerException(17, "node-b", "Not owner of shard 17: node-b owns it"));

        assertThatThrownBy(() -> client.awaitOutcome("default", "o-1", null, java.time.Duration.ofSeconds(60)))
                .isInstanceOfSatisfying(NotOwnerException.class, e -> assertThat(e.ownerNodeId()).contains("node-b"));
    }

    @Test
    void anOtherUnavailableStaysAPlainEngineException() {
        serveRefusing(new NotOwnerException(3, null, "unused"));
        server.close();

        assertThatThrownBy(() -> client.describeWorkflow("default", "o-1", null))
                .isExactlyInstanceOf(EngineException.class)
                .extracting(e -> ((EngineException) e).getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
    }
}
