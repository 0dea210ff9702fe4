package io.reprise.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One serialized value (an argument, a result, heartbeat details) as the engine stores it.
 *
 * @param encoding how {@code data} is encoded, e.g. {@code json/plain} or {@code binary/null}
 * @param data the encoded bytes
 */
public record Payload(String encoding, byte[] data) {

    /** Encoding of a Java {@code null}. */
    public static final String ENCODING_NULL = "binary/null";
    /** Encoding of a JSON document in UTF-8. */
    public static final String ENCODING_JSON = "json/plain";

    private static final Payload NULL = new Payload(ENCODING_NULL, new byte[0]);

    public Payload {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
    }

    /** The payload of a {@code null} value. */
    public static Payload nullValue() {
        return NULL;
    }

    @JsonIgnore
    public boolean isNull() {
        return ENCODING_NULL.equals(encoding);
    }

    /** Size in bytes of the encoded value. */
    @JsonIgnore
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && encoding.equals(p.encoding) && Arrays.equals(data, p.data);
    }

    @Override
    public int hashCode() {
        return 31 * encoding.hashCode() + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        if (isNull()) {
            return "null";
        }
        String text = ENCODING_JSON.equals(encoding) ? new String(data, StandardCharsets.UTF_8) : data.length + " bytes";
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
