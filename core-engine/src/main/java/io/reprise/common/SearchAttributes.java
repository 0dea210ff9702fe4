package io.reprise.common;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An immutable set of typed custom search attribute values, at most one per name:
 *
 * <pre>{@code
 * SearchAttributes attributes = SearchAttributes.newBuilder()
 *         .set(CUSTOMER_ID, "c-42")
 *         .set(ITEM_COUNT, 3L)
 *         .build();
 * String customer = attributes.get(CUSTOMER_ID);
 * }</pre>
 */
public final class SearchAttributes {

    /** No attributes. */
    public static final SearchAttributes EMPTY = new SearchAttributes(Map.of());

    /** Sorted by name, then type; at most one key per name. */
    private final Map<SearchAttributeKey<?>, Object> values;

    private SearchAttributes(Map<SearchAttributeKey<?>, Object> values) {
        this.values = values;
    }

    public static Builder newBuilder() {
        return new Builder();
    }

    /** A builder starting from {@code attributes}' values. */
    public static Builder newBuilder(SearchAttributes attributes) {
        Builder builder = new Builder();
        builder.values.putAll(attributes.values);
        return builder;
    }

    /** The value of {@code key}, or {@code null} when there is none (or the name holds a value of another type). */
    public <T> T get(SearchAttributeKey<T> key) {
        return key.getValueClass().cast(values.get(key));
    }

    public boolean containsKey(SearchAttributeKey<?> key) {
        return values.containsKey(key);
    }

    public int size() {
        return values.size();
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** Every key with its value, sorted by name. */
    public Map<SearchAttributeKey<?>, Object> getUntypedValues() {
        return values;
    }

    /** The values by name (how the attributes appear as JSON). */
    @JsonValue
    public Map<String, Object> getValuesByName() {
        Map<String, Object> byName = new LinkedHashMap<>();
        values.forEach((key, value) -> byName.put(key.getName(), value));
        return Collections.unmodifiableMap(byName);
    }

    /**
     * @throws IllegalArgumentException when the value is null, not of the key's type, or a DOUBLE that is not
     *     finite
     */
    static void checkValue(SearchAttributeKey<?> key, Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            throw new IllegalArgumentException("The value of search attribute " + key.getName() + " is null; use "
                    + "unset (or valueUnset()) to remove an attribute");
        }
        if (!key.getValueClass().isInstance(value)) {
            throw new IllegalArgumentException("The value of search attribute " + key.getName() + " must be a "
                    + key.getValueClass().getSimpleName() + ", not a " + value.getClass().getSimpleName());
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            throw new IllegalArgumentException("The value of search attribute " + key.getName() + " is " + d
                    + "; a double search attribute must be a finite number");
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SearchAttributes attributes && values.equals(attributes.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }

    /** Builds {@link SearchAttributes}; setting a name again replaces its value (and type). */
    public static final class Builder {
        private final Map<SearchAttributeKey<?>, Object> values = new HashMap<>();

        private Builder() {
        }

        /**
         * Sets {@code key} to {@code value}, replacing any value of the same name.
         *
         * @throws IllegalArgumentException when {@code value} is null or a double that is not finite
         */
        public <T> Builder set(SearchAttributeKey<T> key, T value) {
            checkValue(key, value);
            putChecked(key, value);
            return this;
        }

        /** Removes the attribute named like {@code key}, if set. */
        public Builder unset(SearchAttributeKey<?> key) {
            values.keySet().removeIf(k -> k.getName().equals(key.getName()));
            return this;
        }

        private void putChecked(SearchAttributeKey<?> key, Object value) {
            values.keySet().removeIf(k -> k.getName().equals(key.getName()));
            values.put(key, value);
        }

        public SearchAttributes build() {
            return values.isEmpty() ? EMPTY : new SearchAttributes(Collections.unmodifiableMap(new TreeMap<>(values)));
        }
    }
}
