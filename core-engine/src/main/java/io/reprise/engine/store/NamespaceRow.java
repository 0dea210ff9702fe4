package io.reprise.engine.store;

import java.util.Objects;

/**
 * The stored registration of one namespace.
 *
 * @param name the namespace's name (unique)
 * @param description free text, empty when none was given
 * @param retentionMillis how long closed runs of the namespace are kept, in milliseconds
 * @param createTimeMillis when it was registered (epoch millis)
 * @param updateTimeMillis when it was last changed (epoch millis; the create time until then)
 */
public record NamespaceRow(String name, String description, long retentionMillis, long createTimeMillis,
        long updateTimeMillis) {

    public NamespaceRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
    }
}
