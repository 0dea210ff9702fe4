package io.reprise.engine.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.reprise.common.SearchAttributeType;
import java.time.Instant;
import java.util.Objects;

/**
 * A typed search attribute value, as indexed for visibility queries.
 *
 * <p>The value is never {@code null} and is always an instance of {@code type.javaType()}:
 * {@code String} for {@link SearchAttributeType#KEYWORD} and {@link SearchAttributeType#TEXT},
 * {@code Long} for {@link SearchAttributeType#INT}, {@code Double} for {@link SearchAttributeType#DOUBLE},
 * {@code Boolean} for {@link SearchAttributeType#BOOL} and {@code java.time.Instant} for
 * {@link SearchAttributeType#DATETIME}. Use {@link #of} to have an {@code Integer} or {@code Float} widened.
 *
 * @param type the attribute's type
 * @param value the value, an instance of {@code type.javaType()}
 */
public record SearchAttributeValue(SearchAttributeType type, Object value) {

    public SearchAttributeValue {
        Objects.requireNonNull(type, "type");
        if (value == null) {
            throw new IllegalArgumentException("A search attribute value of type " + type + " must be a "
                    + type.javaType().getName() + ", not null");
        }
        if (!type.javaType().isInstance(value)) {
            throw new IllegalArgumentException("A search attribute value of type " + type + " must be a "
                    + type.javaType().getName() + ", not a " + value.getClass().getName() + " (" + value + ")");
        }
    }

    /**
     * A value of {@code type}, widening an {@code Integer} to {@code Long} for {@link SearchAttributeType#INT}
     * and a {@code Float} to {@code Double} for {@link SearchAttributeType#DOUBLE}.
     *
     * @throws IllegalArgumentException if {@code value} is null or not of the type's Java type
     */
    public static SearchAttributeValue of(SearchAttributeType type, Object value) {
        Objects.requireNonNull(type, "type");
        Object normalised = switch (type) {
            case INT -> value instanceof Integer i ? Long.valueOf(i) : value;
            case DOUBLE -> value instanceof Float f ? Double.valueOf(f) : value;
            default -> value;
        };
        return new SearchAttributeValue(type, normalised);
    }

    /**
     * Reads the JSON form ({@code {"type":"INT","value":42}}, a DATETIME's value an ISO-8601 string), in which
     * numbers come back as whatever Java type fits them and instants as strings.
     */
    @JsonCreator
    static SearchAttributeValue fromJson(@JsonProperty("type") SearchAttributeType type,
            @JsonProperty("value") Object value) {
        Objects.requireNonNull(type, "type");
        Object typed = switch (type) {
            case INT -> value instanceof Number n ? Long.valueOf(n.longValue()) : value;
            case DOUBLE -> value instanceof Number n ? Double.valueOf(n.doubleValue()) : value;
            case DATETIME -> value instanceof String s ? Instant.parse(s) : value;
            default -> value;
        };
        return new SearchAttributeValue(type, typed);
    }
}
