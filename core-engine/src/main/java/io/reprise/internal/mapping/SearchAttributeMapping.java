package io.reprise.internal.mapping;

import io.reprise.common.SearchAttributeKey;
import io.reprise.common.SearchAttributeType;
import io.reprise.common.SearchAttributes;
import io.reprise.engine.api.SearchAttributeValue;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** Typed search attributes ({@link SearchAttributes}) to and from the values the engine indexes. */
public final class SearchAttributeMapping {

    private SearchAttributeMapping() {
    }

    /** The values as the engine takes them, by name. */
    public static Map<String, SearchAttributeValue> toIndexedValues(SearchAttributes attributes) {
        Map<String, SearchAttributeValue> indexed = new TreeMap<>();
        attributes.getUntypedValues().forEach((key, value) -> indexed.put(key.getName(), toIndexedValue(key, value)));
        return Collections.unmodifiableMap(indexed);
    }

    /** A key's value as the engine takes it: an {@code OffsetDateTime} becomes an instant. */
    public static SearchAttributeValue toIndexedValue(SearchAttributeKey<?> key, Object value) {
        Object indexed = value instanceof OffsetDateTime time ? time.toInstant() : value;
        return new SearchAttributeValue(key.getValueType(), indexed);
    }

    /**
     * The typed attributes of indexed values as the engine reports them; an instant is read back at UTC.
     *
     * @throws IllegalArgumentException when a name breaks the naming rule
     */
    public static SearchAttributes fromIndexedValues(Map<String, SearchAttributeValue> indexed) {
        if (indexed == null || indexed.isEmpty()) {
            return SearchAttributes.EMPTY;
        }
        SearchAttributes.Builder builder = SearchAttributes.newBuilder();
        indexed.forEach((name, value) -> {
            Object typed = value.type() == SearchAttributeType.DATETIME
                    ? OffsetDateTime.ofInstant((Instant) value.value(), ZoneOffset.UTC) : value.value();
            builder.set(castKey(SearchAttributeKey.forType(name, value.type())), typed);
        });
        return builder.build();
    }

    @SuppressWarnings("unchecked")
    private static SearchAttributeKey<Object> castKey(SearchAttributeKey<?> key) {
        return (SearchAttributeKey<Object>) key;
    }
}
