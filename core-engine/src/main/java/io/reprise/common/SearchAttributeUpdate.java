package io.reprise.common;

import java.util.Objects;
import java.util.Optional;

/**
 * A change of one search attribute from workflow code: set to a value, or unset. Made by
 * {@link SearchAttributeKey#valueSet} and {@link SearchAttributeKey#valueUnset}.
 *
 * @param <T> the attribute's value type
 */
public final class SearchAttributeUpdate<T> {

    private final SearchAttributeKey<T> key;
    private final T value;

    private SearchAttributeUpdate(SearchAttributeKey<T> key, T value) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = value;
    }

    static <T> SearchAttributeUpdate<T> valueSet(SearchAttributeKey<T> key, T value) {
        SearchAttributes.checkValue(key, value);
        return new SearchAttributeUpdate<>(key, value);
    }

    static <T> SearchAttributeUpdate<T> valueUnset(SearchAttributeKey<T> key) {
        return new SearchAttributeUpdate<>(key, null);
    }

    public SearchAttributeKey<T> getKey() {
        return key;
    }

    /** The new value; empty when the update unsets the attribute. */
    public Optional<T> getValue() {
        return Optional.ofNullable(value);
    }

    @Override
    public String toString() {
        return value == null ? "unset " + key : key + " = " + value;
    }
}
