package io.reprise.transport.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.Payload;
import io.reprise.engine.Engine;
import io.reprise.engine.api.GetHistoryRequest;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryPage;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.proto.HistoryEventMapper;
import io.reprise.engine.store.JdbcExecutionStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * History pages are bounded by bytes as well as by count, so that a page of big events fits in one gRPC message: a
 * client that reads answers of only a little more than {@link GetHistoryRequest#MAX_PAGE_BYTES} still reads every
 * event of a history many times that size.
 */
class HistoryPageBytesTest {

    private static final int SIGNALS = 12;
    private static final int SIGNAL_BYTES = 1_500_000;
    private static final int CLIENT_MAX_INBOUND = GetHistoryRequest.MAX_PAGE_BYTES + 1024 * 1024;

    @Test
    void pagingAHistoryOfBigEventsReturnsEveryEventWithEachPageUnderTheByteLimit() {
        try (Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build()) {
            GrpcEngineServer server = GrpcEngineServer.newBuilder(engine).port(0).build().start();
            try (GrpcEngineService remote = GrpcEngineService.newBuilder().target("127.0.0.1:" + server.port())
                    .maxInboundMessageSize(CLIENT_MAX_INBOUND).build()) {
                remote.startWorkflow(new StartWorkflowRequest("default", "big", "Order", "orders", List.of(), null,
                        null, null, "test", null));
                for (int i = 0; i < SIGNALS; i++) {
                    byte[] data = new byte[SIGNAL_BYTES];
                    Arrays.fill(data, (byte) i);
                    remote.signalWorkflow(new SignalWorkflowRequest("default", "big", null, "chunk",
                            List.of(new Payload("binary/plain", data)), "test"));
                }

                List<HistoryPage> pages = new ArrayList<>();
                String token = null;
                do {
                    HistoryPage page = remote.getHistory(new GetHistoryRequest("default", "big", null, 0, token));
                    pages.add(page);
                    token = page.nextPageToken();
                } while (token != null);

                List<HistoryEvent> paged = pages.stream().flatMap(page -> page.events().stream()).toList();
                List<HistoryEvent> whole = engine.getHistory("default", "big", null);
                assertThat(whole).hasSizeGreaterThan(SIGNALS);
                assertThat(paged).isEqualTo(whole);
                assertThat(paged.stream().mapToLong(HistoryEvent::eventId))
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, whole.size()).boxed().toList());
                long historyBytes = bytes(whole);
                assertThat(historyBytes).isGreaterThan(3L * CLIENT_MAX_INBOUND);
                for (int i = 0; i < pages.size(); i++) {
                    List<HistoryEvent> events = pages.get(i).events();
                    assertThat(bytes(events)).as("bytes of page %d", i).isLessThanOrEqualTo(
                            GetHistoryRequest.MAX_PAGE_BYTES);
                    if (i < pages.size() - 1) {
                        // Full: the next page's first event would have passed the limit.
                        HistoryEvent next = pages.get(i + 1).events().get(0);
                        assertThat(bytes(events) + bytes(List.of(next))).as("page %d and one more event", i)
                                .isGreaterThan(GetHistoryRequest.MAX_PAGE_BYTES);
                    }
                }
                // The embedded engine pages the same way.
                HistoryPage firstEmbedded = engine.getHistory(GetHistoryRequest.firstPage("default", "big", null));
                assertThat(firstEmbedded.events()).isEqualTo(pages.get(0).events());
            } finally {
                server.close();
            }
        }
    }

    @Test
    void anEventBiggerThanThePageLimitIsAPageOfItsOwn() {
        try (Engine engine = Engine.builder().store(JdbcExecutionStore.sqliteInMemory()).build()) {
            byte[] big = new byte[2 * 1024 * 1024];
            List<Payload> input = List.of(new Payload("binary/plain", big), new Payload("binary/plain", big),
                    new Payload("binary/plain", big));
            engine.startWorkflow(new StartWorkflowRequest("default", "huge", "Order", "orders", input, null, null,
                    null, "test", null));

            HistoryPage first = engine.getHistory(GetHistoryRequest.firstPage("default", "huge", null));
            HistoryPage second = engine.getHistory(new GetHistoryRequest("default", "huge", null, 0,
                    first.nextPageToken()));

            assertThat(first.events()).hasSize(1);
            assertThat(first.events().get(0).eventId()).isEqualTo(1);
            assertThat(bytes(first.events())).isGreaterThan(GetHistoryRequest.MAX_PAGE_BYTES);
            assertThat(second.events().get(0).eventId()).isEqualTo(2);
            assertThat(second.nextPageToken()).isNull();
        }
    }

    private static long bytes(List<HistoryEvent> events) {
        return events.stream().mapToLong(event -> HistoryEventMapper.toProto(event).getSerializedSize()).sum();
    }
}
