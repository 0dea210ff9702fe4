package io.reprise.common;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts workflow and activity arguments, results and details to and from {@link Payload}s.
 * The default is {@link JacksonDataConverter}. Implementations must be thread-safe and
 * deterministic: the same value always yields the same payload.
 */
public interface DataConverter {

    /**
     * Serializes one value.
     *
     * @throws DataConverterException when the value cannot be serialized
     */
    Payload toPayload(Object value);

    /**
     * Deserializes one value into {@code type} (a {@code Class} or a generic {@code Type}).
     *
     * @throws DataConverterException when the payload does not fit the type
     */
    <T> T fromPayload(Payload payload, Class<T> rawType, Type type);

    /** The default converter: Jackson with a mapper that knows records, java.time and generics. */
    static DataConverter getDefaultInstance() {
        return JacksonDataConverter.getDefaultInstance();
    }

    /** Serializes every value, in order. */
    default List<Payload> toPayloads(Object... values) {
        if (values == null) {
            return List.of();
        }
        List<Payload> payloads = new ArrayList<>(values.length);
        for (Object value : values) {
            payloads.add(toPayload(value));
        }
        return payloads;
    }
}
