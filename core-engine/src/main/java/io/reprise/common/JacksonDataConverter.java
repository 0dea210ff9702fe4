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
 */
public final class JacksonDataConverter implements DataConverter {

    private static final JacksonDataConverter DEFAULT = new JacksonDataConverter(JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build());

    private final ObjectMapper mapper;

    public JacksonDataConverter(ObjectMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
    }

    public static JacksonDataConverter getDefaultInstance() {
        return DEFAULT;
    }

    public ObjectMapper getObjectMapper() {
        return mapper;
    }

    @Override
    public Payload toPayload(Object value) {
        if (value == null) {
            return Payload.nullValue();
        }
        try {
            return new Payload(Payload.ENCODING_JSON, mapper.writeValueAsBytes(value));
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
        JavaType javaType = mapper.getTypeFactory().constructType(type == null ? rawType : type);
        try {
            return mapper.readValue(payload.data(), javaType);
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
