package io.reprise.common;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default {@link DataConverter}: values are JSON documents written by Jackson.
 * Records, POJOs, collections, generics, enums and {@code java.time} types work out of the box.
 * Pass your own {@link ObjectMapper} to change naming, modules or features.
 *
 * <p>The {@linkplain #getDefaultInstance() default instance} writes and reads strings, {@code int},
 * {@code long} and {@code boolean} without Jackson, in the same bytes (see {@link PlainJson}), and
 * builds its mapper on first use: a process whose payloads are all of those never loads Jackson.
 * An instance with a mapper of your own always uses that mapper, whose settings may write them
 * differently.
 */
public final class JacksonDataConverter implements DataConverter {

    private static final JacksonDataConverter DEFAULT = new JacksonDataConverter();

    /** The default instance's mapper, built when first needed (its class is initialised then). */
    private static final class DefaultMapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** {@code null} for the default instance: {@link DefaultMapper}, and {@link PlainJson} first. */
    private final ObjectMapper mapper;

    public JacksonDataConverter(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    private JacksonDataConverter() {
        this.mapper = null;
    }

    public static JacksonDataConverter getDefaultInstance() {
        return DEFAULT;
    }

    public ObjectMapper getObjectMapper() {
        return mapper != null ? mapper : DefaultMapper.INSTANCE;
    }

    @Override
    public Payload toPayload(Object value) {
        if (value == null) {
            return Payload.nullValue();
        }
        if (mapper == null) {
            byte[] plain = PlainJson.write(value);
            if (plain != null) {
                return new Payload(Payload.ENCODING_JSON, plain);
            }
        }
        try {
            return new Payload(Payload.ENCODING_JSON, getObjectMapper().writeValueAsBytes(value));
        } catch (JacksonException e) {
            throw new DataConverterException("Cannot serialize a value of type " + value.getClass().getName()
                    + " to JSON: " + e.getOriginalMessage()
                    + ". Use a record, a POJO with getters, or a type Jackson can write, or configure the ObjectMapper.", e);
        }
    }

    @Override
    public <T> T fromPayload(Payload payload, Class<T> rawType, Type type) {
        if (payload == null || payload.isNull()) {
            return null;
        }
        if (!Payload.ENCODING_JSON.equals(payload.encoding())) {
            throw new DataConverterException("Cannot read a payload encoded as \"" + payload.encoding()
                    + "\" with the JSON converter; use the DataConverter that wrote it.", null);
        }
        if (mapper == null) {
            Object plain = PlainJson.read(payload.data(), rawType, type);
            if (plain != PlainJson.NOT_PLAIN) {
                @SuppressWarnings("unchecked") // PlainJson returns a value of rawType (boxed when primitive)
                T value = (T) plain;
                return value;
            }
        }
        ObjectMapper objectMapper = getObjectMapper();
        JavaType javaType = objectMapper.getTypeFactory().constructType(type == null ? rawType : type);
        try {
            return objectMapper.readValue(payload.data(), javaType);
        } catch (JacksonException e) {
            throw new DataConverterException("Cannot read JSON " + abbreviate(payload) + " as " + javaType
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    private static String abbreviate(Payload payload) {
        String text = new String(payload.data(), StandardCharsets.UTF_8);
        return text.length() > 120 ? text.substring(0, 120) + "…" : text;
    }
}
