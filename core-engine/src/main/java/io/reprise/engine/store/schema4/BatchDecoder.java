package io.reprise.engine.store.schema4;

import io.reprise.engine.api.HistoryJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decodes a schema-4 history batch into {@link DecodedEvent}s by the frozen layouts of {@link EventLayouts},
 * never by the event records of this build. Two forms are read, as the last schema-4 build read them:
 * <ul>
 *   <li>binary, batch format 1 of {@code history/EventCodec}: {@code byte 1, varint n, n × (varlong eventId,
 *       varlong seconds, varlong nanos, utf name, int layout, components)}; each event names its attributes
 *       record and that record's layout hash, which must be the frozen one;</li>
 *   <li>JSON (first byte {@code '['}): the event list of {@code HistoryJson}, as early releases wrote it.</li>
 * </ul>
 */
final class BatchDecoder {

    /** First byte of a binary batch. */
    static final int FORMAT = 1;

    /** The frozen event records by the name a batch gives them. */
    static final Map<String, FrozenRecord> EVENTS = new TreeMap<>();
    /** Every frozen record by class name, for nested records. */
    static final Map<String, FrozenRecord> RECORDS = new TreeMap<>();

    static {
        for (FrozenRecord record : EventLayouts.RECORDS) {
            RECORDS.put(record.className(), record);
            if (record.event()) {
                EVENTS.put(record.name(), record);
            }
        }
    }

    private BatchDecoder() {
    }

