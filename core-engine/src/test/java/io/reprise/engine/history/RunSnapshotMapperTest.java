package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.proto.Samples;
import io.reprise.engine.proto.v1.RunSnapshot;
import io.reprise.engine.store.ExecutionKey;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A run's state goes to its proto v1 snapshot and back (through bytes) with every durable field equal. The state is
 * filled by reflection, field by field, so a field added to {@link MutableState}, {@link ActivityState} or
 * {@link WorkflowTaskState} without a mapping fails here, unless it is listed below as in memory only.
 */
class RunSnapshotMapperTest {

    private static final ExecutionKey KEY = new ExecutionKey("default", "order-1", "run-1");

    /** Fields that are caches or bookkeeping of this process, never in a snapshot, by class. */
    private static final Map<Class<?>, Set<String>> IN_MEMORY = Map.of(
            MutableState.class, Set.of("outboundInFlight", "recentEvents", "unpersistedTaskEvents", "closeEvent"),
            ActivityState.class, Set.of("input", "queuedTask"),
            WorkflowTaskState.class, Set.of("queuedTask"));

    /** Fields derived from others (filled by the state's own methods), compared but not filled. */
    private static final Set<String> DERIVED = Set.of("activityIds");

    /** The collections whose {@code null} means something ("not known yet"); the others are never null. */
    private static final Set<String> NULLABLE_COLLECTIONS = Set.of("signalNames");

    /** The maps keyed by an id of their values: how the test fills them (as the state's methods do). */
    private static final Map<String, Function<Object, Object>> KEYED_MAPS = Map.of(
            "activities", value -> ((ActivityState) value).scheduledEventId,
            "timers", value -> ((TimerState) value).timerId(),
            "children", value -> ((PendingChild) value).initiatedEventId(),
            "externals", value -> ((PendingExternal) value).initiatedEventId());

    @Test
    void everyDurableFieldRoundTripsWithEveryFieldSet() throws Exception {
        assertRoundTrips(fill(Samples.Fill.FULL, false));
    }

    @Test
    void everyDurableFieldRoundTripsWithEmptyValues() throws Exception {
        MutableState state = fill(Samples.Fill.EMPTY, false);
        assertThat(state.signalNames).as("declared, none: not the same as not known").isEmpty();

        assertRoundTrips(state);
    }

    @Test
    void everyDurableFieldRoundTripsAtTheEdges() throws Exception {
        assertRoundTrips(fill(Samples.Fill.EDGE, false));
    }

    @Test
    void everyDurableFieldRoundTripsWithEveryNullableFieldNull() throws Exception {
        MutableState state = fill(Samples.Fill.FULL, true);
        assertThat(state.signalNames).isNull();
        assertThat(state.workflowTask).isNull();

        assertRoundTrips(state);
    }

    @Test
    void aStateMadeByTheEngineRoundTrips() throws Exception {
        TransitionContext start = StartWorkflowProcessor.start(KEY, new StartWorkflowRequest("default", "order-1",
                "OrderWorkflow", "orders", List.of(), Duration.ofHours(1), null, null, "client", "req-1"),
                Duration.ofSeconds(10), Instant.parse("2026-01-01T00:00:00Z"),
                new HistorySettings(1 << 20, Duration.ofSeconds(5), "engine"));
        MutableState state = start.state();
        state.committed(1, start.events());

        assertRoundTrips(state);
    }

