package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.Test;

class StatusMappingTest {

    @Test
    void aConnectionClosedUnderTheCallIsGrpcsUnknownChannelClosedWithTheChannelsException() {
        // What grpc-netty reports when the engine's connection closes while a call waits (ServerKillRecoveryTest).
        StatusRuntimeException closed = Status.UNKNOWN.withDescription("channel closed")
                .withCause(new ClosedChannelException()).asRuntimeException();

        assertThat(StatusMapping.isConnectionClosed(closed)).isTrue();
    }

    @Test
    void otherFailuresAreNotAClosedConnection() {
        assertThat(StatusMapping.isConnectionClosed(Status.UNKNOWN.withDescription("boom").asRuntimeException()))
                .isFalse();
        assertThat(StatusMapping.isConnectionClosed(Status.UNKNOWN.withCause(new IOException("reset"))
                .asRuntimeException())).isFalse();
        assertThat(StatusMapping.isConnectionClosed(Status.UNAVAILABLE.withCause(new ClosedChannelException())
                .asRuntimeException())).isFalse();
    }
}
