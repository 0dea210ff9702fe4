package io.reprise.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.failure.RetryState;
import io.reprise.failure.TimeoutType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryJsonTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void eventsSurviveAJsonRoundTripWithTheirTypesAndPayloads() {
        Payload input = new Payload(Payload.ENCODING_JSON, "\"card-42\"".getBytes(StandardCharsets.UTF_8));
        List<HistoryEvent> events = List.of(
                new HistoryEvent(1, T0, new EventAttributes.WorkflowExecutionStarted("Order", "orders",
                        List.of(input), null, Duration.ofMinutes(5), Duration.ofSeconds(10), "client", "r1", 1)),
                new HistoryEvent(2, T0, new EventAttributes.ActivityTaskScheduled("1", "ChargeCard", "orders",
                        List.of(input), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(5),
                        null, new RetryPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(100), 0, List.of("X")),
                        4)),
                new HistoryEvent(3, T0.plusSeconds(1), new EventAttributes.ActivityTaskTimedOut(2, 0,
                        Failure.timeout(TimeoutType.SCHEDULE_TO_START, List.of(), null), RetryState.TIMEOUT)));

        byte[] json = HistoryJson.writeEvents(events);
        List<HistoryEvent> read = HistoryJson.readEvents(json);

        assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"eventType\":\"WorkflowExecutionStarted\"");
        assertThat(read).hasSize(3);
        assertThat(read.get(0).attributes()).isEqualTo(events.get(0).attributes());
        assertThat(read.get(1).attributes()).isEqualTo(events.get(1).attributes());
        assertThat(read.get(2)).isEqualTo(events.get(2));
    }

    @Test
    void aPayloadsMetadataSurvivesTheJsonFormAndAPayloadWithoutItIsWrittenAsBefore() {
        Payload plain = new Payload(Payload.ENCODING_JSON, "1".getBytes(StandardCharsets.UTF_8));
        Payload sealed = new Payload("binary/encrypted", new byte[] {1, 2}, java.util.Map.of("encryption-key-id",
                "key-7".getBytes(StandardCharsets.UTF_8)));
        List<HistoryEvent> events = List.of(new HistoryEvent(1, T0, new EventAttributes.WorkflowExecutionStarted(
                "Order", "orders", List.of(plain, sealed), null, null, null, "client", "r1", 1)));

        String json = new String(HistoryJson.writeEvents(events), StandardCharsets.UTF_8);

        assertThat(HistoryJson.readEvents(json.getBytes(StandardCharsets.UTF_8)).get(0).attributes())
                .isEqualTo(events.get(0).attributes());
        assertThat(json).contains("{\"encoding\":\"json/plain\",\"data\":\"MQ==\"}",
                "{\"encoding\":\"binary/encrypted\",\"data\":\"AQI=\",\"metadata\":{\"encryption-key-id\":\"a2V5LTc=\"}}");
    }

    @Test
    void malformedJsonIsRejectedWithAClearMessage() {
        assertThatThrownBy(() -> HistoryJson.readEvents("[{\"eventId\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Not a valid Reprise event list");
    }
}
