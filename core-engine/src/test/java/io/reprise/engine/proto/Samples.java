package io.reprise.engine.proto;

import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes instances of the engine's records by reflection, every component filled, so that a mapping test covers a
 * component the day it is added: a component the mapping forgets comes back different (or {@code null}).
 *
 * <p>{@link #variants} gives, for one record type: every component set ({@link Fill#FULL}), every component at its
 * "empty" value ({@link Fill#EMPTY}: {@code ""}, empty lists and maps, zeros, {@code Duration.ZERO}, the epoch),
 * every component at an edge ({@link Fill#EDGE}: negative durations with nanoseconds, instants before 1970,
 * extreme numbers, non-ASCII text), and the full one with each component the record accepts as {@code null} set to
 * {@code null}, one at a time and all together. Nested records are filled the same way, down to a depth, below
 * which a record component is {@code null} (it stops a failure's cause chain).
 */
public final class Samples {

    /** How the values are chosen. */
    public enum Fill {
        FULL, EMPTY, EDGE
    }

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
    private static final int MAX_DEPTH = 3;

    private Samples() {
    }

    /** The variants of {@code type} described in the class comment, each with a name that says which it is. */
    public static <R> Map<String, R> variants(Class<R> type) {
        Map<String, R> variants = new LinkedHashMap<>();
        for (Fill fill : Fill.values()) {
            variants.put(fill.name(), type.cast(record(type, fill, 1, 0)));
        }
        RecordComponent[] components = type.getRecordComponents();
        Object[] full = values(type, Fill.FULL, 1, 0);
        Object[] allNull = full.clone();
        for (int i = 0; i < components.length; i++) {
            if (components[i].getType().isPrimitive()) {
                continue;
            }
            Object[] oneNull = full.clone();
            oneNull[i] = null;
            R instance = tryConstruct(type, oneNull);
            if (instance != null) {
                variants.put("FULL, " + components[i].getName() + " null", instance);
                allNull[i] = null;
            }
        }
        R nulls = tryConstruct(type, allNull);
        if (nulls != null) {
            variants.put("every nullable component null", nulls);
        }
        return variants;
    }

    /** One instance of record {@code type} filled with {@code fill}, values derived from {@code n}. */
    public static Object record(Class<?> type, Fill fill, int n, int depth) {
        Object instance = tryConstruct(type, values(type, fill, n, depth));
        if (instance == null) {
            throw new AssertionError("The " + fill + " sample of " + type.getName() + " is refused by its"
                    + " constructor; teach Samples a value it accepts");
        }
        return instance;
    }

    private static Object[] values(Class<?> type, Fill fill, int n, int depth) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = value(components[i].getGenericType(), fill, n * 10 + i + 1, depth + 1);
        }
        return values;
    }

    /** A value of {@code type}: see the class comment. */
    public static Object value(Type type, Fill fill, int n, int depth) {
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] arguments = p.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                List<Object> list = new ArrayList<>();
                if (fill != Fill.EMPTY) {
                    list.add(value(arguments[0], fill, n, depth));
                    list.add(value(arguments[0], fill, n + 1, depth));
                }
                return Set.class.isAssignableFrom(raw) ? new java.util.LinkedHashSet<>(list) : list;
            }
            if (Map.class.isAssignableFrom(raw)) {
                Map<Object, Object> map = new LinkedHashMap<>();
                if (fill != Fill.EMPTY) {
                    map.put(value(arguments[0], fill, n, depth), value(arguments[1], fill, n, depth));
                    map.put(value(arguments[0], fill, n + 1, depth), value(arguments[1], fill, n + 1, depth));
                }
                return map;
            }
            throw new AssertionError("No sample value for " + type + "; teach Samples the type");
        }
        Class<?> c = (Class<?>) type;
        boolean edge = fill == Fill.EDGE;
        boolean empty = fill == Fill.EMPTY;
        if (c == long.class || c == Long.class) {
            return empty ? 0L : edge ? (n % 2 == 0 ? Long.MAX_VALUE : Long.MIN_VALUE + n) : 1000L * n + 7;
        }
        if (c == int.class || c == Integer.class) {
            return empty ? 0 : edge ? (n % 2 == 0 ? Integer.MAX_VALUE : Integer.MIN_VALUE + n) : 7 * n;
        }
        if (c == boolean.class || c == Boolean.class) {
            return !empty;
        }
        if (c == double.class || c == Double.class) {
            return empty ? 0.0 : edge ? -Double.MAX_VALUE / n : 1.5 * n;
        }
        if (c == String.class) {
            return empty ? "" : edge ? "ünï ✓ 𝄞 " + n + "\n\t\"" : "value-" + n;
        }
        if (c == byte[].class) {
            return empty ? new byte[0] : ("\"" + n + "\"").getBytes(StandardCharsets.UTF_8);
        }
        if (c == Duration.class) {
            return empty ? Duration.ZERO : edge ? Duration.ofSeconds(-n, 123_456_789) : Duration.ofSeconds(n, n);
        }
        if (c == Instant.class) {
            return empty ? Instant.EPOCH : edge ? Instant.ofEpochSecond(-86_400L * (n % 1000) - 1, 999_999_999) : T0.plusNanos(n);
        }
        if (c == Payload.class) {
            String encoding = empty ? "" : edge ? "binary/ünï" : "json/plain";
            return new Payload(encoding, (byte[]) value(byte[].class, fill, n, depth));
        }
        if (c == SearchAttributeValue.class) {
            SearchAttributeType[] types = SearchAttributeType.values();
            SearchAttributeType t = types[n % types.length];
            Object v = switch (t) {
                case KEYWORD, TEXT -> value(String.class, fill, n, depth);
                case INT -> value(long.class, fill, n, depth);
                case DOUBLE -> value(double.class, fill, n, depth);
                case BOOL -> value(boolean.class, fill, n, depth);
                case DATETIME -> value(Instant.class, fill, n, depth);
            };
            return new SearchAttributeValue(t, v);
        }
        if (c == VisibilityAttributes.class) {
            return VisibilityAttributes.of(sampleMap(SearchAttributeValue.class, fill, n, depth),
                    sampleMap(Payload.class, fill, n, depth));
        }
        if (c == HistoryEvent.class) {
            // Its event type must match its attributes: any event type, by n.
            Class<?>[] types = EventAttributes.class.getPermittedSubclasses();
            return new HistoryEvent(empty ? 0 : n, (Instant) value(Instant.class, fill, n, depth),
                    (EventAttributes) record(types[n % types.length], fill, n, MAX_DEPTH - 1));
        }
        if (c.isEnum()) {
            Object[] constants = c.getEnumConstants();
            return constants[n % constants.length];
        }
        if (c.isRecord()) {
            return depth <= MAX_DEPTH ? record(c, fill, n, depth) : null;
        }
        throw new AssertionError("No sample value for " + type + "; teach Samples the type");
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> sampleMap(Class<V> valueType, Fill fill, int n, int depth) {
        Map<String, V> map = new LinkedHashMap<>();
        if (fill != Fill.EMPTY) {
            map.put("name-" + n, (V) value(valueType, fill, n, depth));
            map.put("name-" + (n + 1), (V) value(valueType, fill, n + 1, depth));
        }
        return map;
    }

    /** The record made of {@code values}, or {@code null} when its constructor refuses them. */
    private static <R> R tryConstruct(Class<R> type, Object[] values) {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            parameterTypes[i] = components[i].getType();
        }
        try {
            Constructor<R> constructor = type.getDeclaredConstructor(parameterTypes);
            constructor.setAccessible(true);
            return constructor.newInstance(values);
        } catch (InvocationTargetException refused) {
            if (refused.getCause() instanceof NullPointerException
                    || refused.getCause() instanceof IllegalArgumentException) {
                return null;
            }
            throw new AssertionError("Cannot construct " + type.getName(), refused.getCause());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("Cannot construct " + type.getName(), e);
        }
    }
}
