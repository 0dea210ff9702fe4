package io.reprise.engine.proto;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.RetryPolicy;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.proto.v1.HistoryBatch;
import io.reprise.engine.proto.v1.RunVisibility;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every event type, command, and the values they are made of go Java → proto → bytes → proto → Java and come back
 * equal, in every variant {@link Samples} makes (every component set, empty, at an edge, each nullable one null).
 * A record component that the mapping forgets comes back different, so it fails here the day it is added.
 */
class ProtoRoundTripTest {

    @TestFactory
    Stream<DynamicTest> everyEventTypeRoundTripsInEveryVariant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            Samples.variants(type).forEach((variant, attributes) -> tests.add(DynamicTest.dynamicTest(
                    type.getSimpleName() + " (" + variant + ")", () -> {
                        HistoryEvent event = new HistoryEvent(42, Samples.T0, (EventAttributes) attributes);

                        io.reprise.engine.proto.v1.HistoryEvent proto = HistoryEventMapper.toProto(event);

                        assertThat(proto.getEventType().name())
                                .isEqualTo("EVENT_TYPE_" + EnumMapping.upperSnake(event.eventType().name()));
                        assertThat(proto.getAttributesCase().name())
                                .isEqualTo(EnumMapping.upperSnake(event.eventType().name()) + "_EVENT_ATTRIBUTES");
                        HistoryEvent back = HistoryEventMapper.fromProto(
                                io.reprise.engine.proto.v1.HistoryEvent.parseFrom(proto.toByteArray()));
                        assertThat(back.attributes()).isEqualTo(event.attributes());
                        assertThat(back).isEqualTo(event);
                    })));
        }
        assertThat(tests).hasSizeGreaterThan(3 * EventAttributes.class.getPermittedSubclasses().length);
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> everyCommandRoundTripsInEveryVariant() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Class<?> type : Command.class.getPermittedSubclasses()) {
            Samples.variants(type).forEach((variant, command) -> tests.add(DynamicTest.dynamicTest(
                    type.getSimpleName() + " (" + variant + ")", () -> {
                        io.reprise.engine.proto.v1.Command proto = CommandMapper.toProto((Command) command);

                        assertThat(proto.getAttributesCase().name())
                                .isEqualTo(EnumMapping.upperSnake(type.getSimpleName()) + "_COMMAND_ATTRIBUTES");
                        assertThat(CommandMapper.fromProto(
                                io.reprise.engine.proto.v1.Command.parseFrom(proto.toByteArray())))
                                .isEqualTo(command);
                    })));
        }
        assertThat(tests).hasSizeGreaterThan(3 * Command.class.getPermittedSubclasses().length);
        return tests.stream();
    }

    @Test
    void aBatchOfEventsRoundTripsInOrder() throws InvalidProtocolBufferException {
        List<HistoryEvent> events = new ArrayList<>();
        long id = 1;
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            events.add(new HistoryEvent(id, Samples.T0.plusSeconds(id),
                    (EventAttributes) Samples.record(type, Samples.Fill.FULL, (int) id, 0)));
            id++;
        }

        byte[] bytes = HistoryEventMapper.toBatch(events).toByteArray();

        List<HistoryEvent> back = HistoryEventMapper.fromBatch(HistoryBatch.parseFrom(bytes));
        assertThat(back).extracting(HistoryEvent::attributes)
                .containsExactlyElementsOf(events.stream().map(HistoryEvent::attributes).toList());
        assertThat(back).containsExactlyElementsOf(events);
    }

    @TestFactory
    Stream<DynamicTest> failuresRoundTripWithTheirCauseChain() {
        return Samples.variants(Failure.class).entrySet().stream().map(variant -> DynamicTest.dynamicTest(
                variant.getKey(), () -> {
                    Failure failure = variant.getValue();
                    if (!variant.getKey().contains("cause null") && !variant.getKey().contains("every")) {
                        assertThat(failure.cause()).as("the sample has a cause chain").isNotNull();
                        assertThat(failure.cause().cause()).isNotNull();
                    }
                    byte[] bytes = CommonMapper.toProto(failure).toByteArray();

                    assertThat(CommonMapper.fromProto(io.reprise.engine.proto.v1.Failure.parseFrom(bytes)))
                            .isEqualTo(failure);
                }));
    }

    @TestFactory
    Stream<DynamicTest> retryPoliciesRoundTrip() {
        return Samples.variants(RetryPolicy.class).entrySet().stream().map(variant -> DynamicTest.dynamicTest(
                variant.getKey(), () -> {
                    byte[] bytes = CommonMapper.toProto(variant.getValue()).toByteArray();

                    assertThat(CommonMapper.fromProto(true, io.reprise.engine.proto.v1.RetryPolicy.parseFrom(bytes)))
                            .isEqualTo(variant.getValue());
                }));
    }

    @TestFactory
    Stream<DynamicTest> payloadsRoundTrip() {
        Map<String, Payload> variants = new java.util.LinkedHashMap<>(Samples.variants(Payload.class));
        variants.put("the null value", Payload.nullValue());
        return variants.entrySet().stream().map(variant -> DynamicTest.dynamicTest(variant.getKey(), () -> {
            byte[] bytes = CommonMapper.toProto(variant.getValue()).toByteArray();

            assertThat(CommonMapper.fromProto(io.reprise.engine.proto.v1.Payload.parseFrom(bytes)))
                    .isEqualTo(variant.getValue());
        }));
    }

    @Test
    void aPayloadKeepsItsEncodingAsMetadata() {
        io.reprise.engine.proto.v1.Payload proto = CommonMapper.toProto(new Payload("json/plain", new byte[] {'1'}));

        assertThat(proto.getMetadataList()).extracting(e -> e.getKey() + "=" + e.getValue().toStringUtf8())
                .containsExactly("encoding=json/plain");
        assertThat(proto.getData().toStringUtf8()).isEqualTo("1");
    }

    @TestFactory
    Stream<DynamicTest> searchAttributeValuesOfEveryTypeRoundTrip() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Samples.Fill fill : Samples.Fill.values()) {
            for (int n = 0; n < io.reprise.common.SearchAttributeType.values().length; n++) {
                SearchAttributeValue value = (SearchAttributeValue) Samples.value(SearchAttributeValue.class, fill, n,
                        0);
                tests.add(DynamicTest.dynamicTest(value.type() + " " + fill, () -> {
                    byte[] bytes = CommonMapper.toProto(value).toByteArray();

                    assertThat(CommonMapper.fromProto(
                            io.reprise.engine.proto.v1.SearchAttributeValue.parseFrom(bytes))).isEqualTo(value);
                }));
            }
        }
        return tests.stream();
    }

    @Test
    void visibilityAttributesRoundTrip() throws InvalidProtocolBufferException {
        for (Samples.Fill fill : Samples.Fill.values()) {
            VisibilityAttributes visibility = (VisibilityAttributes) Samples.value(VisibilityAttributes.class, fill, 3,
                    0);

            byte[] bytes = VisibilityMapper.toProto(visibility).toByteArray();

            assertThat(VisibilityMapper.fromProto(RunVisibility.parseFrom(bytes))).as(fill.name())
                    .isEqualTo(visibility);
        }
    }

    @TestFactory
    Stream<DynamicTest> durationsAndInstantsKeepTheirNanoseconds() {
        List<Duration> durations = List.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(-1),
                Duration.ofMillis(-1500), Duration.ofSeconds(-3, 999_999_999), Duration.ofSeconds(86_400L * 365 * 100,
                        123_456_789));
        List<Instant> instants = List.of(Instant.EPOCH, Instant.ofEpochSecond(-1, 1), Samples.T0,
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("0001-01-01T00:00:00Z"));
        List<DynamicTest> tests = new ArrayList<>();
        durations.forEach(d -> tests.add(DynamicTest.dynamicTest(d.toString(), () -> {
            com.google.protobuf.Duration proto = CommonMapper.toProto(d);

            assertThat(proto.getNanos() == 0 || proto.getSeconds() == 0
                    || (proto.getSeconds() < 0) == (proto.getNanos() < 0))
                    .as("seconds and nanos of the same sign (the canonical form), got %s", proto).isTrue();
            assertThat(CommonMapper.fromProto(true, com.google.protobuf.Duration.parseFrom(proto.toByteArray())))
                    .isEqualTo(d);
        })));
        instants.forEach(i -> tests.add(DynamicTest.dynamicTest(i.toString(), () -> {
            byte[] bytes = CommonMapper.toProto(i).toByteArray();

            assertThat(CommonMapper.fromProto(true, com.google.protobuf.Timestamp.parseFrom(bytes))).isEqualTo(i);
        })));
        return tests.stream();
    }

    @Test
    void everyConstantOfEveryMappedEnumRoundTripsAndNullIsUnspecified() {
        List<EnumMapping<?, ?>> mappings = List.of(ProtoEnums.EVENT_TYPES, ProtoEnums.FAILURE_KINDS,
                ProtoEnums.TIMEOUT_TYPES, ProtoEnums.RETRY_STATES, ProtoEnums.STATUSES,
                ProtoEnums.WORKFLOW_TASK_FAILED_CAUSES, ProtoEnums.PARENT_CLOSE_POLICIES,
                ProtoEnums.WORKFLOW_ID_REUSE_POLICIES, ProtoEnums.INITIATORS);
        for (EnumMapping<?, ?> mapping : mappings) {
            assertEveryConstantRoundTrips(mapping);
        }
    }

    private static <J extends Enum<J>, P extends Enum<P> & com.google.protobuf.ProtocolMessageEnum> void
            assertEveryConstantRoundTrips(EnumMapping<J, P> mapping) {
        assertThat(mapping.toProto(null).getNumber()).isZero();
        assertThat(mapping.fromProto(0)).isNull();
        J any = null;
        for (J constant : mapping.javaConstants()) {
            any = constant;
            P proto = mapping.toProto(constant);
            assertThat(proto.name()).endsWith("_" + EnumMapping.upperSnake(constant.name()));
            assertThat(mapping.fromProto(proto.getNumber())).isEqualTo(constant);
        }
        assertThat(any).isNotNull();
    }
}
