package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.failure.TimeoutType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");

    @Test
    void everyEventTypeRoundTripsWithEveryComponentSet() {
        List<HistoryEvent> events = new ArrayList<>();
        long id = 1;
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            events.add(new HistoryEvent(id, T0.plusSeconds(id), (EventAttributes) sample(type, 0)));
            id++;
        }

        HistoryBatch batch = EventCodec.encode(events);

        assertThat(batch.firstEventId()).isEqualTo(1);
        assertThat(batch.lastEventId()).isEqualTo(events.size());
        assertThat(EventCodec.decode(batch.events())).containsExactlyElementsOf(events);
    }

    @Test
    void everyEventTypeRoundTripsWithItsNullableComponentsNull() {
        List<HistoryEvent> events = new ArrayList<>();
        long id = 1;
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            events.add(new HistoryEvent(id++, T0, (EventAttributes) empty(type)));
        }

        assertThat(EventCodec.decode(EventCodec.encode(events).events())).containsExactlyElementsOf(events);
    }

    @Test
    void startEventsOfARealRunRoundTrip() {
        TransitionContext start = StartWorkflowProcessor.start(new ExecutionKey("default", "order-1", "run-1"),
                new StartWorkflowRequest("default", "order-1", "OrderWorkflow", "orders",
                        List.of(new Payload("json/plain", "\"é ✓\"".getBytes(StandardCharsets.UTF_8))), null, null,
                        null, "me", null),
                Duration.ofSeconds(10), T0, new HistorySettings(1 << 20, Duration.ofSeconds(5), "engine"));

        assertThat(EventCodec.decode(EventCodec.encode(start.events()).events()))
                .containsExactlyElementsOf(start.events());
    }

    @Test
    void longAndNonAsciiStringsRoundTrip() {
        String long1 = "stack line ✓\n".repeat(10_000);
        Failure failure = new Failure(FailureKind.APPLICATION, "ünïcode", "Declined", true, List.of(), null, null,
                long1, Failure.timeout(TimeoutType.HEARTBEAT, List.of(), null));
        List<HistoryEvent> events = List.of(new HistoryEvent(7, T0,
                new EventAttributes.WorkflowExecutionFailed(failure, 6)));

        assertThat(EventCodec.decode(EventCodec.encode(events).events())).containsExactlyElementsOf(events);
    }

    @Test
    void batchesInTheJsonFormAreStillRead() {
        List<HistoryEvent> events = List.of(
                new HistoryEvent(1, T0, new EventAttributes.WorkflowTaskScheduled("orders", Duration.ofSeconds(10), 1)),
                new HistoryEvent(2, T0, new EventAttributes.WorkflowTaskStarted(1, "worker")));

        assertThat(EventCodec.decode(HistoryJson.writeEvents(events))).containsExactlyElementsOf(events);
    }

    /**
     * Stored history is a promise: a batch the build before crash reruns counted as attempts wrote
     * (an attempt's ActivityTaskStarted and ActivityTaskCompleted) reads back as it was written.
     */
    @Test
    void aBatchWrittenByAnEarlierBuildIsStillRead() {
        byte[] written = HexFormat.of().parseHex(
                "01040c94e4ad950d002641637469766974795461736b53746172746564762a5dc10a0110776f726b65722d610401010e"
                + "54494d454f5554013e61637469766974792053544152545f544f5f434c4f53452074696d656f757400000100011c5354"
                + "4152545f544f5f434c4f534500010000000e94e4ad950d002a41637469766974795461736b436f6d706c657465646381"
                + "519c0a0c0101146a736f6e2f706c61696e0108226f6b220110776f726b65722d61");
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");

        assertThat(EventCodec.decode(written)).containsExactly(
                new HistoryEvent(6, t0.plusSeconds(10), new EventAttributes.ActivityTaskStarted(5, "worker-a", 2,
                        Failure.timeout(TimeoutType.START_TO_CLOSE, List.of(), null))),
                new HistoryEvent(7, t0.plusSeconds(10), new EventAttributes.ActivityTaskCompleted(5, 6,
                        new Payload("json/plain", "\"ok\"".getBytes(StandardCharsets.UTF_8)), "worker-a")));
    }

    @Test
    void aBatchWrittenUnderAnotherLayoutOfTheRecordIsRefused() {
        byte[] bytes = EventCodec.encode(List.of(new HistoryEvent(1, T0,
                new EventAttributes.WorkflowTaskStarted(1, "worker")))).events();
        // format, count, id, seconds, nanos, name; then the 4-byte layout hash
        int layout = 1 + 1 + 1 + varLongSize(T0.getEpochSecond()) + varLongSize(T0.getNano())
                + 1 + "WorkflowTaskStarted".length();
        bytes[layout] ^= 0x5A;

        assertThatThrownBy(() -> EventCodec.decode(bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("History event 1 (WorkflowTaskStarted) was written by a build of Reprise whose"
                        + " WorkflowTaskStarted record has another layout; this build cannot read it: open the store"
                        + " with the build that wrote it");
    }

    private static int varLongSize(long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        int size = 1;
        while ((zigzag >>>= 7) != 0) {
            size++;
        }
        return size;
    }

    /** A record with every component set to a value derived from its position, nested records included. */
    private static Object sample(Class<?> type, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i].getGenericType(), i + 1, depth);
        }
        return construct(type, components, values);
    }

    /** A record with every reference component null (primitives zero). */
    private static Object empty(Class<?> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            Class<?> c = components[i].getType();
            values[i] = c == long.class ? 0L : c == int.class ? 0 : c == boolean.class ? false
                    : c == double.class ? 0.0 : null;
        }
        return construct(type, components, values);
    }

    private static Object value(Type type, int n, int depth) {
        if (type instanceof ParameterizedType p) {
            Type[] arguments = p.getActualTypeArguments();
            if (p.getRawType() == List.class) {
                return List.of(value(arguments[0], n, depth), value(arguments[0], n + 1, depth));
            }
            if (p.getRawType() == Map.class) {
                return Map.of(value(arguments[0], n, depth), value(arguments[1], n, depth));
            }
        }
        Class<?> c = (Class<?>) type;
        if (c == io.reprise.engine.api.SearchAttributeValue.class) {
            // Its value is an Object typed by the attribute's type: each type in turn.
            io.reprise.common.SearchAttributeType[] types = io.reprise.common.SearchAttributeType.values();
            io.reprise.common.SearchAttributeType t = types[n % types.length];
            Object v = switch (t) {
                case KEYWORD, TEXT -> "text-" + n;
                case INT -> 7L * n;
                case DOUBLE -> 1.5 * n;
                case BOOL -> true;
                case DATETIME -> T0.plusMillis(n);
            };
            return new io.reprise.engine.api.SearchAttributeValue(t, v);
        }
        if (c == long.class || c == Long.class) {
            return -1000L * n;
        }
        if (c == int.class || c == Integer.class) {
            return 7 * n;
        }
        if (c == boolean.class || c == Boolean.class) {
            return true;
        }
        if (c == double.class || c == Double.class) {
            return 1.5 * n;
        }
        if (c == String.class) {
            return "value-" + n;
        }
        if (c == Duration.class) {
            return Duration.ofMillis(1500L * n);
        }
        if (c == Instant.class) {
            return T0.plusMillis(n);
        }
        if (c == Payload.class) {
            return new Payload("json/plain", ("\"" + n + "\"").getBytes(StandardCharsets.UTF_8));
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[n % constants.length];
        }
        if (c.isRecord()) {
            return depth < 2 ? sample(c, depth + 1) : null;
        }
        throw new AssertionError("No sample value for " + type + "; teach this test the type");
    }

    private static Object construct(Class<?> type, RecordComponent[] components, Object[] values) {
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            return type.getDeclaredConstructor(parameterTypes).newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot construct " + type, e);
        }
    }
}
