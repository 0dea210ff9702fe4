package io.reprise.engine.store.schema4;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * One record type as schema-4 batches hold it: an event attributes record (written with its simple name and
 * its layout hash) or a record nested in one.
 *
 * @param className the record's binary class name when the layout was frozen
 * @param name the name a batch gives an event attributes record (its simple class name)
 * @param layout the layout hash EventCodec computed for it (and wrote before each event of this type)
 * @param event whether it is an event attributes record
 * @param components its components in declaration order, which is the order of their bytes
 */
record FrozenRecord(String className, String name, int layout, boolean event, List<Component> components) {

    /** One component: its name and how it was written. */
    record Component(String name, FrozenType type) {
    }

    FrozenRecord {
        components = List.copyOf(components);
    }

    /**
     * The layout hash of this record computed from the frozen table alone, as EventCodec computed it from the
     * record classes: a CRC-32 of the names and types of the components, nested records included once each.
     */
    int computeLayout(Map<String, FrozenRecord> byClassName) {
        StringBuilder description = new StringBuilder();
        describe(this, description, new HashSet<>(), byClassName);
        CRC32 crc = new CRC32();
        crc.update(description.toString().getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static void describe(FrozenRecord record, StringBuilder description, Set<String> seen,
            Map<String, FrozenRecord> byClassName) {
        description.append(record.className).append('(');
        if (seen.add(record.className)) {
            for (Component component : record.components) {
                description.append(component.name()).append(' ').append(component.type().describe()).append(';');
            }
            for (Component component : record.components) {
                describeNested(component.type(), description, seen, byClassName);
            }
        }
        description.append(')');
    }

    private static void describeNested(FrozenType type, StringBuilder description, Set<String> seen,
            Map<String, FrozenRecord> byClassName) {
        switch (type) {
            case FrozenType.RecordRef ref -> describe(byClassName.get(ref.className()), description, seen,
                    byClassName);
            case FrozenType.ListOf list -> describeNested(list.element(), description, seen, byClassName);
            case FrozenType.MapOf map -> {
                describeNested(map.key(), description, seen, byClassName);
                describeNested(map.value(), description, seen, byClassName);
            }
            case FrozenType.EnumType e -> description.append(e.className());
            default -> {
            }
        }
    }
}
