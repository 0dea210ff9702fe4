package io.reprise.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class PlainJsonTest {

    private final ObjectMapper mapper = JacksonDataConverter.getDefaultInstance().getObjectMapper();

    @Test
    void everyCharacterAloneOrInTextIsWrittenInTheBytesOfTheDefaultMapperOrLeftToIt() {
        int written = 0;
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            for (String string : List.of(String.valueOf((char) c), "order-" + (char) c + "-17")) {
                byte[] plain = PlainJson.write(string);
                if (plain != null) {
                    written++;
                    assertThat(plain).as("U+%04X", c).isEqualTo(mapper.writeValueAsBytes(string));
                }
            }
        }
        // Everything but the 32 control characters, '"', '\\' and the 2,048 surrogates, alone and in text.
        assertThat(written).isEqualTo(2 * (65_536 - 32 - 2 - 2_048));
        assertThat(PlainJson.write("\uD83D\uDE00")).as("a surrogate pair is left to Jackson").isNull();
    }

    @Test
    void integersAndBooleansAreWrittenInTheBytesOfTheDefaultMapper() {
        for (Object value : List.of(0, 1, -1, 42, Integer.MIN_VALUE, Integer.MAX_VALUE, 0L, -7L, Long.MIN_VALUE,
                Long.MAX_VALUE, true, false)) {
            assertThat(PlainJson.write(value)).as("%s", value).isEqualTo(mapper.writeValueAsBytes(value));
        }
        for (Object value : List.of(1.5, 2.0f, (short) 3, (byte) 4, 'c', new int[] {1}, List.of("a"))) {
            assertThat(PlainJson.write(value)).as("%s is left to Jackson", value).isNull();
        }
    }

    @Test
    void aDocumentReadWithoutJacksonHasTheValueTheDefaultMapperReads() {
        List<String> documents = new ArrayList<>(List.of("\"\"", "\"order-17\"", "\"a/b c~\"", "\"\\u0041\"",
                "\"tab\\t\"", "\" é \"", "\"unterminated", "\"", "\"\"\"", " \"x\"", "\"x\" ", "null", "0", "-0",
                "7", "-7", "007", "+7", "1.0", "1e3", "-", "", "\"12\"", "2147483647", "2147483648", "-2147483648",
                "-2147483649", "999999999999999999", "9223372036854775807", "-9223372036854775808",
                "12345678901234567890", "true", "false", "True", "tru", "\"true\"", "1x"));
        for (int b = 0x20; b < 0x7f; b++) {
            documents.add("\"" + (char) b + "\"");
        }
        int read = 0;
        for (String document : documents) {
            byte[] json = document.getBytes(StandardCharsets.UTF_8);
            for (Class<?> type : List.of(String.class, Integer.class, int.class, Long.class, long.class,
                    Boolean.class, boolean.class)) {
                Object plain = PlainJson.read(json, type, type);
                if (plain == PlainJson.NOT_PLAIN) {
                    continue;
                }
                read++;
                Object expected;
                try {
                    expected = mapper.readValue(json, type);
                } catch (JacksonException e) {
                    throw new AssertionError("Read " + document + " as " + type + " although Jackson refuses it", e);
                }
                assertThat(plain).as("%s as %s", document, type).isEqualTo(expected);
            }
        }
        // As String: the 95 one-character strings less '"' and '\\', and "", order-17, a/b c~, 12 and true.
        // As Integer and int: 0, -0, 7, -7, 2147483647, -2147483648. As Long and long: those, 2147483648,
        // -2147483649 and 999999999999999999. As Boolean and boolean: true, false.
        assertThat(read).isEqualTo(93 + 5 + 2 * 6 + 2 * 9 + 2 * 2);
    }

    @Test
    void aGenericOrOtherTypeIsLeftToJackson() {
        byte[] json = "\"x\"".getBytes(StandardCharsets.UTF_8);
        assertThat(PlainJson.read(json, Object.class, Object.class)).isSameAs(PlainJson.NOT_PLAIN);
        assertThat(PlainJson.read(json, CharSequence.class, CharSequence.class)).isSameAs(PlainJson.NOT_PLAIN);
        assertThat(PlainJson.read(json, String.class, List.class.getTypeParameters()[0])).isSameAs(PlainJson.NOT_PLAIN);
        assertThat(PlainJson.read(json, String.class, null)).isEqualTo("x");
    }

    @Test
    void aConverterWithAMapperOfItsOwnWritesEveryValueThroughThatMapper() {
        JacksonDataConverter escaping = new JacksonDataConverter(JsonMapper.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build());
        assertThat(new String(escaping.toPayload("é").data(), StandardCharsets.US_ASCII)).isEqualTo("\"\\u00E9\"");
        assertThat(new String(JacksonDataConverter.getDefaultInstance().toPayload("é").data(),
                StandardCharsets.UTF_8)).isEqualTo("\"é\"");
        assertThat(escaping.fromPayload(escaping.toPayload("é"), String.class, String.class)).isEqualTo("é");
    }

    @Test
    void theDefaultConverterRoundTripsPlainAndOtherValues() {
        DataConverter converter = JacksonDataConverter.getDefaultInstance();
        record Order(String id, int count) {
        }
        for (Object value : List.of("order-17", "line\nbreak", "\uD83D\uDE00", 17, 17L, true, new Order("o", 2))) {
            assertThat(converter.fromPayload(converter.toPayload(value), (Class<?>) value.getClass(), value.getClass()))
                    .isEqualTo(value);
        }
        assertThat(converter.fromPayload(converter.toPayload(5), int.class, int.class)).isEqualTo(5);
    }
}
