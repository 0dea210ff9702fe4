package io.reprise.engine.store.schema4;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryJson;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Builds this build's records from {@link DecodedRecord}s by component name: a component the data has is
 * converted to the component's current type, one it lacks gets a value by {@link MigrationDefaults}. So a
 * record that gained components since schema 4 is built whole, and one whose components moved is built right.
 * Nested records (in lists and maps too) are built the same way; values the codec stored as JSON are read with
 * {@link HistoryJson#mapper()} into the current type.
 */
final class RecordAssembler {

    /** This build's event attributes records by event type name. */
    private static final Map<String, Class<?>> EVENT_RECORDS = new HashMap<>();

    static {
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            EVENT_RECORDS.put(type.getSimpleName(), type);
        }
    }

    private final MigrationDefaults defaults;

    RecordAssembler(MigrationDefaults defaults) {
        this.defaults = defaults;
    }

    /**
     * This build's attributes record of a decoded event.
     *
     * @param where the event, for messages ({@code "event 5 of default/order-1/<run id>"})
     */
    EventAttributes eventAttributes(DecodedRecord attributes, String where) {
        Class<?> type = EVENT_RECORDS.get(attributes.name());
        if (type == null) {
            throw new CannotMigrateException(where + " is a " + attributes.name() + " event, a type this build of"
                    + " Reprise does not have: open the store with the last release that writes schema 4 and let"
                    + " its runs close before upgrading");
        }
        return (EventAttributes) assemble(type, attributes, "event " + attributes.name() + " (" + where + ")");
    }

    /**
     * This build's record {@code type} from {@code source}, component by component.
     *
     * @param where what is built, for messages ({@code "event TimerStarted (event 5 of …)"})
     * @throws CannotMigrateException when a component cannot be given a value (see {@link MigrationDefaults}), a
     *     stored value does not fit the current type, or the record refuses the values
     */
    <T> T assemble(Class<T> type, DecodedRecord source, String where) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException(type.getName() + " is not a record");
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        List<String> defaulted = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            String name = component.getName();
            names.add(name);
            parameterTypes[i] = component.getType();
            if (source.has(name)) {
                values[i] = convert(source.get(name), component.getGenericType(), where, name);
            } else {
                values[i] = missing(type, component, where);
                defaulted.add(name + " = " + values[i]);
            }
        }
        for (Map.Entry<String, Object> stored : source.components().entrySet()) {
            if (!names.contains(stored.getKey()) && !isEmpty(stored.getValue())
                    && defaults.dropped(type, stored.getKey()) == null) {
                throw new CannotMigrateException(where + " component " + stored.getKey() + " holds "
                        + describe(stored.getValue()) + " in schema 4 data, and this build's "
                        + type.getSimpleName() + " has no component of that name: the value would be lost; list it"
                        + " as dropped in MigrationDefaults.SCHEMA_4 (io.reprise.engine.store.schema4) if that is"
                        + " right, or open the store with the last release that writes schema 4 and let its runs"
                        + " close before upgrading");
            }
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            Throwable refusal = e.getCause();
            throw new CannotMigrateException(where + ": this build's " + type.getSimpleName() + " refuses the"
                    + " values " + (defaulted.isEmpty() ? "stored in schema 4 data" : "of schema 4 data with the"
                    + " defaults " + defaulted + " for the components it lacks") + " (" + refusal + "); give those"
                    + " components a value for schema-4 data in MigrationDefaults.SCHEMA_4"
                    + " (io.reprise.engine.store.schema4)", refusal);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot construct the record " + type.getName(), e);
        }
    }

    /** The value of a component that schema-4 data lacks. */
    private Object missing(Class<?> record, RecordComponent component, String where) {
        if (defaults.hasValue(record, component.getName())) {
            return defaults.value(record, component.getName());
        }
        String why = defaults.withoutDefault(record, component.getName());
        if (why != null) {
            throw new CannotMigrateException(where + " component " + component.getName() + " of type "
                    + component.getGenericType().getTypeName().replaceAll("[a-z.]+\\.", "")
                    + " has no value in schema 4 data, and it has no default (" + why + "): open the store with the"
                    + " last release that writes schema 4 and let its runs close before upgrading");
        }
        return emptyValue(component.getType());
    }

    /** The empty value of a type: {@code null}, an empty collection, {@code 0} or {@code false}. */
    static Object emptyValue(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == double.class) {
            return 0.0;
        }
        if (type == float.class) {
            return 0.0f;
        }
        if (type == char.class) {
            return (char) 0;
        }
        if (type == List.class || type == Collection.class) {
            return List.of();
        }
        if (type == Set.class) {
            return Set.of();
        }
        if (type == Map.class) {
            return Map.of();
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        return null;
    }

    /** Converts a stored value to {@code target}, the current type of component {@code component}. */
    private Object convert(Object value, Type target, String where, String component) {
        if (value == null || isJsonAbsent(value)) {
            return target instanceof Class<?> c ? emptyOrNull(c) : null;
        }
        if (target instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class || raw == Collection.class || raw == Set.class) {
                Iterable<?> elements = value instanceof JsonNode node && node.isArray() ? node
                        : value instanceof List<?> list ? list : null;
                if (elements == null) {
                    throw mismatch(value, target, where, component);
                }
                Collection<Object> converted = raw == Set.class ? new LinkedHashSet<>() : new ArrayList<>();
                int i = 0;
                for (Object element : elements) {
                    converted.add(convert(element, arguments[0], where, component + "[" + i++ + "]"));
                }
                return converted;
            }
            if (raw == Map.class) {
                Map<?, ?> entries = value instanceof JsonNode node && node.isObject() ? jsonProperties(node)
                        : value instanceof Map<?, ?> map ? map : null;
                if (entries == null) {
                    throw mismatch(value, target, where, component);
                }
                Map<Object, Object> converted = new LinkedHashMap<>();
                for (Map.Entry<?, ?> entry : entries.entrySet()) {
                    converted.put(convert(entry.getKey(), arguments[0], where, component + " key"),
                            convert(entry.getValue(), arguments[1], where, component + "[" + entry.getKey() + "]"));
                }
                return converted;
            }
            return fromJson(value, target, where, component);
        }
        if (!(target instanceof Class<?> type)) {
            return fromJson(value, target, where, component);
        }
        if (type.isRecord() && !hasJsonCreator(type)) {
            DecodedRecord nested = value instanceof DecodedRecord record ? record
                    : value instanceof JsonNode node && node.isObject() ? DecodedRecord.ofJson(type.getSimpleName(), node)
                    : null;
            if (nested == null) {
                throw mismatch(value, target, where, component);
            }
            return assemble(type, nested, where + ", record " + type.getSimpleName() + " at " + component);
        }
        if (type.isEnum()) {
            String name = value instanceof JsonNode node && node.isString() ? node.stringValue()
                    : value instanceof String s ? s : null;
            if (name == null) {
                throw mismatch(value, target, where, component);
            }
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(name)) {
                    return constant;
                }
            }
            throw new CannotMigrateException(where + " component " + component + " holds " + name + ", which is no"
                    + " constant of this build's " + type.getSimpleName() + " any more; say what it becomes in"
                    + " RecordAssembler (io.reprise.engine.store.schema4), or open the store with the last release"
                    + " that writes schema 4 and let its runs close before upgrading");
        }
        if (value instanceof JsonNode) {
            return fromJson(value, target, where, component);
        }
        Object converted = convertScalar(value, type);
        if (converted == null) {
            throw mismatch(value, target, where, component);
        }
        return converted;
    }

    /** A value decoded from a binary batch as a value of {@code type}, or {@code null} when it is not one. */
    private static Object convertScalar(Object value, Class<?> type) {
        Class<?> boxed = boxed(type);
        if (boxed.isInstance(value)) {
            return value;
        }
        if (value instanceof Number number && !(value instanceof Double)) {
            long n = number.longValue();
            if (boxed == Long.class) {
                return n;
            }
            if (boxed == Integer.class && n == (int) n) {
                return (int) n;
            }
            if (boxed == Short.class && n == (short) n) {
                return (short) n;
            }
            if (boxed == Byte.class && n == (byte) n) {
                return (byte) n;
            }
            if (boxed == Double.class) {
                return (double) n;
            }
        }
        return null;
    }

    private static Class<?> boxed(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return switch (type.getName()) {
            case "long" -> Long.class;
            case "int" -> Integer.class;
            case "short" -> Short.class;
            case "byte" -> Byte.class;
            case "boolean" -> Boolean.class;
            case "double" -> Double.class;
            case "float" -> Float.class;
            default -> Character.class;
        };
    }

    private Object fromJson(Object value, Type target, String where, String component) {
        if (!(value instanceof JsonNode node)) {
            if (target instanceof Class<?> type && type.isInstance(value)) {
                return value;
            }
            if (value instanceof DecodedRecord record && target instanceof Class<?> type && type.isRecord()) {
                return assemble(type, record, where + ", record " + type.getSimpleName() + " at " + component);
            }
            throw mismatch(value, target, where, component);
        }
        try {
            return HistoryJson.mapper().treeToValue(node,
                    HistoryJson.mapper().getTypeFactory().constructType(target));
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CannotMigrateException(where + " component " + component + " holds " + node + " in schema 4"
                    + " data, which this build reads as no " + target.getTypeName() + " (" + e.getMessage() + ");"
                    + " convert it in RecordAssembler (io.reprise.engine.store.schema4)", e);
        }
    }

    private static CannotMigrateException mismatch(Object value, Type target, String where, String component) {
        return new CannotMigrateException(where + " component " + component + " holds " + describe(value)
                + " in schema 4 data, where this build has a " + target.getTypeName() + "; convert it in"
                + " RecordAssembler (io.reprise.engine.store.schema4)");
    }

    private static String describe(Object value) {
        if (value instanceof DecodedRecord record) {
            return "a " + record.name() + " record";
        }
        if (value instanceof JsonNode node) {
            return "the JSON " + node;
        }
        return "a " + value.getClass().getSimpleName() + " (" + value + ")";
    }

    private static Object emptyOrNull(Class<?> type) {
        return type.isPrimitive() ? emptyValue(type) : null;
    }

    /** A JSON {@code null} or missing value. */
    private static boolean isJsonAbsent(Object value) {
        return value instanceof JsonNode node && (node.isNull() || node.isMissingNode());
    }

    /** Whether dropping this stored value loses nothing. */
    private static boolean isEmpty(Object value) {
        return value == null || isJsonAbsent(value) || value instanceof Collection<?> c && c.isEmpty()
                || value instanceof Map<?, ?> m && m.isEmpty()
                || value instanceof JsonNode node && node.isContainer() && node.isEmpty();
    }

    private static Map<String, JsonNode> jsonProperties(JsonNode object) {
        Map<String, JsonNode> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            properties.put(property.getKey(), property.getValue());
        }
        return properties;
    }

    /** A record that rebuilds itself from JSON its own way; EventCodec stored such records as JSON. */
    private static boolean hasJsonCreator(Class<?> record) {
        for (Method method : record.getDeclaredMethods()) {
            if (method.isAnnotationPresent(JsonCreator.class)) {
                return true;
            }
        }
        for (Constructor<?> constructor : record.getDeclaredConstructors()) {
            if (constructor.isAnnotationPresent(JsonCreator.class)) {
                return true;
            }
        }
        return false;
    }
}
