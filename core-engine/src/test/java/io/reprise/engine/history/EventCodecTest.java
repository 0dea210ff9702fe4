package io.reprise.engine.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.FailureKind;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.proto.Samples;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import io.reprise.engine.store.InMemoryExecutionStore;
import io.reprise.engine.store.Transition;
import io.reprise.failure.TimeoutType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** History batches as the store keeps them: proto v1 {@code HistoryBatch} messages. */
class EventCodecTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
    private static final ExecutionKey KEY = new ExecutionKey("default", "order-1", "run-1");

    @Test
    void everyEventTypeRoundTripsInEveryVariant() {
        List<HistoryEvent> events = new ArrayList<>();
        for (Class<?> type : EventAttributes.class.getPermittedSubclasses()) {
            for (Object attributes : Samples.variants(type).values()) {
                events.add(new HistoryEvent(events.size() + 1, T0.plusSeconds(events.size()),
                        (EventAttributes) attributes));
            }
        }

        HistoryBatch batch = EventCodec.encode(events);

        assertThat(batch.firstEventId()).isEqualTo(1);
        assertThat(batch.lastEventId()).isEqualTo(events.size());
        assertThat(EventCodec.decode(batch.events())).containsExactlyElementsOf(events);
    }

    @Test
    void startEventsOfARealRunRoundTrip() {
        TransitionContext start = StartWorkflowProcessor.start(KEY,
                new StartWorkflowRequest("default", "order-1", "OrderWorkflow", "orders",
                        List.of(new Payload("json/plain", "\"é ✓\"".getBytes(StandardCharsets.UTF_8))), null, null,
                        null, "me", null),
                Duration.ofSeconds(10), T0, new HistorySettings(1 << 20, Duration.ofSeconds(5), "engine"));

        assertThat(EventCodec.decode(EventCodec.encode(start.events()).events()))
                .containsExactlyElementsOf(start.events());
    }

    @Test
    void longAndNonAsciiStringsRoundTrip() {
        String long1 = "stack line ✓\n".repeat(10_000);
        Failure failure = new Failure(FailureKind.APPLICATION, "ünïcode", "Declined", true, List.of(), null, null,
                long1, Failure.timeout(TimeoutType.HEARTBEAT, List.of(), null));
        List<HistoryEvent> events = List.of(new HistoryEvent(7, T0,
                new EventAttributes.WorkflowExecutionFailed(failure, 6)));

        assertThat(EventCodec.decode(EventCodec.encode(events).events())).containsExactlyElementsOf(events);
    }

    @Test
    void aRangeOfOneBigBatchDecodesTheEventsOfTheRangeOnly() {
        List<HistoryEvent> events = new ArrayList<>();
        for (int id = 5; id < 5 + 300; id++) {
            events.add(new HistoryEvent(id, T0.plusSeconds(id), new EventAttributes.TimerStarted("t" + id,
                    Duration.ofSeconds(id), id - 1)));
        }
        HistoryBatch batch = EventCodec.encode(events);

        assertThat(EventCodec.decodeRange(batch, 1, 4)).isEmpty();
        assertThat(EventCodec.decodeRange(batch, 1, 5)).containsExactly(events.get(0));
        assertThat(EventCodec.decodeRange(batch, 100, 199)).containsExactlyElementsOf(events.subList(95, 195));
        assertThat(EventCodec.decodeRange(batch, 300, 1_000)).containsExactlyElementsOf(events.subList(295, 300));
        assertThat(EventCodec.decodeRange(batch, 305, 1_000)).isEmpty();
    }

    @Test
    void aBatchWhoseIdsAreNotConsecutiveIsDecodedWhole() {
        List<HistoryEvent> events = List.of(scheduled(3), scheduled(5), scheduled(9));
        // Stated as 3..9: seven ids, three events, so positions do not give ids.
        HistoryBatch batch = new HistoryBatch(3, 9, EventCodec.encode(events).events());

        // Whole: EventCodec.read then keeps the ids of the range.
        assertThat(EventCodec.decodeRange(batch, 4, 9)).containsExactlyElementsOf(events);
    }

    @Test
    void readReturnsTheEventsOfTheRangeAcrossBatches() {
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        List<HistoryEvent> first = List.of(scheduled(1), started(2));
        List<HistoryEvent> second = List.of(new HistoryEvent(3, T0, new EventAttributes.WorkflowTaskCompleted(1, 2,
                "worker")), new HistoryEvent(4, T0, new EventAttributes.TimerStarted("nap", Duration.ofMinutes(5), 3)));
        store.commit(new Transition(row(KEY, 1, 2), 0, EventCodec.encode(first)));
        store.commit(new Transition(row(KEY, 2, 4), 1, EventCodec.encode(second)));

        assertThat(EventCodec.read(store, KEY, 2, 3)).extracting(HistoryEvent::eventId).containsExactly(2L, 3L);
        assertThat(EventCodec.read(store, KEY, 1, 4)).containsExactly(first.get(0), first.get(1), second.get(0),
                second.get(1));
    }

    /**
     * A batch of schema 4 (the JSON form of early releases, or EventCodec's former binary layout) is no batch of
     * this schema: opening such a store migrates it first (io.reprise.engine.store.schema4); one that is found
     * anyway is refused naming the run and the batch, not misread.
     */
    @Test
    void aBatchThatIsNoProtoBatchIsRefusedNamingTheRunAndTheBatch() {
        InMemoryExecutionStore store = new InMemoryExecutionStore();
        byte[] json = HistoryJson.writeEvents(List.of(scheduled(1), started(2)));
        store.commit(new Transition(row(KEY, 1, 2), 0, new HistoryBatch(1, 2, json)));

        assertThatThrownBy(() -> EventCodec.read(store, KEY, 1, 2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("The history batch of events 1..2 of execution default/order-1/run-1 cannot"
                        + " be read: not a proto v1 history batch (");
    }

    /**
     * Adding a component to an event record (and its field to the proto message) keeps old data readable: a batch
     * written before the field existed lacks it, and reads with the component's default. The {@code header} of
     * ActivityTaskScheduled is such a component: the bytes below are those of a batch without it.
     */
    @Test
    void anEventWrittenBeforeAComponentWasAddedReadsWithTheComponentsDefault() throws Exception {
        Map<String, Payload> header = Map.of("traceparent", new Payload("json/plain",
                "\"00-abc-01\"".getBytes(StandardCharsets.UTF_8)));
        EventAttributes.ActivityTaskScheduled withHeader = new EventAttributes.ActivityTaskScheduled("pay",
                "ChargeCard", "orders", List.of(), null, null, Duration.ofMinutes(1), null, null, 4, header);
        io.reprise.engine.proto.v1.HistoryBatch current = io.reprise.engine.proto.v1.HistoryBatch.parseFrom(
                EventCodec.encode(List.of(new HistoryEvent(5, T0, withHeader))).events());
        io.reprise.engine.proto.v1.HistoryBatch.Builder older = current.toBuilder();
        older.getEventsBuilder(0).getActivityTaskScheduledEventAttributesBuilder().clearHeader();
        byte[] writtenBeforeHeaders = older.build().toByteArray();

        List<HistoryEvent> read = EventCodec.decode(writtenBeforeHeaders);

        EventAttributes.ActivityTaskScheduled attributes = read.get(0).attributes(
                EventAttributes.ActivityTaskScheduled.class);
        assertThat(attributes.header()).isEmpty();
        assertThat(attributes).isEqualTo(new EventAttributes.ActivityTaskScheduled("pay", "ChargeCard", "orders",
                List.of(), null, null, Duration.ofMinutes(1), null, null, 4));
    }

    private static ExecutionRow row(ExecutionKey key, long version, long lastEventId) {
        return new ExecutionRow(key, "OrderWorkflow", "orders", "RUNNING", T0.toEpochMilli(), null, null, version,
                lastEventId, new byte[0]);
    }

    private static HistoryEvent scheduled(long id) {
        return new HistoryEvent(id, T0, new EventAttributes.WorkflowTaskScheduled("orders", Duration.ofSeconds(10),
                1));
    }

    private static HistoryEvent started(long id) {
        return new HistoryEvent(id, T0, new EventAttributes.WorkflowTaskStarted(1, "worker"));
    }
}
