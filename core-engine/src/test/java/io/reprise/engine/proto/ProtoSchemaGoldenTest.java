package io.reprise.engine.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The proto v1 schema of this build keeps every field, enum value and method of the golden descriptor set committed
 * at {@value #GOLDEN} (field numbers, names, types, labels, presence): data and messages written under it stay
 * readable. Adding fields, messages and values passes. How to update the golden deliberately: docs/proto.md.
 */
class ProtoSchemaGoldenTest {

    static final String GOLDEN = "golden/reprise-engine-v1.desc";
    /** Written by the build (protobuf-maven-plugin, outputDescriptorFile in core-engine/pom.xml). */
    static final Path CURRENT = Path.of("target/proto/reprise-engine-v1.desc");

    @Test
    void thisBuildsSchemaBreaksNothingOfTheGolden() throws IOException {
        assertThat(DescriptorCompatibility.breakingChanges(golden(), current()))
                .as("changes to reprise/engine/v1 that break data or clients written under the golden (%s); see "
                        + "docs/proto.md", GOLDEN)
                .isEmpty();
    }

    @Test
    void theGoldenHoldsEveryV1File() throws IOException {
        assertThat(golden().getFileList()).extracting(FileDescriptorProto::getName)
                .allMatch(name -> name.startsWith("reprise/engine/v1/"))
                .contains("reprise/engine/v1/common.proto", "reprise/engine/v1/history.proto",
                        "reprise/engine/v1/command.proto", "reprise/engine/v1/store.proto");
    }

    @Test
    void theProtoPageNamesEveryV1FileAndHowToUpdateTheGolden() throws IOException {
        String page = Files.readString(Path.of("../docs/proto.md"));

        assertThat(current().getFileList()).extracting(FileDescriptorProto::getName)
                .allSatisfy(name -> assertThat(page).contains("`" + name.substring(name.lastIndexOf('/') + 1) + "`"));
        assertThat(page).contains("cp " + "core-engine/" + CURRENT + " core-engine/src/test/resources/golden/");
    }

    // The check itself, on the current schema changed the ways it must catch (and must let pass).

    @Test
    void aRemovedFieldIsReported() throws IOException {
        FileDescriptorSet changed = change("TimerFiredEventAttributes",
                m -> m.toBuilder().removeField(1).build());

        assertThat(DescriptorCompatibility.breakingChanges(current(), changed)).containsExactly(
                "field reprise.engine.v1.TimerFiredEventAttributes.started_event_id = 2 was removed; keep it, or"
                        + " reserve its number and its name");
    }

    @Test
    void aRemovedFieldWhoseNumberAndNameAreReservedPasses() throws IOException {
        FileDescriptorSet changed = change("TimerFiredEventAttributes", m -> m.toBuilder().removeField(1)
                .addReservedRange(DescriptorProto.ReservedRange.newBuilder().setStart(2).setEnd(3))
                .addReservedName("started_event_id").build());

        assertThat(DescriptorCompatibility.breakingChanges(current(), changed)).isEmpty();
    }

    @Test
    void aReusedNumberAndAChangedTypeOrLabelAreReported() throws IOException {
        FileDescriptorSet changed = change("TimerFiredEventAttributes", m -> m.toBuilder()
                .setField(1, m.getField(1).toBuilder().setName("fired_event_id"))
                .setField(0, m.getField(0).toBuilder().setType(FieldDescriptorProto.Type.TYPE_BYTES)
                        .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).clearProto3Optional()
                        .clearOneofIndex())
                .build());

        assertThat(DescriptorCompatibility.breakingChanges(current(), changed)).containsExactly(
                "reprise.engine.v1.TimerFiredEventAttributes.timer_id = 1: type changed from TYPE_STRING to TYPE_BYTES",
                "reprise.engine.v1.TimerFiredEventAttributes.timer_id = 1: label changed from LABEL_OPTIONAL to"
                        + " LABEL_REPEATED",
                "reprise.engine.v1.TimerFiredEventAttributes.timer_id = 1: presence (optional) changed from true to"
                        + " false",
                "reprise.engine.v1.TimerFiredEventAttributes.started_event_id = 2: name changed from started_event_id"
                        + " to fired_event_id");
    }

    @Test
    void aRenumberedEnumValueIsReported() throws IOException {
        FileDescriptorSet set = current();
        FileDescriptorSet.Builder changed = set.toBuilder();
        for (FileDescriptorProto.Builder file : changed.getFileBuilderList()) {
            file.getEnumTypeBuilderList().stream().filter(e -> e.getName().equals("RetryState")).forEach(e -> {
                EnumValueDescriptorProto timeout = e.getValue(3);
                e.setValue(3, timeout.toBuilder().setNumber(40));
            });
        }

        assertThat(DescriptorCompatibility.breakingChanges(set, changed.build())).containsExactly(
                "enum value reprise.engine.v1.RetryState.RETRY_STATE_TIMEOUT = 3 was removed or renumbered; keep it,"
                        + " or reserve its number and its name");
    }

    @Test
    void addedFieldsMessagesAndValuesPass() throws IOException {
        FileDescriptorSet changed = change("TimerFiredEventAttributes", m -> m.toBuilder()
                .addField(FieldDescriptorProto.newBuilder().setName("fired_by").setNumber(3)
                        .setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
                .addNestedType(DescriptorProto.newBuilder().setName("Extra"))
                .build());

        assertThat(DescriptorCompatibility.breakingChanges(current(), changed)).isEmpty();
    }

    @Test
    void aMapFieldMayBecomeARepeatedEntryWithTheSameKeyAndValueButNoOtherMessage() throws IOException {
        // Payload.metadata as it was until 2026-12: map<string, bytes>, whose entry protoc generates as a nested
        // message with the map_entry option. It is now repeated MetadataEntry (common.proto).
        FileDescriptorSet asAMap = change("Payload", m -> m.toBuilder()
                .setField(0, m.getField(0).toBuilder().setTypeName(".reprise.engine.v1.Payload.MetadataEntry"))
                .addNestedType(DescriptorProto.newBuilder().setName("MetadataEntry")
                        .setOptions(DescriptorProtos.MessageOptions.newBuilder().setMapEntry(true))
                        .addField(FieldDescriptorProto.newBuilder().setName("key").setNumber(1)
                                .setType(FieldDescriptorProto.Type.TYPE_STRING)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
                        .addField(FieldDescriptorProto.newBuilder().setName("value").setNumber(2)
                                .setType(FieldDescriptorProto.Type.TYPE_BYTES)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)))
                .build());
        FileDescriptorSet otherValue = change("MetadataEntry", m -> m.toBuilder()
                .setField(1, m.getField(1).toBuilder().setType(FieldDescriptorProto.Type.TYPE_STRING)).build());
        FileDescriptorSet otherMessage = change("Payload", m -> m.toBuilder()
                .setField(0, m.getField(0).toBuilder().setTypeName(".reprise.engine.v1.PayloadEntry")).build());

        assertThat(DescriptorCompatibility.breakingChanges(asAMap, current())).isEmpty();
        assertThat(DescriptorCompatibility.breakingChanges(asAMap, otherValue)).containsExactly(
                "reprise.engine.v1.Payload.metadata = 1: was a map, and MetadataEntry does not have its entry's field"
                        + " value = 2 (TYPE_BYTES)",
                "reprise.engine.v1.MetadataEntry.value = 2: type changed from TYPE_BYTES to TYPE_STRING");
        assertThat(DescriptorCompatibility.breakingChanges(asAMap, otherMessage)).containsExactly(
                "reprise.engine.v1.Payload.metadata = 1: was a map, and PayloadEntry does not have its entry's field"
                        + " value = 2 (TYPE_BYTES)");
    }

    /** A schema with no {@code map} field: protobuf-java builds every file's descriptors behind one on first use. */
    @Test
    void noMessageHasAMapField() throws IOException {
        assertThat(current().getFileList().stream().flatMap(f -> f.getMessageTypeList().stream())
                .flatMap(ProtoSchemaGoldenTest::withNested)
                .filter(m -> m.getOptions().getMapEntry()).map(DescriptorProto::getName))
                .as("map entry messages (use a repeated entry message of common.proto; docs/proto.md, \"Maps\")")
                .isEmpty();
    }

    private static java.util.stream.Stream<DescriptorProto> withNested(DescriptorProto message) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(message),
                message.getNestedTypeList().stream().flatMap(ProtoSchemaGoldenTest::withNested));
    }

    static FileDescriptorSet golden() throws IOException {
        try (InputStream in = ProtoSchemaGoldenTest.class.getClassLoader().getResourceAsStream(GOLDEN)) {
            assertThat(in).as("the golden descriptor set %s on the test class path", GOLDEN).isNotNull();
            return FileDescriptorSet.parseFrom(in);
        }
    }

    static FileDescriptorSet current() throws IOException {
        assertThat(CURRENT).as("the descriptor set the build writes (run ./mvnw -pl core-engine generate-sources)")
                .exists();
        return FileDescriptorSet.parseFrom(Files.readAllBytes(CURRENT));
    }

    /** The current set with the top-level message {@code name} changed. */
    private static FileDescriptorSet change(String name, UnaryOperator<DescriptorProto> change) throws IOException {
        FileDescriptorSet.Builder set = current().toBuilder();
        boolean found = false;
        for (FileDescriptorProto.Builder file : set.getFileBuilderList()) {
            for (int i = 0; i < file.getMessageTypeCount(); i++) {
                if (file.getMessageType(i).getName().equals(name)) {
                    file.setMessageType(i, change.apply(file.getMessageType(i)));
                    found = true;
                }
            }
        }
        assertThat(found).as("message %s", name).isTrue();
        return set.build();
    }
}
