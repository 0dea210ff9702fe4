package io.reprise.engine.visibility;

import com.google.protobuf.InvalidProtocolBufferException;
import io.reprise.common.Payload;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.proto.VisibilityMapper;
import io.reprise.engine.proto.v1.RunVisibility;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A run's memo and custom search attributes: immutable, sorted by name. The store keeps them in the
 * {@code visibility} column of the run's row (so that a listing reads them without decoding the run's state
 * snapshot) as the proto v1 message {@code reprise.engine.v1.RunVisibility} ({@link #encode()}); a run without memo
 * and search attributes stores no bytes ({@code null}).
 */
public final class VisibilityAttributes {

    /** No memo and no search attributes. */
    public static final VisibilityAttributes EMPTY = new VisibilityAttributes(Map.of(), Map.of());

    private final Map<String, SearchAttributeValue> searchAttributes;
    private final Map<String, Payload> memo;
    /** The encoded form, computed once: a row is written with every commit of the run. */
    private byte[] encoded;

    private VisibilityAttributes(Map<String, SearchAttributeValue> searchAttributes, Map<String, Payload> memo) {
        this.searchAttributes = searchAttributes;
        this.memo = memo;
    }

    /** The attributes of these maps (copied, sorted by name); {@code null} is empty. */
    public static VisibilityAttributes of(Map<String, SearchAttributeValue> searchAttributes,
            Map<String, Payload> memo) {
        Map<String, SearchAttributeValue> sa = sorted(searchAttributes);
        Map<String, Payload> m = sorted(memo);
        return sa.isEmpty() && m.isEmpty() ? EMPTY : new VisibilityAttributes(sa, m);
    }

    /** The custom search attributes by name, sorted. */
    public Map<String, SearchAttributeValue> searchAttributes() {
        return searchAttributes;
    }

    /** The memo by key, sorted. */
    public Map<String, Payload> memo() {
        return memo;
    }

    /** These attributes with {@code set} set and the names in {@code unset} removed. */
    public VisibilityAttributes withSearchAttributes(Map<String, SearchAttributeValue> set,
            Collection<String> unset) {
        TreeMap<String, SearchAttributeValue> merged = new TreeMap<>(searchAttributes);
        merged.putAll(set);
        unset.forEach(merged::remove);
        return of(merged, memo);
    }

    /** These attributes with the memo entries of {@code upserted} replaced; a null payload removes its key. */
    public VisibilityAttributes withMemo(Map<String, Payload> upserted) {
        TreeMap<String, Payload> merged = new TreeMap<>(memo);
        upserted.forEach((key, value) -> {
            if (value.isNull()) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return of(searchAttributes, merged);
    }

    /** The stored form, or {@code null} when there is nothing to store. Do not modify the array. */
    public byte[] encode() {
        if (this == EMPTY || searchAttributes.isEmpty() && memo.isEmpty()) {
            return null;
        }
        if (encoded == null) {
            encoded = VisibilityMapper.toProto(this).toByteArray();
        }
        return encoded;
    }

    /** The size of the search attributes alone in the stored form, for the size limit. */
    public static int encodedSize(Map<String, SearchAttributeValue> searchAttributes) {
        return VisibilityMapper.toProto(of(searchAttributes, null)).getSerializedSize();
    }

    /**
     * Reads the stored form; {@code null} or empty is {@link #EMPTY}.
     *
     * @throws IllegalArgumentException when the bytes are not this form
     */
    public static VisibilityAttributes decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        VisibilityAttributes decoded;
        try {
            decoded = VisibilityMapper.fromProto(RunVisibility.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("unreadable visibility attributes: not a proto v1 RunVisibility ("
                    + e.getMessage() + ")", e);
        }
        if (decoded != EMPTY) {
            decoded.encoded = bytes;
        }
        return decoded;
    }

    private static <V> Map<String, V> sorted(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VisibilityAttributes o && searchAttributes.equals(o.searchAttributes)
                && memo.equals(o.memo);
    }

    @Override
    public int hashCode() {
        return Objects.hash(searchAttributes, memo);
    }

    @Override
    public String toString() {
        return "VisibilityAttributes{searchAttributes=" + searchAttributes + ", memo=" + memo.keySet() + "}";
    }
}
