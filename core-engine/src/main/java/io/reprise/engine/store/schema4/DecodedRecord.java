package io.reprise.engine.store.schema4;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A record as schema-4 data holds it, before it becomes a record of this build: its components by name, in
 * their stored order. Values decoded from a binary batch are {@code Long}, {@code Integer}, {@code Short},
 * {@code Byte}, {@code Boolean}, {@code Double}, {@code String} (also enum constants, by name), {@code byte[]},
 * {@code Duration}, {@code Instant}, lists, maps, nested {@code DecodedRecord}s, Jackson {@code JsonNode}s (what
 * the codec stored as JSON) or {@code null}. A record read from JSON (a JSON batch, or a JSON part of a snapshot)
 * holds a {@code JsonNode} per component.
 *
 * @param name the record's name: an event's type ({@code "TimerStarted"}) or a nested record's simple name
 *     ({@code "RetryPolicy"})
 * @param components the stored components by name
 */
public record DecodedRecord(String name, Map<String, Object> components) {

    public DecodedRecord {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    }

    /** A record read from JSON: one {@code JsonNode} component per property of {@code object}. */
    static DecodedRecord ofJson(String name, JsonNode object) {
        Map<String, Object> components = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> property : object.properties()) {
            components.put(property.getKey(), property.getValue());
        }
        return new DecodedRecord(name, components);
    }

    /** Whether the stored data has a component of this name (its value may be {@code null}). */
    public boolean has(String component) {
        return components.containsKey(component);
    }

    /** The stored value of a component, or {@code null}. */
    public Object get(String component) {
        return components.get(component);
    }
}
