package io.reprise.engine.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.UnknownFieldSet;
import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.proto.v1.ActivityTaskFailedEventAttributes;
import io.reprise.engine.proto.v1.Command;
import io.reprise.engine.proto.v1.HistoryProto;
import io.reprise.engine.proto.v1.SearchAttributeValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Versions meet: a reader built before a field was added reads what a newer writer wrote (the field is skipped), a
 * newer reader reads what an older writer wrote (the field is absent), and what an older reader cannot represent
 * (an event type, command, enum value or search attribute type added later) is refused with a message that says
 * so, rather than misread.
 */
class ProtoEvolutionTest {

    private static final HistoryEvent TIMER_STARTED = new HistoryEvent(5, Samples.T0,
            new EventAttributes.TimerStarted("nap", Duration.ofMinutes(5), 4));

    @Test
    void anEventFromANewerWriterWithAnAddedFieldIsReadWithoutIt() throws Exception {
        Descriptor newerEvent = newerHistorySchema().findMessageTypeByName("HistoryEvent");
        DynamicMessage asWritten = DynamicMessage.parseFrom(newerEvent,
                HistoryEventMapper.toProto(TIMER_STARTED).toByteArray());
        FieldDescriptor attributesField = newerEvent.findFieldByName("timer_started_event_attributes");
        DynamicMessage attributes = (DynamicMessage) asWritten.getField(attributesField);
        DynamicMessage newer = asWritten.toBuilder().setField(attributesField, attributes.toBuilder()
                .setField(attributes.getDescriptorForType().findFieldByName("summary"), "a nap").build()).build();

        io.reprise.engine.proto.v1.HistoryEvent read =
                io.reprise.engine.proto.v1.HistoryEvent.parseFrom(newer.toByteArray());

        assertThat(HistoryEventMapper.fromProto(read)).isEqualTo(TIMER_STARTED);
        assertThat(read.getTimerStartedEventAttributes().getUnknownFields().hasField(4))
                .as("the field this build does not know is kept, not lost, if the message is written again").isTrue();
    }

    @Test
    void anEventFromAnOlderWriterIsReadByANewerSchemaWithTheAddedFieldAbsent() throws Exception {
        Descriptor newerEvent = newerHistorySchema().findMessageTypeByName("HistoryEvent");
        byte[] older = HistoryEventMapper.toProto(TIMER_STARTED).toByteArray();

        DynamicMessage read = DynamicMessage.parseFrom(newerEvent, older);

        DynamicMessage attributes = (DynamicMessage) read.getField(
                newerEvent.findFieldByName("timer_started_event_attributes"));
        FieldDescriptor summary = attributes.getDescriptorForType().findFieldByName("summary");
        assertThat(attributes.hasField(summary)).isFalse();
        assertThat(attributes.getField(attributes.getDescriptorForType().findFieldByName("timer_id")))
                .isEqualTo("nap");
        assertThat(read.getUnknownFields().asMap()).isEmpty();
        assertThat(read.toByteArray()).isEqualTo(older);
    }

