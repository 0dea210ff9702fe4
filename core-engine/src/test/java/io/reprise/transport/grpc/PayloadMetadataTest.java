package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.engine.Engine;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.proto.CommonMapper;
import io.reprise.engine.store.JdbcExecutionStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A payload keeps all of its metadata, not only its encoding: across the proto mapping, the wire and the store. */
class PayloadMetadataTest {

    private static final Payload ENCRYPTED = new Payload("binary/encrypted", new byte[] {1, 2, 3},
            Map.of("encryption-key-id", "key-7".getBytes(StandardCharsets.UTF_8),
                    "compression", new byte[] {0, (byte) 0xff}));

    @TempDir
    Path directory;

    @Test
    void javaToProtoToJavaKeepsEveryMetadataKey() throws Exception {
        io.reprise.engine.proto.v1.Payload proto = CommonMapper.toProto(ENCRYPTED);

        assertThat(proto.getMetadataList()).extracting(e -> e.getKey())
                .containsExactly("encoding", "compression", "encryption-key-id");
        assertThat(proto.getMetadata(0).getValue().toStringUtf8()).isEqualTo("binary/encrypted");
        assertThat(CommonMapper.fromProto(proto)).isEqualTo(ENCRYPTED);
        assertThat(CommonMapper.fromProto(io.reprise.engine.proto.v1.Payload.parseFrom(proto.toByteArray())))
                .isEqualTo(ENCRYPTED);
    }

    @Test
    void metadataIsPartOfAPayloadsValueAndCannotBeChangedFromOutside() {
        byte[] keyId = "key-7".getBytes(StandardCharsets.UTF_8);
        Payload payload = new Payload("binary/encrypted", new byte[] {1, 2, 3}, Map.of("encryption-key-id", keyId));
        keyId[0] = 'X';
        payload.metadata().get("encryption-key-id")[0] = 'Y';

        assertThat(payload.metadata().get("encryption-key-id")).isEqualTo("key-7".getBytes(StandardCharsets.UTF_8));
        assertThat(payload).isNotEqualTo(new Payload("binary/encrypted", new byte[] {1, 2, 3}))
                .isEqualTo(new Payload("binary/encrypted", new byte[] {1, 2, 3}).withMetadata("encryption-key-id",
                        "key-7".getBytes(StandardCharsets.UTF_8)))
                .hasSameHashCodeAs(new Payload("binary/encrypted", new byte[] {1, 2, 3}, Map.of("encryption-key-id",
                        "key-7".getBytes(StandardCharsets.UTF_8))));
        assertThat(new Payload("json/plain", new byte[0]).metadata()).isEmpty();
        assertThatThrownBy(() -> new Payload("json/plain", new byte[0], Map.of("encoding", new byte[0])))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("The metadata key \"encoding\" is the"
                        + " payload's encoding; give it as the encoding, not in the metadata");
    }

    @Test
    void aPayloadsMetadataCrossesTheRemoteClientAndSurvivesTheStoreReopened() {
        Path store = directory.resolve("engine.db");
        StartWorkflowRequest start = new StartWorkflowRequest("default", "sealed", "Order", "orders",
                List.of(ENCRYPTED, Payload.nullValue()), null, null, null, "test", null);

        try (Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteFile(store)).build()) {
            GrpcEngineServer server = GrpcEngineServer.newBuilder(engine).port(0).build().start();
            try (GrpcEngineService remote = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port())
                    .build()) {
                remote.startWorkflow(start);

                assertThat(startedInput(remote.getHistory("default", "sealed", null)))
                        .containsExactly(ENCRYPTED, Payload.nullValue());
            } finally {
                server.close();
            }
        }
        try (Engine reopened = Engine.builder().store(JdbcExecutionStore.sqliteFile(store)).build()) {
            assertThat(startedInput(reopened.getHistory("default", "sealed", null)))
                    .containsExactly(ENCRYPTED, Payload.nullValue());
        }
    }

    private static List<Payload> startedInput(List<HistoryEvent> history) {
        return ((EventAttributes.WorkflowExecutionStarted) history.get(0).attributes()).input();
    }
}
