package io.reprise.common;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * The JSON of the simplest values, written and read without Jackson, byte for byte as the default
 * mapper of {@link JacksonDataConverter} writes and reads them: strings, {@code int}, {@code long}
 * and {@code boolean}, the most common workflow and activity arguments (ids, names, counts).
 *
 * <p>Why: Jackson's classes take about 190 ms to load and initialise in a new JVM (a fifth of a
 * launch to the first workflow on the benchmark machine) and its generator and parser allocate
 * about a tenth of the bytes of a workflow of three string-passing activities. A value this class
 * cannot write in the exact bytes Jackson would (a string with a character JSON escapes, a lone
 * surrogate, any other type) and a document it cannot read to the exact value Jackson would (a
 * string with an escape or a non-ASCII byte, a number with a sign, fraction or exponent Jackson
 * accepts or coerces, any generic or other type) is left to Jackson: {@link #write} returns
 * {@code null} and {@link #read} returns {@link #NOT_PLAIN}. {@code PlainJsonTest} compares both
 * directions with the default mapper.
 */
final class PlainJson {

    /** What {@link #read} returns for a document or a type it leaves to Jackson. */
    static final Object NOT_PLAIN = new Object();

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    private PlainJson() {
    }

    /** The JSON of {@code value}, or {@code null} when Jackson should write it. */
    static byte[] write(Object value) {
        if (value instanceof String string) {
            return writeString(string);
        }
        if (value instanceof Integer || value instanceof Long) {
            return value.toString().getBytes(StandardCharsets.US_ASCII);
        }
        if (value instanceof Boolean bool) {
            return (bool ? TRUE : FALSE).clone();
        }
        return null;
    }

    private static byte[] writeString(String string) {
        int length = string.length();
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
            char c = string.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
                return null;
            }
            ascii &= c < 0x80;
        }
        if (!ascii) {
            byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
            byte[] json = new byte[utf8.length + 2];
            System.arraycopy(utf8, 0, json, 1, utf8.length);
            json[0] = '"';
            json[json.length - 1] = '"';
            return json;
        }
        byte[] json = new byte[length + 2];
        json[0] = '"';
        string.getBytes(0, length, json, 1); // every char is ASCII: one byte each
        json[length + 1] = '"';
        return json;
    }

    /** The value of {@code json} as {@code rawType}, or {@link #NOT_PLAIN} when Jackson should read it. */
    static Object read(byte[] json, Class<?> rawType, Type type) {
        if (type != null && type != rawType) {
            return NOT_PLAIN;
        }
        if (rawType == String.class) {
            return readString(json);
        }
        if (rawType == Integer.class || rawType == int.class) {
            long value = readInteger(json);
            return value == Long.MIN_VALUE || value != (int) value ? NOT_PLAIN : (Object) (int) value;
        }
        if (rawType == Long.class || rawType == long.class) {
            long value = readInteger(json);
            return value == Long.MIN_VALUE ? NOT_PLAIN : (Object) value;
        }
        if (rawType == Boolean.class || rawType == boolean.class) {
            if (java.util.Arrays.equals(json, TRUE)) {
                return Boolean.TRUE;
            }
            return java.util.Arrays.equals(json, FALSE) ? Boolean.FALSE : NOT_PLAIN;
        }
        return NOT_PLAIN;
    }

    private static Object readString(byte[] json) {
        int last = json.length - 1;
        if (last < 1 || json[0] != '"' || json[last] != '"') {
            return NOT_PLAIN;
        }
        for (int i = 1; i < last; i++) {
            byte b = json[i];
            if (b < 0x20 || b == '"' || b == '\\') { // a negative byte is part of a non-ASCII character
                return NOT_PLAIN;
            }
        }
        return new String(json, 1, last - 1, StandardCharsets.US_ASCII);
    }

    /**
     * An integer written the one way JSON allows without a fraction or exponent ({@code -?(0|[1-9][0-9]*)},
     * at most 18 digits so it cannot overflow), or {@link Long#MIN_VALUE} for anything else.
     */
    private static long readInteger(byte[] json) {
        int i = json.length > 0 && json[0] == '-' ? 1 : 0;
        int digits = json.length - i;
        if (digits < 1 || digits > 18 || (json[i] == '0' && digits > 1)) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < json.length; i++) {
            int digit = json[i] - '0';
            if (digit < 0 || digit > 9) {
                return Long.MIN_VALUE;
            }
            value = value * 10 + digit;
        }
        return json[0] == '-' ? -value : value;
    }
}
