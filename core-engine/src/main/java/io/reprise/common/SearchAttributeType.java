package io.reprise.common;

import java.time.Instant;

/**
 * The type of a search attribute: how its value is stored and how a visibility query compares it.
 * Each type has exactly one Java representation, {@link #javaType()}.
 */
public enum SearchAttributeType {

    /** An exact-match string ({@link String}): compared by equality, ordering and prefix. */
    KEYWORD(String.class),

    /** A full-text string ({@link String}): {@code =} in a query means "contains all these words". */
    TEXT(String.class),

    /** A 64-bit integer ({@link Long}). */
    INT(Long.class),

    /** A double-precision number ({@link Double}). */
    DOUBLE(Double.class),

    /** A boolean ({@link Boolean}). */
    BOOL(Boolean.class),

    /** A point in time ({@link Instant}). */
    DATETIME(Instant.class);

    private final Class<?> javaType;

    SearchAttributeType(Class<?> javaType) {
        this.javaType = javaType;
    }

    /** The Java class every value of this type is an instance of. */
    public Class<?> javaType() {
        return javaType;
    }
}
