package io.reprise.engine.store.schema4;

import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders records of this build as JSON through the frozen schema-4 layouts: only the components schema 4 had,
 * by name, in its order. So a projection of today's records and one of the records a later build migrates are
 * equal when the migration kept every stored value, whatever components the later records gained. Used to write
 * {@code golden/store-schema4.expected.json} and to compare with it.
 *
 * <p>Values: numbers, booleans and strings as such; {@code Duration} and {@code Instant} in ISO-8601; enum
 * constants by name; bytes as {@code "utf8:<text>"} when they are UTF-8, else {@code "base64:<…>"}; what the codec
 * stored as JSON in {@link HistoryJson}'s form.
 */
public final class FrozenProjection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private FrozenProjection() {
    }

    /** {@code {eventId, eventTime, eventType, attributes}}. */
    public static ObjectNode event(HistoryEvent event) {
        ObjectNode node = NODES.objectNode();
        node.put("eventId", event.eventId());
        node.put("eventTime", event.eventTime().toString());
        node.put("eventType", event.eventType().name());
        node.set("attributes", record(event.attributes()));
        return node;
    }

    public static ArrayNode events(List<HistoryEvent> events) {
        ArrayNode array = NODES.arrayNode();
        events.forEach(event -> array.add(event(event)));
        return array;
    }

    /** A record of a type schema-4 layouts have (an event's attributes, a payload, a failure, …), or null. */
    public static JsonNode record(Object record) {
        if (record == null) {
            return NODES.nullNode();
        }
        FrozenRecord frozen = BatchDecoder.RECORDS.get(record.getClass().getName());
        if (frozen == null) {
            throw new AssertionError(record.getClass().getName() + " has no schema-4 layout");
        }
        ObjectNode node = NODES.objectNode();
        for (FrozenRecord.Component component : frozen.components()) {
            node.set(component.name(), value(component(record, component.name()), component.type()));
        }
        return node;
    }

    /** A list of such records. */
    public static ArrayNode records(List<?> records) {
        ArrayNode array = NODES.arrayNode();
        records.forEach(record -> array.add(record(record)));
        return array;
    }

    public static JsonNode bytes(byte[] bytes) {
        try {
            return NODES.stringNode("utf8:" + StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)));
        } catch (CharacterCodingException e) {
            return NODES.stringNode("base64:" + Base64.getEncoder().encodeToString(bytes));
        }
    }

    private static JsonNode value(Object value, FrozenType type) {
        if (value == null) {
            return NODES.nullNode();
        }
        return switch (type) {
            case FrozenType.Primitive primitive -> primitive(value);
            case FrozenType.Boxed boxed -> primitive(value);
            case FrozenType.Scalar scalar -> scalar.name().equals("byte[]") ? bytes((byte[]) value)
                    : NODES.stringNode(value.toString());
            case FrozenType.EnumType e -> NODES.stringNode(((Enum<?>) value).name());
            case FrozenType.ListOf list -> {
                ArrayNode array = NODES.arrayNode();
                for (Object element : (List<?>) value) {
                    array.add(value(element, list.element()));
                }
                yield array;
            }
            case FrozenType.MapOf map -> {
                ObjectNode object = NODES.objectNode();
                for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                    object.set(String.valueOf(entry.getKey()), value(entry.getValue(), map.value()));
                }
                yield object;
            }
            case FrozenType.RecordRef ref -> record(value);
            case FrozenType.Json json -> HistoryJson.mapper().valueToTree(value);
        };
    }

    private static JsonNode primitive(Object value) {
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        return NODES.numberNode(((Number) value).longValue());
    }

    private static Object component(Object record, String name) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            if (component.getName().equals(name)) {
                try {
                    component.getAccessor().setAccessible(true);
                    return component.getAccessor().invoke(record);
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new AssertionError("this build's " + record.getClass().getSimpleName() + " has no component " + name
                + ", which schema 4 stored");
    }
}