    @Test
    void anEventOfATypeAddedLaterIsRefusedNamingTheNewerWriter() {
        io.reprise.engine.proto.v1.HistoryEvent newer = io.reprise.engine.proto.v1.HistoryEvent.newBuilder()
                .setEventId(9).setEventTypeValue(400)
                .setUnknownFields(unknownField(409))
                .build();

        assertThatThrownBy(() -> HistoryEventMapper.fromProto(parseEvent(newer.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("History event 9 is of event type 400, which this build of Reprise does not know: it was"
                        + " written by a newer one; upgrade to read this history");
    }

    @Test
    void anEventWithoutAttributesIsRefused() {
        io.reprise.engine.proto.v1.HistoryEvent empty = io.reprise.engine.proto.v1.HistoryEvent.newBuilder()
                .setEventId(3).build();

        assertThatThrownBy(() -> HistoryEventMapper.fromProto(empty))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("History event 3 has no attributes");
    }

    @Test
    void anEventWithoutTimeIsRefused() {
        io.reprise.engine.proto.v1.HistoryEvent timeless = HistoryEventMapper.toProto(TIMER_STARTED).toBuilder()
                .clearEventTime().build();

        assertThatThrownBy(() -> HistoryEventMapper.fromProto(timeless))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("History event 5 has no event time");
    }

    @Test
    void anEventWhoseTypeContradictsItsAttributesIsRefused() {
        io.reprise.engine.proto.v1.HistoryEvent wrong = HistoryEventMapper.toProto(TIMER_STARTED).toBuilder()
                .setEventType(io.reprise.engine.proto.v1.EventType.EVENT_TYPE_TIMER_FIRED).build();

        assertThatThrownBy(() -> HistoryEventMapper.fromProto(wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("History event 5 has event type TimerFired but the attributes of TimerStarted");
    }

    @Test
    void anEnumValueAddedLaterIsRefusedNamingTheNewerWriter() throws Exception {
        io.reprise.engine.proto.v1.HistoryEvent newer = io.reprise.engine.proto.v1.HistoryEvent.newBuilder()
                .setEventId(7).setEventTime(CommonMapper.toProto(Samples.T0))
                .setActivityTaskFailedEventAttributes(ActivityTaskFailedEventAttributes.newBuilder()
                        .setScheduledEventId(5).setRetryStateValue(400))
                .build();

        assertThatThrownBy(() -> HistoryEventMapper.fromProto(parseEvent(newer.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("RetryState value 400 is unknown to this build of Reprise: it was written by a newer one;"
                        + " upgrade this side to read it");
    }

    @Test
    void aCommandAddedLaterIsRefusedNamingTheNewerSender() throws Exception {
        Command newer = Command.newBuilder().setUnknownFields(unknownField(900)).build();

        assertThatThrownBy(() -> CommandMapper.fromProto(Command.parseFrom(newer.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A command is of a type this build of Reprise does not know (field [900]): it was sent by"
                        + " a newer one");
        assertThatThrownBy(() -> CommandMapper.fromProto(Command.getDefaultInstance()))
                .hasMessage("A command has no attributes set");
    }

    @Test
    void aSearchAttributeTypeAddedLaterIsRefusedNamingTheNewerWriter() throws Exception {
        SearchAttributeValue newer = SearchAttributeValue.newBuilder().setUnknownFields(unknownField(99)).build();

        assertThatThrownBy(() -> CommonMapper.fromProto(SearchAttributeValue.parseFrom(newer.toByteArray())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A search attribute value is of a type this build of Reprise does not know (field [99]):"
                        + " it was written by a newer one");
    }

    @Test
    void payloadMetadataBesidesTheEncodingIsKept() {
        io.reprise.engine.proto.v1.Payload newer = io.reprise.engine.proto.v1.Payload.newBuilder()
                .addMetadata(metadata("encoding", "json/plain"))
                .addMetadata(metadata("compression", "none"))
                .setData(ByteString.copyFromUtf8("42"))
                .build();

        assertThat(CommonMapper.fromProto(newer)).isEqualTo(new Payload("json/plain",
                "42".getBytes(StandardCharsets.UTF_8), Map.of("compression", "none".getBytes(StandardCharsets.UTF_8))));
        assertThat(CommonMapper.toProto(CommonMapper.fromProto(newer))).isEqualTo(newer);
    }

    @Test
    void aPayloadWithoutEncodingIsRefused() {
        io.reprise.engine.proto.v1.Payload bare = io.reprise.engine.proto.v1.Payload.newBuilder()
                .addMetadata(metadata("format", "x")).build();

        assertThatThrownBy(() -> CommonMapper.fromProto(bare))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A payload has no \"encoding\" metadata (its keys: [format]); every payload names its"
                        + " encoding, e.g. json/plain");
    }

    /** history.proto as a later version might have it: TimerStartedEventAttributes with a field 4, "summary". */
    private static FileDescriptor newerHistorySchema() throws DescriptorValidationException {
        FileDescriptor current = HistoryProto.getDescriptor();
        FileDescriptorProto.Builder file = current.toProto().toBuilder();
        for (DescriptorProto.Builder message : file.getMessageTypeBuilderList()) {
            if (message.getName().equals("TimerStartedEventAttributes")) {
                message.addField(FieldDescriptorProto.newBuilder().setName("summary").setNumber(4)
                        .setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL));
            }
        }
        return FileDescriptor.buildFrom(file.build(), current.getDependencies().toArray(new FileDescriptor[0]));
    }

    private static UnknownFieldSet unknownField(int number) {
        return UnknownFieldSet.newBuilder()
                .addField(number, UnknownFieldSet.Field.newBuilder().addLengthDelimited(ByteString.EMPTY).build())
                .build();
    }

    private static io.reprise.engine.proto.v1.HistoryEvent parseEvent(byte[] bytes) throws Exception {
        return io.reprise.engine.proto.v1.HistoryEvent.parseFrom(bytes);
    }

    private static io.reprise.engine.proto.v1.MetadataEntry metadata(String key, String value) {
        return io.reprise.engine.proto.v1.MetadataEntry.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8(value))
                .build();
    }
}
