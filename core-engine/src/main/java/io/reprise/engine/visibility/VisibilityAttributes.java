package io.reprise.engine.visibility;

import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A run's memo and custom search attributes: immutable, sorted by name, with the compact binary form the
 * store keeps in the {@code visibility} column of the run's row (so that a listing reads them without
 * decoding the run's state snapshot).
 *
 * <p>Binary layout ({@link #encode()}): {@code byte FORMAT, int n, n × (utf name, byte type code, value),
 * int m, m × (utf key, utf encoding, int length, bytes)}; a value is a length-prefixed UTF-8 string for
 * KEYWORD and TEXT, a long for INT, a double for DOUBLE, a boolean for BOOL and epoch seconds (long) plus
 * nanoseconds (int) for DATETIME. A run without memo and search attributes stores no bytes ({@code null}).
 */
public final class VisibilityAttributes {

    /** No memo and no search attributes. */
    public static final VisibilityAttributes EMPTY = new VisibilityAttributes(Map.of(), Map.of());

    private static final int FORMAT = 1;

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

    /** The binary form, or {@code null} when there is nothing to store. Do not modify the array. */
    public byte[] encode() {
        if (this == EMPTY || searchAttributes.isEmpty() && memo.isEmpty()) {
            return null;
        }
        if (encoded == null) {
            encoded = write();
        }
        return encoded;
    }

    /** The size of the search attributes alone in the binary form, for the size limit. */
    public static int encodedSize(Map<String, SearchAttributeValue> searchAttributes) {
        return of(searchAttributes, null).write().length;
    }

    /**
     * Reads the binary form; {@code null} or empty is {@link #EMPTY}.
     *
     * @throws IllegalArgumentException when the bytes are not this form
     */
    public static VisibilityAttributes decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return EMPTY;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("visibility attributes have format " + format
                        + ", this engine reads format " + FORMAT);
            }
            TreeMap<String, SearchAttributeValue> sa = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                sa.put(name, readValue(in));
            }
            TreeMap<String, Payload> m = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String key = in.readUTF();
                String encoding = in.readUTF();
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                m.put(key, new Payload(encoding, data));
            }
            VisibilityAttributes decoded = of(sa, m);
            decoded.encoded = bytes;
            return decoded;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable visibility attributes: " + e, e);
        }
    }

    private byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(searchAttributes.size());
            for (Map.Entry<String, SearchAttributeValue> entry : searchAttributes.entrySet()) {
                out.writeUTF(entry.getKey());
                writeValue(out, entry.getValue());
            }
            out.writeInt(memo.size());
            for (Map.Entry<String, Payload> entry : memo.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeUTF(entry.getValue().encoding());
                out.writeInt(entry.getValue().data().length);
                out.write(entry.getValue().data());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot happen in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void writeValue(DataOutputStream out, SearchAttributeValue value) throws IOException {
        out.writeByte(code(value.type()));
        switch (value.type()) {
            case KEYWORD, TEXT -> {
                byte[] utf8 = ((String) value.value()).getBytes(StandardCharsets.UTF_8);
                out.writeInt(utf8.length);
                out.write(utf8);
            }
            case INT -> out.writeLong((Long) value.value());
            case DOUBLE -> out.writeDouble((Double) value.value());
            case BOOL -> out.writeBoolean((Boolean) value.value());
            case DATETIME -> {
                Instant instant = (Instant) value.value();
                out.writeLong(instant.getEpochSecond());
                out.writeInt(instant.getNano());
            }
        }
    }

    private static SearchAttributeValue readValue(DataInputStream in) throws IOException {
        SearchAttributeType type = type(in.readUnsignedByte());
        Object value = switch (type) {
            case KEYWORD, TEXT -> {
                byte[] utf8 = new byte[in.readInt()];
                in.readFully(utf8);
                yield new String(utf8, StandardCharsets.UTF_8);
            }
            case INT -> in.readLong();
            case DOUBLE -> in.readDouble();
            case BOOL -> in.readBoolean();
            case DATETIME -> Instant.ofEpochSecond(in.readLong(), in.readInt());
        };
        return new SearchAttributeValue(type, value);
    }

    /** Fixed codes, so that reordering the enum never changes stored bytes. */
    private static int code(SearchAttributeType type) {
        return switch (type) {
            case KEYWORD -> 1;
            case TEXT -> 2;
            case INT -> 3;
            case DOUBLE -> 4;
            case BOOL -> 5;
            case DATETIME -> 6;
        };
    }

    private static SearchAttributeType type(int code) {
        return switch (code) {
            case 1 -> SearchAttributeType.KEYWORD;
            case 2 -> SearchAttributeType.TEXT;
            case 3 -> SearchAttributeType.INT;
            case 4 -> SearchAttributeType.DOUBLE;
            case 5 -> SearchAttributeType.BOOL;
            case 6 -> SearchAttributeType.DATETIME;
            default -> throw new IllegalArgumentException("unknown search attribute type code " + code);
        };
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
