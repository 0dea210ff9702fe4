package io.reprise.common;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * The name and type of a custom search attribute, typed by the Java class of its values. Make one per
 * attribute and share it between the code that sets it and the code that reads it:
 *
 * <pre>{@code
 * static final SearchAttributeKey<String> CUSTOMER_ID = SearchAttributeKey.forKeyword("CustomerId");
 * static final SearchAttributeKey<Long> ITEM_COUNT = SearchAttributeKey.forLong("ItemCount");
 * }</pre>
 *
 * <p>A name is an identifier ({@code [A-Za-z_][A-Za-z0-9_]*}, at most 64 characters) and is not one of the
 * built-in attributes ({@code WorkflowId}, {@code WorkflowType}, {@code ExecutionStatus}, {@code StartTime}, …);
 * names are case-sensitive. The type travels with each value: the engine needs no registration, and a query
 * compares a run's value by the type it was stored with.
 *
 * @param <T> the Java type of the values: {@code String} (keyword, text), {@code Long}, {@code Double},
 *     {@code Boolean} or {@code OffsetDateTime}
 */
public final class SearchAttributeKey<T> implements Comparable<SearchAttributeKey<?>> {

    private final String name;
    private final SearchAttributeType valueType;
    private final Class<T> valueClass;

    private SearchAttributeKey(String name, SearchAttributeType valueType, Class<T> valueClass) {
        this.name = SearchAttributeNames.check(name);
        this.valueType = valueType;
        this.valueClass = valueClass;
    }

    /**
     * A keyword: an exact string such as an id or a state; a query compares it with {@code =}, ordering and
     * {@code STARTS_WITH}. At most 2 KiB.
     *
     * @throws IllegalArgumentException when the name breaks the rule above
     */
    public static SearchAttributeKey<String> forKeyword(String name) {
        return new SearchAttributeKey<>(name, SearchAttributeType.KEYWORD, String.class);
    }

    /** Full text: a query's {@code =} matches when the text has every word of the literal. At most 2 KiB. */
    public static SearchAttributeKey<String> forText(String name) {
        return new SearchAttributeKey<>(name, SearchAttributeType.TEXT, String.class);
    }

    /** A 64-bit integer (Temporal's Int). */
    public static SearchAttributeKey<Long> forLong(String name) {
        return new SearchAttributeKey<>(name, SearchAttributeType.INT, Long.class);
    }

    /** A finite double. */
    public static SearchAttributeKey<Double> forDouble(String name) {
        return new SearchAttributeKey<>(name, SearchAttributeType.DOUBLE, Double.class);
    }

    /** A boolean. */
    public static SearchAttributeKey<Boolean> forBoolean(String name) {
        return new SearchAttributeKey<>(name, SearchAttributeType.BOOL, Boolean.class);
    }

    /** A point in time (Temporal's Datetime); stored as an instant and read back at UTC. */
    public static SearchAttributeKey<OffsetDateTime> forOffsetDateTime(String name) {
        return new SearchAttributeKey<>(name, SearchAttributeType.DATETIME, OffsetDateTime.class);
    }

    /** The key of {@code name} for a type, e.g. to read attributes whose names come from outside. */
    public static SearchAttributeKey<?> forType(String name, SearchAttributeType type) {
        Objects.requireNonNull(type, "type");
        return switch (type) {
            case KEYWORD -> forKeyword(name);
            case TEXT -> forText(name);
            case INT -> forLong(name);
            case DOUBLE -> forDouble(name);
            case BOOL -> forBoolean(name);
            case DATETIME -> forOffsetDateTime(name);
        };
    }

    public String getName() {
        return name;
    }

    public SearchAttributeType getValueType() {
        return valueType;
    }

    public Class<T> getValueClass() {
        return valueClass;
    }

    /**
     * An update that sets this attribute to {@code value}, for {@code Workflow.upsertTypedSearchAttributes}.
     *
     * @throws IllegalArgumentException when {@code value} is null, or a double that is not finite
     */
    public SearchAttributeUpdate<T> valueSet(T value) {
        return SearchAttributeUpdate.valueSet(this, value);
    }

    /** An update that removes this attribute from the run, for {@code Workflow.upsertTypedSearchAttributes}. */
    public SearchAttributeUpdate<T> valueUnset() {
        return SearchAttributeUpdate.valueUnset(this);
    }

    /** Keys are equal when their names and types are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SearchAttributeKey<?> key && name.equals(key.name) && valueType == key.valueType;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + valueType.hashCode();
    }

    /** By name, then type. */
    @Override
    public int compareTo(SearchAttributeKey<?> other) {
        int byName = name.compareTo(other.name);
        return byName != 0 ? byName : valueType.compareTo(other.valueType);
    }

    @Override
    public String toString() {
        return name + "(" + valueType + ")";
    }
}