    private static void assertRoundTrips(MutableState state) throws Exception {
        byte[] bytes = RunSnapshotMapper.toSnapshot(state).toByteArray();

        MutableState read = RunSnapshotMapper.fromSnapshot(state.key, state.lastEventId(), state.version,
                state.visibility, RunSnapshot.parseFrom(bytes));

        Object expected = view(state);
        Object actual = view(read);
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a) {
            for (Object name : e.keySet()) {
                assertThat(a.get(name)).as("field %s", name).isEqualTo(e.get(name));
            }
        }
        assertThat(actual).isEqualTo(expected);
    }

    /**
     * A state with every field filled by {@link Samples}: through its constructor, then field by field; with
     * {@code nulls}, every field of a reference type that is not a collection is {@code null}.
     */
    private static MutableState fill(Samples.Fill fill, boolean nulls) throws Exception {
        MutableState state = construct(MutableState.class, fill, nulls, 1);
        for (Field field : fieldsToFill(MutableState.class)) {
            if (KEYED_MAPS.containsKey(field.getName())) {
                @SuppressWarnings("unchecked")
                Map<Object, Object> map = (Map<Object, Object>) field.get(state);
                Class<?> valueType = (Class<?>) ((java.lang.reflect.ParameterizedType) field.getGenericType())
                        .getActualTypeArguments()[1];
                if (fill != Samples.Fill.EMPTY) {
                    for (int n = 1; n <= 2; n++) {
                        // n * 101: ids that differ at the edges too (where odd and even give the min and max)
                        Object value = valueType.isRecord() ? Samples.record(valueType, fill, n * 101, 0)
                                : construct(valueType, fill, nulls, n * 101);
                        if (value instanceof ActivityState activity) {
                            state.addActivity(activity);
                        } else {
                            map.put(KEYED_MAPS.get(field.getName()).apply(value), value);
                        }
                    }
                }
            } else {
                set(state, field, fill, nulls, 2);
            }
        }
        if (nulls) {
            state.workflowTask = null;
        }
        return state;
    }

    /** An instance of one of the state's classes, its constructor's parameters matched to fields by name. */
    private static <T> T construct(Class<T> type, Samples.Fill fill, boolean nulls, int n) throws Exception {
        Constructor<?> constructor = type.getDeclaredConstructors()[0];
        Object[] arguments = new Object[constructor.getParameterCount()];
        Parameter[] parameters = constructor.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            assertThat(parameters[i].isNamePresent()).as("main classes are compiled with -parameters").isTrue();
            arguments[i] = value(parameters[i].getParameterizedType(), parameters[i].getType(), fill, nulls, n + i);
        }
        constructor.setAccessible(true);
        T instance = type.cast(constructor.newInstance(arguments));
        if (type != MutableState.class) {
            for (Field field : fieldsToFill(type)) {
                set(instance, field, fill, nulls, n + 50);
            }
        }
        return instance;
    }

    private static void set(Object target, Field field, Samples.Fill fill, boolean nulls, int n) throws Exception {
        if (Modifier.isFinal(field.getModifiers())) {
            Object current = field.get(target);
            if (current instanceof Collection<?> collection) {
                @SuppressWarnings("unchecked")
                Collection<Object> values = (Collection<Object>) collection;
                values.addAll((Collection<?>) Samples.value(field.getGenericType(), fill, n, 0));
                return;
            }
            assertThat(constructorParameterNames(target.getClass())).as("final field %s.%s is set by the constructor"
                    + "; teach this test to fill it", target.getClass().getSimpleName(), field.getName())
                    .contains(field.getName());
            return;
        }
        boolean nullable = nulls && NULLABLE_COLLECTIONS.contains(field.getName());
        field.set(target, nullable ? null : value(field.getGenericType(), field.getType(), fill, nulls, n));
    }

    private static Object value(java.lang.reflect.Type generic, Class<?> raw, Samples.Fill fill, boolean nulls, int n)
            throws Exception {
        if (raw == ExecutionKey.class) {
            return KEY;
        }
        if (nulls && !raw.isPrimitive() && !Collection.class.isAssignableFrom(raw) && !Map.class.isAssignableFrom(raw)) {
            return null;
        }
        if (raw == WorkflowTaskState.class || raw == ActivityState.class) {
            return construct(raw, fill, nulls, n);
        }
        return Samples.value(generic, fill, n, 0);
    }

    private static List<Field> fieldsToFill(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())
                    || IN_MEMORY.getOrDefault(type, Set.of()).contains(field.getName())
                    || DERIVED.contains(field.getName())) {
                continue;
            }
            field.setAccessible(true);
            fields.add(field);
        }
        return fields;
    }

    private static Set<String> constructorParameterNames(Class<?> type) {
        Set<String> names = new java.util.HashSet<>();
        for (Parameter parameter : type.getDeclaredConstructors()[0].getParameters()) {
            names.add(parameter.getName());
        }
        return names;
    }

    /**
     * What a snapshot must keep of {@code value}: the state's classes as a map of their fields (not the in-memory
     * ones), maps as lists of entries (their order is the order things happened), the rest as they are.
     */
    private static Object view(Object value) throws IllegalAccessException {
        if (value == null) {
            return null;
        }
        Class<?> type = value.getClass();
        if (type == MutableState.class || type == ActivityState.class || type == WorkflowTaskState.class) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (Field field : type.getDeclaredFields()) {
                if (!Modifier.isStatic(field.getModifiers())
                        && !IN_MEMORY.getOrDefault(type, Set.of()).contains(field.getName())) {
                    field.setAccessible(true);
                    fields.put(field.getName(), view(field.get(value)));
                }
            }
            return fields;
        }
        if (value instanceof Map<?, ?> map) {
            List<Object> entries = new ArrayList<>();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entries.add(java.util.Arrays.asList(entry.getKey(), view(entry.getValue())));
            }
            return entries;
        }
        if (value instanceof Collection<?> collection) {
            List<Object> elements = new ArrayList<>();
            for (Object element : collection) {
                elements.add(view(element));
            }
            return elements;
        }
        return value;
    }
}
