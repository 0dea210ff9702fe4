package io.reprise.engine.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.reprise.common.Payload;
import io.reprise.engine.proto.v1.MetadataEntry;
import io.reprise.engine.proto.v1.PayloadEntry;
import io.reprise.engine.proto.v1.ScheduleActivityTaskCommandAttributes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The repeated entry messages of common.proto are written in the bytes of the {@code map} fields they replaced:
 * one length-delimited entry per key, holding its key (field 1) and its value (field 2), both always written, even
 * when empty (as protobuf-java writes a map entry), in the map's order. So data and messages written by earlier
 * builds read the same, and theirs read ours.
 */
class MapEntryWireTest {

    @Test
    void payloadMetadataIsWrittenAsTheMapOfStringToBytesWas() throws IOException {
        io.reprise.engine.proto.v1.Payload proto = io.reprise.engine.proto.v1.Payload.newBuilder()
                .addMetadata(metadata("encoding", "json/plain"))
                .addMetadata(metadata("", ""))
                .setData(ByteString.copyFromUtf8("1"))
                .build();

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(expected);
        for (String[] entry : new String[][] {{"encoding", "json/plain"}, {"", ""}}) {
            out.writeTag(1, 2);
            out.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, entry[0])
                    + CodedOutputStream.computeBytesSize(2, ByteString.copyFromUtf8(entry[1])));
            out.writeString(1, entry[0]);
            out.writeBytes(2, ByteString.copyFromUtf8(entry[1]));
        }
        out.writeBytes(2, ByteString.copyFromUtf8("1"));
        out.flush();

        assertThat(proto.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void aHeaderIsWrittenAsTheMapOfStringToPayloadWasAndAnEmptyValueIsStillWritten() throws IOException {
        io.reprise.engine.proto.v1.Payload value = CommonMapper.toProto(new Payload("json/plain", new byte[] {'7'}));
        ScheduleActivityTaskCommandAttributes proto = ScheduleActivityTaskCommandAttributes.newBuilder()
                .addHeader(PayloadEntry.newBuilder().setKey("trace").setValue(value))
                .addHeader(PayloadEntry.newBuilder().setKey("").setValue(io.reprise.engine.proto.v1.Payload
                        .getDefaultInstance()))
                .build();
        int headerField = ScheduleActivityTaskCommandAttributes.HEADER_FIELD_NUMBER;

        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(expected);
        for (Map.Entry<String, io.reprise.engine.proto.v1.Payload> entry : entries("trace", value,
                "", io.reprise.engine.proto.v1.Payload.getDefaultInstance()).entrySet()) {
            out.writeTag(headerField, 2);
            out.writeUInt32NoTag(CodedOutputStream.computeStringSize(1, entry.getKey())
                    + CodedOutputStream.computeMessageSize(2, entry.getValue()));
            out.writeString(1, entry.getKey());
            out.writeMessage(2, entry.getValue());
        }
        out.flush();

        assertThat(proto.toByteArray()).isEqualTo(expected.toByteArray());
    }

    @Test
    void theLastEntryOfAKeyWinsAsForAMap() {
        io.reprise.engine.proto.v1.Payload proto = io.reprise.engine.proto.v1.Payload.newBuilder()
                .addMetadata(metadata("encoding", "binary/null"))
                .addMetadata(metadata("codec", "a"))
                .addMetadata(metadata("encoding", "json/plain"))
                .addMetadata(metadata("codec", "b"))
                .setData(ByteString.copyFromUtf8("1"))
                .build();

        assertThat(CommonMapper.fromProto(proto)).isEqualTo(new Payload("json/plain", new byte[] {'1'},
                Map.of("codec", "b".getBytes(StandardCharsets.UTF_8))));
        assertThat(CommonMapper.payloadMapFromProto(java.util.List.of(
                PayloadEntry.newBuilder().setKey("k").setValue(CommonMapper.toProto(Payload.nullValue())).build(),
                PayloadEntry.newBuilder().setKey("k").setValue(CommonMapper.toProto(
                        new Payload("json/plain", new byte[] {'2'}))).build())))
                .containsExactly(Map.entry("k", new Payload("json/plain", new byte[] {'2'})));
    }

    private static MetadataEntry metadata(String key, String value) {
        return MetadataEntry.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value)).build();
    }

    private static Map<String, io.reprise.engine.proto.v1.Payload> entries(String k1,
            io.reprise.engine.proto.v1.Payload v1, String k2, io.reprise.engine.proto.v1.Payload v2) {
        Map<String, io.reprise.engine.proto.v1.Payload> entries = new LinkedHashMap<>();
        entries.put(k1, v1);
        entries.put(k2, v2);
        return entries;
    }
}
