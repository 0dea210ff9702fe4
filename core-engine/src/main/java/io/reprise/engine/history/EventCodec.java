package io.reprise.engine.history;

import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.store.HistoryBatch;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;

/**
 * Encodes the events of a transition into a history batch, and reads history back from the store.
 *
 * <p>A batch is encoded on every commit, so it is a compact binary layout rather than JSON (whose
 * encoding took about a sixth of the engine's CPU outside the store writer). The layout is derived
 * from the event records themselves, so a record that gains a component is written whole without
 * touching this class:
 * <pre>
 * byte FORMAT, varint n, n × event:
 *   varlong eventId, varlong eventTime seconds, varint nanos, utf attributes record name,
 *   int layout (a hash of the record's components, names and types, nested records included),
 *   the record's components in order
 * component: by type — varlong (zigzag) for integers; 8 bytes for doubles; byte for booleans; and for
 *   the others a presence byte, then: utf (strings, enum names); seconds and nanos (Duration, Instant);
 *   length and bytes (byte[]); a count and elements (lists, maps); components (records); length and
 *   JSON (any other type)
 * </pre>
 * A batch written under another layout of an event record (another build of Reprise) is refused
 * with a clear error rather than misread. Batches in the JSON form ({@link HistoryJson}, first byte
 * {@code '['}) are still read.
 */
public final class EventCodec {

    /** First byte of a binary batch; a JSON batch starts with {@code '['}. */
    static final int FORMAT = 1;

    private EventCodec() {
    }

    /** One batch holding {@code events} (non-empty, consecutive ids), encoded once. */
    public static HistoryBatch encode(List<HistoryEvent> events) {
        Out out = new Out(64 + 256 * events.size());
        out.writeByte(FORMAT);
        out.writeVarLong(events.size());
        for (HistoryEvent event : events) {
            out.writeVarLong(event.eventId());
            out.writeVarLong(event.eventTime().getEpochSecond());
            out.writeVarLong(event.eventTime().getNano());
            RecordCodec attributes = Codecs.ALL.eventCodec(event.attributes().getClass());
            out.writeUtf(attributes.name);
            out.writeInt(attributes.layout);
            attributes.writeComponents(out, event.attributes());
        }
        return new HistoryBatch(events.get(0).eventId(), events.get(events.size() - 1).eventId(), out.toByteArray());
    }

