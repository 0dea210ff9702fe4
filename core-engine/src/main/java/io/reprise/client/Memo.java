package io.reprise.client;

import com.fasterxml.jackson.annotation.JsonValue;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A run's memo as the client received it: payloads by key, read with the client's {@link DataConverter}.
 * Immutable; as JSON it is the payloads by key.
 */
public final class Memo {

    private final Map<String, Payload> payloads;
    private final DataConverter converter;

    Memo(Map<String, Payload> payloads, DataConverter converter) {
        this.payloads = payloads == null ? Map.of() : Map.copyOf(payloads);
        this.converter = Objects.requireNonNull(converter, "converter");
    }

    /** The memo's keys. */
    public Set<String> keys() {
        return payloads.keySet();
    }

    /**
     * The value of {@code key} converted to {@code valueClass}, or {@code null} when the memo has no such key.
     *
     * @throws io.reprise.common.DataConverterException when the value does not fit the class
     */
    public <T> T get(String key, Class<T> valueClass) {
        return get(key, valueClass, valueClass);
    }

    /** Like {@link #get(String, Class)} for a generic type ({@code List<Item>}). */
    public <T> T get(String key, Class<T> valueClass, Type genericType) {
        Payload payload = payloads.get(key);
        return payload == null ? null : converter.fromPayload(payload, valueClass, genericType);
    }

    /** The payloads by key, as stored. */
    @JsonValue
    public Map<String, Payload> payloads() {
        return payloads;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Memo memo && payloads.equals(memo.payloads);
    }

    @Override
    public int hashCode() {
        return payloads.hashCode();
    }

    @Override
    public String toString() {
        return payloads.toString();
    }
}
