package io.reprise.engine.store.schema4;

import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Run once by hand, never as a test: wrote {@code EventLayouts.java} (main sources) from the layouts that
 * {@code history/EventCodec} derived from the event records of commit f9de747, the last build that wrote
 * store schema 4. It reads the codec's own tables by reflection, so the frozen table holds what that codec
 * hashed and wrote, and checks that the table recomputes every hash. Kept for the record: run on a later
 * commit it would freeze that commit's records, which is not schema 4.
 *
 * <pre>
 * git checkout f9de747   # plus this class and FrozenType/FrozenRecord
 * ./mvnw -q -o -pl core-engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.reprise.engine.store.schema4.EventLayoutsGenerator \
 *     -Dexec.args=src/main/java/io/reprise/engine/store/schema4/EventLayouts.java
 * </pre>
 */
public final class EventLayoutsGenerator {

    private EventLayoutsGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Class<?> codecs = Class.forName("io.reprise.engine.history.EventCodec$Codecs");
        Object all = field(codecs, "ALL").get(null);
        Map<?, ?> records = (Map<?, ?>) field(codecs, "records").get(all);
        Map<?, ?> events = (Map<?, ?>) field(codecs, "events").get(all);
        List<FrozenRecord> frozen = new ArrayList<>();
        for (Object codec : records.values()) {
            Class<?> type = (Class<?>) get(codec, "type");
            Object[] components = (Object[]) get(codec, "components");
            String[] names = (String[]) get(codec, "componentNames");
            List<FrozenRecord.Component> list = new ArrayList<>();
            for (int i = 0; i < components.length; i++) {
                list.add(new FrozenRecord.Component(names[i], frozenType(components[i])));
            }
            frozen.add(new FrozenRecord(type.getName(), (String) get(codec, "name"), (int) get(codec, "layout"),
                    events.containsKey(type), list));
        }
        // Events in the order EventAttributes permits them, then nested records by class name.
        List<Class<?>> permitted = List.of(io.reprise.engine.api.EventAttributes.class.getPermittedSubclasses());
        frozen.sort(Comparator.comparing((FrozenRecord r) -> !r.event())
                .thenComparing(r -> r.event() ? String.format("%03d", permitted.indexOf(classOf(r))) : r.className()));
        Map<String, FrozenRecord> byClassName = new TreeMap<>();
        frozen.forEach(r -> byClassName.put(r.className(), r));
        for (FrozenRecord record : frozen) {
            if (record.computeLayout(byClassName) != record.layout()) {
                throw new IllegalStateException("the frozen table does not recompute the layout of " + record.name());
            }
        }
        Files.writeString(Path.of(args[0]), source(frozen));
        System.out.println("wrote " + frozen.size() + " records to " + args[0]);
    }

    private static Class<?> classOf(FrozenRecord record) {
        try {
            return Class.forName(record.className());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FrozenType frozenType(Object codec) throws ReflectiveOperationException {
        String kind = codec.getClass().getSimpleName();
        java.lang.reflect.Method describe = codec.getClass().getMethod("describe");
        describe.setAccessible(true);
        String description = (String) describe.invoke(codec);
        switch (kind) {
            case "RecordCodec":
                return new FrozenType.RecordRef(((Class<?>) get(codec, "type")).getName());
            case "IntegerCodec":
                return new FrozenType.Primitive(((Class<?>) get(codec, "type")).getName());
            case "BoxedCodec":
                return new FrozenType.Boxed((FrozenType.Primitive) frozenType(get(codec, "primitive")));
            case "EnumCodec":
                return new FrozenType.EnumType(((Class<?>) get(codec, "type")).getName());
            case "ListCodec":
                return new FrozenType.ListOf(frozenType(get(codec, "element")));
            case "MapCodec":
                return new FrozenType.MapOf(frozenType(get(codec, "key")), frozenType(get(codec, "value")));
            case "JsonCodec":
                return new FrozenType.Json(description.substring("json ".length()));
            default:
                return switch (description) {
                    case "boolean" -> FrozenType.BOOLEAN;
                    case "double" -> FrozenType.DOUBLE;
                    case "String" -> FrozenType.STRING;
                    case "byte[]" -> FrozenType.BYTES;
                    case "Duration" -> FrozenType.DURATION;
                    case "Instant" -> FrozenType.INSTANT;
                    default -> throw new IllegalStateException("unknown codec " + codec.getClass() + " " + description);
                };
        }
    }

    private static String source(List<FrozenRecord> records) {
        StringBuilder out = new StringBuilder();
        out.append("""
                package io.reprise.engine.store.schema4;

                import static io.reprise.engine.store.schema4.FrozenType.BOOLEAN;
                import static io.reprise.engine.store.schema4.FrozenType.BYTES;
                import static io.reprise.engine.store.schema4.FrozenType.DOUBLE;
                import static io.reprise.engine.store.schema4.FrozenType.DURATION;
                import static io.reprise.engine.store.schema4.FrozenType.INSTANT;
                import static io.reprise.engine.store.schema4.FrozenType.INT;
                import static io.reprise.engine.store.schema4.FrozenType.LONG;
                import static io.reprise.engine.store.schema4.FrozenType.STRING;

                import java.util.List;

                /**
                 * The layouts of the event records in store schema 4, frozen: what {@code history/EventCodec} (batch
                 * format 1) derived from the event records of commit f9de747, the last build that wrote them. Written
                 * once by {@code EventLayoutsGenerator} (test sources) and never edited: a later change to the event
                 * records does not change what schema-4 batches hold. {@code FrozenLayoutsTest} checks that each
                 * record's components recompute its layout hash.
                 */
                final class EventLayouts {

                    private EventLayouts() {
                    }

                    /** Every event attributes record, then every record nested in one. */
                    static final List<FrozenRecord> RECORDS = List.of(
                """);
        for (int r = 0; r < records.size(); r++) {
            FrozenRecord record = records.get(r);
            out.append("            ").append(record.event() ? "event" : "nested").append("(\"")
                    .append(record.className()).append("\", ");
            if (record.event()) {
                out.append('"').append(record.name()).append("\", ");
            }
            out.append(String.format("0x%08x", record.layout()));
            for (FrozenRecord.Component component : record.components()) {
                out.append(",\n                    c(\"").append(component.name()).append("\", ")
                        .append(javaOf(component.type())).append(')');
            }
            out.append(r == records.size() - 1 ? "));\n" : "),\n");
        }
        out.append("""

                    private static FrozenRecord event(String className, String name, int layout,
                            FrozenRecord.Component... components) {
                        return new FrozenRecord(className, name, layout, true, List.of(components));
                    }

                    private static FrozenRecord nested(String className, int layout, FrozenRecord.Component... components) {
                        return new FrozenRecord(className, className.substring(Math.max(className.lastIndexOf('.'),
                                className.lastIndexOf('$')) + 1), layout, false,
                                List.of(components));
                    }

                    private static FrozenRecord.Component c(String name, FrozenType type) {
                        return new FrozenRecord.Component(name, type);
                    }

                    private static FrozenType list(FrozenType element) {
                        return new FrozenType.ListOf(element);
                    }

                    private static FrozenType map(FrozenType key, FrozenType value) {
                        return new FrozenType.MapOf(key, value);
                    }

                    private static FrozenType record(String className) {
                        return new FrozenType.RecordRef(className);
                    }

                    private static FrozenType enumOf(String className) {
                        return new FrozenType.EnumType(className);
                    }

                    private static FrozenType json(String typeName) {
                        return new FrozenType.Json(typeName);
                    }

                    private static FrozenType boxed(FrozenType.Primitive primitive) {
                        return new FrozenType.Boxed(primitive);
                    }
                }
                """);
        return out.toString();
    }

    private static String javaOf(FrozenType type) {
        return switch (type) {
            case FrozenType.Primitive p -> p.name().toUpperCase(java.util.Locale.ROOT);
            case FrozenType.Boxed b -> "boxed(" + javaOf(b.primitive()) + ")";
            case FrozenType.Scalar s -> switch (s.name()) {
                case "String" -> "STRING";
                case "byte[]" -> "BYTES";
                case "Duration" -> "DURATION";
                case "Instant" -> "INSTANT";
                default -> throw new IllegalStateException(s.name());
            };
            case FrozenType.EnumType e -> "enumOf(\"" + e.className() + "\")";
            case FrozenType.ListOf l -> "list(" + javaOf(l.element()) + ")";
            case FrozenType.MapOf m -> "map(" + javaOf(m.key()) + ", " + javaOf(m.value()) + ")";
            case FrozenType.RecordRef r -> "record(\"" + r.className() + "\")";
            case FrozenType.Json j -> "json(\"" + j.typeName() + "\")";
        };
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }

    private static Object get(Object target, String name) throws ReflectiveOperationException {
        Class<?> type = target.getClass();
        while (type != null) {
            try {
                return field(type, name).get(target);
            } catch (NoSuchFieldException e) {
                type = type.getSuperclass();
            }
        }
        throw new NoSuchFieldException(name + " in " + target.getClass());
    }
}