    /** The events of one batch's {@link HistoryBatch#events()} bytes, in order. */
    static List<HistoryEvent> decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '[') {
            return HistoryJson.readEvents(bytes);
        }
        In in = new In(bytes);
        int format = in.readByte();
        if (format != FORMAT) {
            throw new IllegalArgumentException("Not a Reprise history batch: format " + format + ", expected "
                    + FORMAT + " (binary) or a JSON event list");
        }
        int count = (int) in.readVarLong();
        List<HistoryEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long eventId = in.readVarLong();
            Instant eventTime = Instant.ofEpochSecond(in.readVarLong(), in.readVarLong());
            String name = in.readUtf();
            int layout = in.readInt();
            RecordCodec attributes = Codecs.ALL.eventCodec(name);
            if (attributes.layout != layout) {
                throw new IllegalStateException("History event " + eventId + " (" + name + ") was written by a"
                        + " build of Reprise whose " + name + " record has another layout; this build cannot read"
                        + " it: open the store with the build that wrote it");
            }
            events.add(new HistoryEvent(eventId, eventTime, null, (EventAttributes) attributes.readComponents(in)));
        }
        return events;
    }

    /** The events of a run with ids in {@code [fromEventId, toEventId]}, in order. */
    public static List<HistoryEvent> read(ExecutionStore store, ExecutionKey key, long fromEventId, long toEventId) {
        List<HistoryEvent> events = new ArrayList<>();
        for (HistoryBatch batch : store.readHistory(key, fromEventId)) {
            if (batch.firstEventId() > toEventId) {
                break;
            }
            for (HistoryEvent event : decode(batch.events())) {
                if (event.eventId() >= fromEventId && event.eventId() <= toEventId) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    // ---------------------------------------------------------------- codecs by type

    /** Writes and reads one value of a declared type. */
    private interface ValueCodec {
        void write(Out out, Object value);

        Object read(In in);

        /** The type as it enters a layout hash. */
        String describe();
    }

    /** A value that may be null: a presence byte, then the value. */
    private abstract static class Nullable implements ValueCodec {
        @Override
        public final void write(Out out, Object value) {
            if (value == null) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                writePresent(out, value);
            }
        }

        @Override
        public final Object read(In in) {
            return in.readByte() == 0 ? null : readPresent(in);
        }

        abstract void writePresent(Out out, Object value);

        abstract Object readPresent(In in);
    }

    /** The components of a record, in declaration order. */
    private static final class RecordCodec extends Nullable {
        final Class<?> type;
        final String name;
        MethodHandle[] accessors; // (Object) -> Object
        ValueCodec[] components;
        MethodHandle constructor; // (Object[]) -> Object
        String[] componentNames;
        int layout;

        RecordCodec(Class<?> type) {
            this.type = type;
            this.name = type.getSimpleName();
        }

        void writeComponents(Out out, Object record) {
            try {
                for (int i = 0; i < components.length; i++) {
                    components[i].write(out, (Object) accessors[i].invokeExact(record));
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Cannot read the components of " + record, e);
            }
        }

        Object readComponents(In in) {
            Object[] values = new Object[components.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = components[i].read(in);
            }
            try {
                return (Object) constructor.invokeExact(values);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Cannot construct a " + name + " from a history batch", e);
            }
        }

        @Override
        void writePresent(Out out, Object value) {
            writeComponents(out, value);
        }

        @Override
        Object readPresent(In in) {
            return readComponents(in);
        }

        @Override
        public String describe() {
            return type.getName();
        }
    }

    /** Every codec, built once for the event records and the types they reach. */
    private static final class Codecs {
        /** Built on first use, after the shared codecs below are initialised. */
        static final Codecs ALL = new Codecs();

        private final Map<Class<?>, RecordCodec> records = new HashMap<>();
        private final Map<Class<?>, RecordCodec> events = new HashMap<>();
        private final Map<String, RecordCodec> eventsByName = new HashMap<>();

        Codecs() {
            for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
                RecordCodec codec = recordCodec(type);
                events.put(type, codec);
                eventsByName.put(codec.name, codec);
            }
            for (RecordCodec codec : records.values()) {
                codec.layout = layout(codec);
            }
        }

        RecordCodec eventCodec(Class<?> type) {
            RecordCodec codec = events.get(type);
            if (codec == null) {
                throw new IllegalArgumentException(type.getName() + " is not a record permitted by EventAttributes");
            }
            return codec;
        }

        RecordCodec eventCodec(String name) {
            RecordCodec codec = eventsByName.get(name);
            if (codec == null) {
                throw new IllegalArgumentException("Unknown event attributes \"" + name + "\" in a history batch;"
                        + " known: " + eventsByName.keySet());
            }
            return codec;
        }

        private RecordCodec recordCodec(Class<?> type) {
            RecordCodec existing = records.get(type);
            if (existing != null) {
                return existing;
            }
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record");
            }
            RecordCodec codec = new RecordCodec(type);
            RecordComponent[] components = type.getRecordComponents();
            codec.accessors = new MethodHandle[components.length];
            codec.components = new ValueCodec[components.length];
            codec.componentNames = new String[components.length];
            Class<?>[] parameterTypes = new Class<?>[components.length];
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            try {
                for (int i = 0; i < components.length; i++) {
                    codec.accessors[i] = lookup.unreflect(components[i].getAccessor())
                            .asType(MethodType.methodType(Object.class, Object.class));
                    codec.componentNames[i] = components[i].getName();
                    parameterTypes[i] = components[i].getType();
                }
                codec.constructor = lookup.unreflectConstructor(type.getDeclaredConstructor(parameterTypes))
                        .asSpreader(Object[].class, components.length)
                        .asType(MethodType.methodType(Object.class, Object[].class));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot access the record " + type.getName(), e);
            }
            records.put(type, codec); // before its components: a record may hold itself (Failure.cause)
            for (int i = 0; i < components.length; i++) {
                codec.components[i] = valueCodec(components[i].getGenericType());
            }
            return codec;
        }

        /**
         * Whether a record rebuilds itself from JSON its own way (a {@code @JsonCreator}, e.g. to give an
         * {@code Object} component its type back): such a record is encoded as its JSON form.
         */
        private static boolean hasJsonCreator(Class<?> record) {
            for (java.lang.reflect.Method method : record.getDeclaredMethods()) {
                if (method.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
                    return true;
                }
            }
            for (java.lang.reflect.Constructor<?> constructor : record.getDeclaredConstructors()) {
                if (constructor.isAnnotationPresent(com.fasterxml.jackson.annotation.JsonCreator.class)) {
                    return true;
                }
            }
            return false;
        }

        private ValueCodec valueCodec(Type type) {
            if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
                Type[] arguments = parameterized.getActualTypeArguments();
                if (raw == List.class || raw == Collection.class) {
                    return new ListCodec(valueCodec(arguments[0]));
                }
                if (raw == Map.class) {
                    return new MapCodec(valueCodec(arguments[0]), valueCodec(arguments[1]));
                }
                return new JsonCodec(type);
            }
            if (!(type instanceof Class<?> c)) {
                return new JsonCodec(type);
            }
            if (c == long.class || c == int.class || c == short.class || c == byte.class) {
                return new IntegerCodec(c);
            }
            if (c == boolean.class) {
                return BOOLEAN;
            }
            if (c == double.class) {
                return DOUBLE;
            }
            if (c == Long.class || c == Integer.class) {
                return new BoxedCodec(new IntegerCodec(c == Long.class ? long.class : int.class));
            }
            if (c == Boolean.class) {
                return new BoxedCodec(BOOLEAN);
            }
            if (c == Double.class) {
                return new BoxedCodec(DOUBLE);
            }
            if (c == String.class) {
                return STRING;
            }
            if (c == byte[].class) {
                return BYTES;
            }
            if (c == Duration.class) {
                return DURATION;
            }
            if (c == Instant.class) {
                return INSTANT;
            }
            if (c.isEnum()) {
                return new EnumCodec(c);
            }
            if (c.isRecord() && !hasJsonCreator(c)) {
                try {
                    return recordCodec(c);
                } catch (IllegalStateException inaccessible) {
                    return new JsonCodec(type);
                }
            }
            return new JsonCodec(type);
        }

        /** A hash of the record's component names and types, nested records' layouts included. */
        private int layout(RecordCodec codec) {
            StringBuilder description = new StringBuilder();
            describe(codec, description, new java.util.HashSet<>());
            CRC32 crc = new CRC32();
            crc.update(description.toString().getBytes(StandardCharsets.UTF_8));
            return (int) crc.getValue();
        }

        private void describe(RecordCodec codec, StringBuilder description, java.util.Set<Class<?>> seen) {
            description.append(codec.type.getName()).append('(');
            if (seen.add(codec.type)) {
                for (int i = 0; i < codec.components.length; i++) {
                    description.append(codec.componentNames[i]).append(' ')
                            .append(codec.components[i].describe()).append(';');
                }
                for (ValueCodec component : codec.components) {
                    describeNested(component, description, seen);
                }
            }
            description.append(')');
        }

        private void describeNested(ValueCodec component, StringBuilder description, java.util.Set<Class<?>> seen) {
            if (component instanceof RecordCodec nested) {
                describe(nested, description, seen);
            } else if (component instanceof ListCodec list) {
                describeNested(list.element, description, seen);
            } else if (component instanceof MapCodec map) {
                describeNested(map.key, description, seen);
                describeNested(map.value, description, seen);
            } else if (component instanceof EnumCodec e) {
                // Enum constants are written by name: a new constant changes nothing already written.
                description.append(e.type.getName());
            }
        }
    }

    private static final class IntegerCodec implements ValueCodec {
        private final Class<?> type;

        IntegerCodec(Class<?> type) {
            this.type = type;
        }

        @Override
        public void write(Out out, Object value) {
            out.writeVarLong(((Number) value).longValue());
        }

        @Override
        public Object read(In in) {
            long value = in.readVarLong();
            if (type == long.class) {
                return value;
            }
            if (type == int.class) {
                return (int) value;
            }
            return type == short.class ? (Object) (short) value : (Object) (byte) value;
        }

        @Override
        public String describe() {
            return type.getName();
        }
    }

    private static final ValueCodec BOOLEAN = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.writeByte((Boolean) value ? 1 : 0);
        }

        @Override
        public Object read(In in) {
            return in.readByte() != 0;
        }

        @Override
        public String describe() {
            return "boolean";
        }
    };

    private static final ValueCodec DOUBLE = new ValueCodec() {
        @Override
        public void write(Out out, Object value) {
            out.writeLong(Double.doubleToRawLongBits((Double) value));
        }

        @Override
        public Object read(In in) {
            return Double.longBitsToDouble(in.readLong());
        }

        @Override
        public String describe() {
            return "double";
        }
    };

    /** A boxed primitive that may be null. */
    private static final class BoxedCodec extends Nullable {
        private final ValueCodec primitive;

        BoxedCodec(ValueCodec primitive) {
            this.primitive = primitive;
        }

        @Override
        void writePresent(Out out, Object value) {
            primitive.write(out, value);
        }

        @Override
        Object readPresent(In in) {
            return primitive.read(in);
        }

        @Override
        public String describe() {
            return "boxed " + primitive.describe();
        }
    }

    private static final ValueCodec STRING = new Nullable() {
        @Override
        void writePresent(Out out, Object value) {
            out.writeUtf((String) value);
        }

        @Override
        Object readPresent(In in) {
            return in.readUtf();
        }

        @Override
        public String describe() {
            return "String";
        }
    };

    private static final ValueCodec BYTES = new Nullable() {
        @Override
        void writePresent(Out out, Object value) {
            byte[] bytes = (byte[]) value;
            out.writeVarLong(bytes.length);
            out.writeBytes(bytes);
        }

        @Override
        Object readPresent(In in) {
            return in.readBytes((int) in.readVarLong());
        }

        @Override
        public String describe() {
            return "byte[]";
        }
    };

    private static final ValueCodec DURATION = new Nullable() {
        @Override
        void writePresent(Out out, Object value) {
            Duration duration = (Duration) value;
            out.writeVarLong(duration.getSeconds());
            out.writeVarLong(duration.getNano());
        }

        @Override
        Object readPresent(In in) {
            return Duration.ofSeconds(in.readVarLong(), in.readVarLong());
        }

        @Override
        public String describe() {
            return "Duration";
        }
    };

    private static final ValueCodec INSTANT = new Nullable() {
        @Override
        void writePresent(Out out, Object value) {
            Instant instant = (Instant) value;
            out.writeVarLong(instant.getEpochSecond());
            out.writeVarLong(instant.getNano());
        }

        @Override
        Object readPresent(In in) {
            return Instant.ofEpochSecond(in.readVarLong(), in.readVarLong());
        }

        @Override
        public String describe() {
            return "Instant";
        }
    };

    /** An enum constant by name, so that adding or reordering constants changes nothing written. */
    private static final class EnumCodec extends Nullable {
        final Class<?> type;
        private final Map<String, Object> byName = new HashMap<>();

        EnumCodec(Class<?> type) {
            this.type = type;
            for (Object constant : type.getEnumConstants()) {
                byName.put(((Enum<?>) constant).name(), constant);
            }
        }

        @Override
        void writePresent(Out out, Object value) {
            out.writeUtf(((Enum<?>) value).name());
        }

        @Override
        Object readPresent(In in) {
            String name = in.readUtf();
            Object constant = byName.get(name);
            if (constant == null) {
                throw new IllegalArgumentException("Unknown " + type.getSimpleName() + " \"" + name
                        + "\" in a history batch; known: " + byName.keySet());
            }
            return constant;
        }

        @Override
        public String describe() {
            return "enum";
        }
    }

    private static final class ListCodec extends Nullable {
        final ValueCodec element;

        ListCodec(ValueCodec element) {
            this.element = element;
        }

        @Override
        void writePresent(Out out, Object value) {
            Collection<?> list = (Collection<?>) value;
            out.writeVarLong(list.size());
            for (Object item : list) {
                element.write(out, item);
            }
        }

        @Override
        Object readPresent(In in) {
            int size = (int) in.readVarLong();
            List<Object> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(element.read(in));
            }
            return list;
        }

        @Override
        public String describe() {
            return "List<" + element.describe() + ">";
        }
    }

    private static final class MapCodec extends Nullable {
        final ValueCodec key;
        final ValueCodec value;

        MapCodec(ValueCodec key, ValueCodec value) {
            this.key = key;
            this.value = value;
        }

        @Override
        void writePresent(Out out, Object map) {
            Map<?, ?> entries = (Map<?, ?>) map;
            out.writeVarLong(entries.size());
            for (Map.Entry<?, ?> entry : entries.entrySet()) {
                key.write(out, entry.getKey());
                value.write(out, entry.getValue());
            }
        }

        @Override
        Object readPresent(In in) {
            int size = (int) in.readVarLong();
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < size; i++) {
                map.put(key.read(in), value.read(in));
            }
            return map;
        }

        @Override
        public String describe() {
            return "Map<" + key.describe() + "," + value.describe() + ">";
        }
    }

    /** Any other type, as its JSON form in {@link HistoryJson#mapper()}. */
    private static final class JsonCodec extends Nullable {
        private final Type type;
        private final ObjectWriter writer;
        private final ObjectReader reader;

        JsonCodec(Type type) {
            JavaType javaType = HistoryJson.mapper().getTypeFactory().constructType(type);
            this.type = type;
            this.writer = HistoryJson.mapper().writerFor(javaType);
            this.reader = HistoryJson.mapper().readerFor(javaType);
        }

        @Override
        void writePresent(Out out, Object value) {
            byte[] json = writer.writeValueAsBytes(value);
            out.writeVarLong(json.length);
            out.writeBytes(json);
        }

        @Override
        Object readPresent(In in) {
            return reader.readValue(in.readBytes((int) in.readVarLong()));
        }

        @Override
        public String describe() {
            return "json " + type.getTypeName();
        }
    }

    // ---------------------------------------------------------------- bytes

    /** A growable byte array; unsynchronized, unlike {@link java.io.ByteArrayOutputStream}. */
    private static final class Out {
        private byte[] bytes;
        private int size;

        Out(int capacity) {
            bytes = new byte[capacity];
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }

        void writeByte(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        void writeInt(int v) {
            ensure(4);
            bytes[size++] = (byte) (v >>> 24);
            bytes[size++] = (byte) (v >>> 16);
            bytes[size++] = (byte) (v >>> 8);
            bytes[size++] = (byte) v;
        }

        void writeLong(long v) {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        /** Zigzag, 7 bits a byte: small values of either sign take one byte. */
        void writeVarLong(long v) {
            ensure(10);
            long zigzag = (v << 1) ^ (v >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            bytes[size++] = (byte) zigzag;
        }

        void writeBytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, bytes, size, b.length);
            size += b.length;
        }

        void writeUtf(String s) {
            int length = s.length();
            ensure(length + 10);
            // ASCII (names, ids, queues) is copied as is; anything else is encoded.
            int start = size;
            size += 1; // room for a one-byte length, the common case
            boolean ascii = length < 0x40;
            for (int i = 0; ascii && i < length; i++) {
                char c = s.charAt(i);
                if (c >= 0x80) {
                    ascii = false;
                } else {
                    bytes[size++] = (byte) c;
                }
            }
            if (ascii) {
                bytes[start] = (byte) (length << 1); // zigzag varint of length, one byte
                return;
            }
            size = start;
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            writeVarLong(utf8.length);
            writeBytes(utf8);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    private static final class In {
        private final byte[] bytes;
        private int position;

        In(byte[] bytes) {
            this.bytes = bytes;
        }

        private void need(int count) {
            if (position + count > bytes.length) {
                throw new IllegalArgumentException("Truncated history batch: " + bytes.length + " bytes");
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

        long readVarLong() {
            long zigzag = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = readByte();
                zigzag |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (zigzag >>> 1) ^ -(zigzag & 1);
                }
            }
            throw new IllegalArgumentException("Malformed number in a history batch");
        }

        byte[] readBytes(int length) {
            if (length < 0) {
                throw new IllegalArgumentException("Malformed length in a history batch");
            }
            need(length);
            byte[] b = Arrays.copyOfRange(bytes, position, position + length);
            position += length;
            return b;
        }

        String readUtf() {
            int length = (int) readVarLong();
            if (length < 0) {
                throw new IllegalArgumentException("Malformed length in a history batch");
            }
            need(length);
            String s = new String(bytes, position, length, StandardCharsets.UTF_8);
            position += length;
            return s;
        }
    }
}
