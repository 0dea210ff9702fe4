package io.reprise.common;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One serialized value (an argument, a result, heartbeat details) as the engine stores it.
 *
 * @param encoding how {@code data} is encoded, e.g. {@code json/plain} or {@code binary/null}
 * @param data the encoded bytes
 * @param metadata the payload's other metadata by key (what a codec, an encryption or a compression needs to read
 *     it back), kept as given through the engine, its store and the wire; empty by default. The encoding is not
 *     among them: the key {@value #ENCODING_KEY} is refused here
 */
public record Payload(String encoding, byte[] data,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, byte[]> metadata) {

    /** Encoding of a Java {@code null}. */
    public static final String ENCODING_NULL = "binary/null";
    /** Encoding of a JSON document in UTF-8. */
    public static final String ENCODING_JSON = "json/plain";

    /** The metadata key that holds the encoding on the wire and in the store (common.proto). */
    public static final String ENCODING_KEY = "encoding";

    private static final Payload NULL = new Payload(ENCODING_NULL, new byte[0]);

    public Payload {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(data, "data");
        if (metadata == null || metadata.isEmpty()) {
            metadata = Map.of();
        } else {
            Map<String, byte[]> copy = new TreeMap<>();
            metadata.forEach((key, value) -> {
                if (key == null || key.isEmpty()) {
                    throw new IllegalArgumentException("A payload's metadata key must not be empty; name what the"
                            + " value is for, e.g. \"encryption-key-id\"");
                }
                if (key.equals(ENCODING_KEY)) {
                    throw new IllegalArgumentException("The metadata key \"" + ENCODING_KEY + "\" is the payload's"
                            + " encoding; give it as the encoding, not in the metadata");
                }
                copy.put(key, Objects.requireNonNull(value, () -> "the value of metadata key \"" + key + "\"").clone());
            });
            metadata = Collections.unmodifiableMap(copy);
        }
    }

    /** A payload without metadata besides its encoding. */
    public Payload(String encoding, byte[] data) {
        this(encoding, data, Map.of());
    }

    /** This payload with {@code value} under metadata key {@code key} as well (replacing one there). */
    public Payload withMetadata(String key, byte[] value) {
        Map<String, byte[]> more = new TreeMap<>(metadata);
        more.put(key, value);
        return new Payload(encoding, data, more);
    }

    /**
     * The payload's other metadata by key (see the record's description); the values are copies, changing them
     * changes nothing here.
     */
    @Override
    public Map<String, byte[]> metadata() {
        if (metadata.isEmpty()) {
            return metadata;
        }
        Map<String, byte[]> copy = new TreeMap<>();
        metadata.forEach((key, value) -> copy.put(key, value.clone()));
        return Collections.unmodifiableMap(copy);
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
        return o instanceof Payload p && encoding.equals(p.encoding) && Arrays.equals(data, p.data)
                && sameMetadata(metadata, p.metadata);
    }

    private static boolean sameMetadata(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Map.Entry<String, byte[]> entry : a.entrySet()) {
            if (!Arrays.equals(entry.getValue(), b.get(entry.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 31 * encoding.hashCode() + Arrays.hashCode(data);
        for (Map.Entry<String, byte[]> entry : metadata.entrySet()) {
            hash += entry.getKey().hashCode() ^ Arrays.hashCode(entry.getValue());
        }
        return hash;
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
