package io.reprise.engine.api;

import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON form of history events, used by the store codec and by history export and import.
 * Payload bytes appear as Base64; times as ISO-8601.
 */
public final class HistoryJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
    private static final TypeReference<List<HistoryEvent>> EVENT_LIST = new TypeReference<>() { };

    private HistoryJson() {
    }

    /** The mapper configured for engine messages (records, java.time, polymorphic event attributes). */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] writeEvents(List<HistoryEvent> events) {
        return MAPPER.writeValueAsBytes(events);
    }

    public static List<HistoryEvent> readEvents(byte[] json) {
        try {
            return MAPPER.readValue(json, EVENT_LIST);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a valid Reprise event list: " + e.getOriginalMessage(), e);
        }
    }
}
