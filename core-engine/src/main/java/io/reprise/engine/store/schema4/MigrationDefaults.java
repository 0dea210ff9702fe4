package io.reprise.engine.store.schema4;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the migration puts in a component that this build's record has and schema-4 data lacks (the record
 * gained it after schema 4), and what it does with stored components this build's record no longer has.
 *
 * <p>The rule: a component missing from the data gets its type's empty value ({@code null} for objects, an
 * empty list, set or map for collections, {@code 0} or {@code false} for primitives), unless it is listed here
 * with a value of its own, or listed as having no sensible default, in which case migrating data that lacks
 * it fails with a message naming the event, the component and its type. A stored component this build's
 * record no longer has fails the migration unless its value is empty or it is listed as dropped. Whoever adds
 * or removes a component of an event record (or of a record nested in one, or of {@code PendingChild},
 * {@code PendingExternal} and {@code TimerState} of a snapshot) decides here whether the rule is right for it.
 */
public final class MigrationDefaults {

    /**
     * The defaults of the schema-4 migration. Every component of this build's records that schema-4 data lacks
     * gets its type's empty value: the header maps added for context propagation (empty: no header) are right so.
     * Components with no sensible default: none yet. Components dropped since schema 4: none.
     */
    public static final MigrationDefaults SCHEMA_4 = builder().build();

    private final Map<String, Object> values;
    private final Map<String, String> withoutDefault;
    private final Map<String, String> dropped;

    private MigrationDefaults(Builder builder) {
        this.values = Map.copyOf(builder.values);
        this.withoutDefault = Map.copyOf(builder.withoutDefault);
        this.dropped = Map.copyOf(builder.dropped);
    }

    static Builder builder() {
        return new Builder();
    }

    /** Whether {@code record.component} has a value of its own for data that lacks it. */
    boolean hasValue(Class<?> record, String component) {
        return values.containsKey(key(record, component));
    }

    Object value(Class<?> record, String component) {
        return values.get(key(record, component));
    }

    /** Why {@code record.component} has no sensible default, or {@code null} when the rule gives it one. */
    String withoutDefault(Class<?> record, String component) {
        return withoutDefault.get(key(record, component));
    }

    /** Why a stored component {@code record} no longer has may be dropped, or {@code null} when it may not. */
    String dropped(Class<?> record, String component) {
        return dropped.get(key(record, component));
    }

    private static String key(Class<?> record, String component) {
        return record.getName() + "#" + component;
    }

    /** Builds the tables; each entry names the record class and the component. */
    static final class Builder {
        private final Map<String, Object> values = new HashMap<>();
        private final Map<String, String> withoutDefault = new HashMap<>();
        private final Map<String, String> dropped = new HashMap<>();

        private Builder() {
        }

        /** Data that lacks {@code record.component} gets {@code value} (of the component's current type). */
        Builder value(Class<? extends Record> record, String component, Object value) {
            values.put(key(record, component), value);
            return this;
        }

        /** Data that lacks {@code record.component} cannot be migrated, for the reason {@code why}. */
        Builder withoutDefault(Class<? extends Record> record, String component, String why) {
            withoutDefault.put(key(record, component), Objects.requireNonNull(why, "why"));
            return this;
        }

        /** A stored {@code component} that {@code record} no longer has is dropped, for the reason {@code why}. */
        Builder dropped(Class<? extends Record> record, String component, String why) {
            dropped.put(key(record, component), Objects.requireNonNull(why, "why"));
            return this;
        }

        MigrationDefaults build() {
            return new MigrationDefaults(this);
        }
    }
}
