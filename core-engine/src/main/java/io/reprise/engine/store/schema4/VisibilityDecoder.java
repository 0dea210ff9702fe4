package io.reprise.engine.store.schema4;

import io.reprise.common.Payload;
import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.visibility.VisibilityAttributes;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code visibility} column of a schema-4 row (memo and search attributes, format 1 of
 * {@link VisibilityAttributes}): a frozen copy of that reader at commit f9de747, so that a later change of the
 * column's form does not change what schema-4 rows are read as.
 *
 * <p>Format 1: {@code byte 1, int n, n × (utf name, byte type code, value), int m, m × (utf key, utf encoding,
 * int length, bytes)}; a value is an int length and UTF-8 bytes for KEYWORD (1) and TEXT (2), a long for INT (3), a
 * double for DOUBLE (4), a boolean for BOOL (5), and epoch seconds (long) and nanos (int) for DATETIME (6). No bytes
 * (null) is no memo and no search attributes.
 */
final class VisibilityDecoder {

    private VisibilityDecoder() {
    }

    static VisibilityAttributes decode(byte[] bytes, String where) {
        if (bytes == null || bytes.length == 0) {
            return VisibilityAttributes.EMPTY;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int format = in.readUnsignedByte();
            if (format != 1) {
                throw new CannotMigrateException("the visibility column of " + where + " has format " + format
                        + ", but schema 4 wrote format 1: it is corrupt; restore the store from a backup");
            }
            Map<String, SearchAttributeValue> searchAttributes = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                int code = in.readUnsignedByte();
                Object value = switch (code) {
                    case 1, 2 -> {
                        byte[] utf8 = new byte[in.readInt()];
                        in.readFully(utf8);
                        yield new String(utf8, StandardCharsets.UTF_8);
                    }
                    case 3 -> in.readLong();
                    case 4 -> in.readDouble();
                    case 5 -> in.readBoolean();
                    case 6 -> Instant.ofEpochSecond(in.readLong(), in.readInt());
                    default -> throw new CannotMigrateException("the visibility column of " + where + " has search"
                            + " attribute type code " + code + ", which schema 4 never wrote: it is corrupt; restore"
                            + " the store from a backup");
                };
                searchAttributes.put(name, new SearchAttributeValue(type(code), value));
            }
            Map<String, Payload> memo = new TreeMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String key = in.readUTF();
                String encoding = in.readUTF();
                byte[] data = new byte[in.readInt()];
                in.readFully(data);
                memo.put(key, new Payload(encoding, data));
            }
            return VisibilityAttributes.of(searchAttributes, memo);
        } catch (IOException e) {
            throw new CannotMigrateException("the visibility column of " + where + " cannot be read (" + e
                    + "): it is corrupt; restore the store from a backup", e);
        }
    }

    private static SearchAttributeType type(int code) {
        return switch (code) {
            case 1 -> SearchAttributeType.KEYWORD;
            case 2 -> SearchAttributeType.TEXT;
            case 3 -> SearchAttributeType.INT;
            case 4 -> SearchAttributeType.DOUBLE;
            case 5 -> SearchAttributeType.BOOL;
            default -> SearchAttributeType.DATETIME;
        };
    }
}