    /**
     * The events of one batch.
     *
     * @param where the batch, for messages ({@code "the history batch of events 4..7 of default/order-1/<run id>"})
     * @throws CannotMigrateException when the batch is not a schema-4 batch: another format, an event record or
     *     layout no schema-4 build wrote, or bytes that end early or run on
     */
    static List<DecodedEvent> decode(byte[] bytes, String where) {
        if (bytes.length > 0 && bytes[0] == '[') {
            return decodeJson(bytes, where);
        }
        In in = new In(bytes, where);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new CannotMigrateException(where + " starts with format byte " + format + ", but schema-4 batches"
                    + " are binary (format " + FORMAT + ") or a JSON event list; the row holds something a"
                    + " release of Reprise did not write: restore the store from a backup");
        }
        int count = (int) in.readVarLong();
        List<DecodedEvent> events = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            long eventId = in.readVarLong();
            Instant eventTime = Instant.ofEpochSecond(in.readVarLong(), in.readVarLong());
            String name = in.readUtf();
            int layout = in.readInt();
            FrozenRecord record = EVENTS.get(name);
            if (record == null) {
                throw new CannotMigrateException(where + ": event " + eventId + " is a \"" + name + "\", a record no"
                        + " schema-4 release wrote (known: " + EVENTS.keySet() + "); the store was written by"
                        + " another build of Reprise: run its workflows to completion with that build, then open the"
                        + " store with this one");
            }
            if (record.layout() != layout) {
                throw new CannotMigrateException(where + ": event " + eventId + " (" + name + ") was written with"
                        + String.format(" layout 0x%08x, not the schema-4 layout 0x%08x of %s:", layout,
                                record.layout(), name)
                        + " the store was written by a development build of Reprise whose " + name + " record had"
                        + " other components; run its workflows to completion with that build, then open the store"
                        + " with this one");
            }
            events.add(new DecodedEvent(eventId, eventTime, readRecord(in, record)));
        }
        if (in.remaining() != 0) {
            throw new CannotMigrateException(where + " has " + in.remaining() + " bytes after its " + count
                    + " events: it is corrupt; restore the store from a backup");
        }
        return events;
    }

    private static DecodedRecord readRecord(In in, FrozenRecord record) {
        Map<String, Object> components = new LinkedHashMap<>();
        for (FrozenRecord.Component component : record.components()) {
            components.put(component.name(), read(in, component.type()));
        }
        return new DecodedRecord(record.name(), components);
    }

    private static Object read(In in, FrozenType type) {
        if (type instanceof FrozenType.Primitive primitive) {
            return readPrimitive(in, primitive);
        }
        if (in.readByte() == 0) {
            return null;
        }
        return switch (type) {
            case FrozenType.Primitive primitive -> readPrimitive(in, primitive);
            case FrozenType.Boxed boxed -> readPrimitive(in, boxed.primitive());
            case FrozenType.Scalar scalar -> switch (scalar.name()) {
                case "String" -> in.readUtf();
                case "byte[]" -> in.readBytes((int) in.readVarLong());
                case "Duration" -> Duration.ofSeconds(in.readVarLong(), in.readVarLong());
                case "Instant" -> Instant.ofEpochSecond(in.readVarLong(), in.readVarLong());
                default -> throw new IllegalStateException("no scalar " + scalar.name());
            };
            case FrozenType.EnumType ignored -> in.readUtf();
            case FrozenType.ListOf list -> {
                int size = in.readCount();
                List<Object> values = new ArrayList<>(Math.min(size, 1024));
                for (int i = 0; i < size; i++) {
                    values.add(read(in, list.element()));
                }
                yield values;
            }
            case FrozenType.MapOf map -> {
                int size = in.readCount();
                Map<Object, Object> values = new LinkedHashMap<>();
                for (int i = 0; i < size; i++) {
                    values.put(read(in, map.key()), read(in, map.value()));
                }
                yield values;
            }
            case FrozenType.RecordRef ref -> readRecord(in, RECORDS.get(ref.className()));
            case FrozenType.Json json -> in.readJson(in.readBytes((int) in.readVarLong()), json.typeName());
        };
    }

    private static Object readPrimitive(In in, FrozenType.Primitive primitive) {
        return switch (primitive.name()) {
            case "long" -> in.readVarLong();
            case "int" -> (int) in.readVarLong();
            case "short" -> (short) in.readVarLong();
            case "byte" -> (byte) in.readVarLong();
            case "boolean" -> in.readByte() != 0;
            case "double" -> Double.longBitsToDouble(in.readLong());
            default -> throw new IllegalStateException("no primitive " + primitive.name());
        };
    }

    /** A JSON batch: each event's attributes become a record of JSON components, its type checked by name. */
    private static List<DecodedEvent> decodeJson(byte[] bytes, String where) {
        JsonNode list;
        try {
            list = HistoryJson.mapper().readTree(bytes);
        } catch (JacksonException e) {
            throw new CannotMigrateException(where + " is not valid JSON (" + e.getOriginalMessage() + "): it is"
                    + " corrupt; restore the store from a backup", e);
        }
        List<DecodedEvent> events = new ArrayList<>(list.size());
        for (JsonNode event : list) {
            String name = event.path("eventType").asString(null);
            JsonNode attributes = event.get("attributes");
            if (name == null || !EVENTS.containsKey(name) || attributes == null || !attributes.isObject()) {
                throw new CannotMigrateException(where + ": event " + event.path("eventId").asString() + " has"
                        + " event type " + name + " and attributes " + attributes + "; schema-4 JSON batches hold"
                        + " one of " + EVENTS.keySet() + " with its attributes: restore the store from a backup");
            }
            Instant eventTime;
            try {
                eventTime = HistoryJson.mapper().treeToValue(event.get("eventTime"), Instant.class);
            } catch (JacksonException | IllegalArgumentException e) {
                throw new CannotMigrateException(where + ": event " + event.path("eventId").asString() + " has no"
                        + " readable eventTime (" + event.get("eventTime") + "): restore the store from a backup", e);
            }
            events.add(new DecodedEvent(event.path("eventId").asLong(), eventTime, DecodedRecord.ofJson(name,
                    attributes)));
        }
        return events;
    }

    /** Reads the layout's primitives, naming the batch when it ends early. */
    private static final class In {
        private final byte[] bytes;
        private final String where;
        private int position;

        In(byte[] bytes, String where) {
            this.bytes = bytes;
            this.where = where;
        }

        int remaining() {
            return bytes.length - position;
        }

        private void need(int count) {
            if (count < 0 || position + count > bytes.length) {
                throw new CannotMigrateException(where + " ends early (at byte " + position + " of " + bytes.length
                        + ", " + count + " more needed): it is truncated or corrupt; restore the store from a"
                        + " backup");
            }
        }

        int readByte() {
            need(1);
            return bytes[position++] & 0xFF;
        }

        int readInt() {
            need(4);
            int v = ((bytes[position] & 0xFF) << 24) | ((bytes[position + 1] & 0xFF) << 16)
                    | ((bytes[position + 2] & 0xFF) << 8) | (bytes[position + 3] & 0xFF);
            position += 4;
            return v;
        }

        long readLong() {
            return ((long) readInt() << 32) | (readInt() & 0xFFFFFFFFL);
        }

        /** Zigzag, 7 bits a byte. */
        long readVarLong() {
            long zigzag = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                zigzag |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (zigzag >>> 1) ^ -(zigzag & 1);
                }
            }
            throw new CannotMigrateException(where + " has a malformed number at byte " + position
                    + ": it is corrupt; restore the store from a backup");
        }

        int readCount() {
            long count = readVarLong();
            if (count < 0 || count > remaining()) {
                throw new CannotMigrateException(where + " has a malformed count " + count + " at byte " + position
                        + ": it is corrupt; restore the store from a backup");
            }
            return (int) count;
        }

        byte[] readBytes(int length) {
            need(length);
            byte[] b = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return b;
        }

        String readUtf() {
            return new String(readBytes((int) readVarLong()), StandardCharsets.UTF_8);
        }

        JsonNode readJson(byte[] json, String typeName) {
            try {
                return HistoryJson.mapper().readTree(json);
            } catch (JacksonException e) {
                throw new CannotMigrateException(where + " holds a " + typeName + " that is not valid JSON ("
                        + e.getOriginalMessage() + "): it is corrupt; restore the store from a backup", e);
            }
        }
    }
}
