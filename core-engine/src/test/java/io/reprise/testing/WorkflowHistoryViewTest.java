package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.EventType;
import io.reprise.client.HistoryEvent;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.api.HistoryJson;
import io.reprise.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link WorkflowHistory}: its public events, and a JSON export that stays the format it always was. */
class WorkflowHistoryViewTest {

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(ClientTest.QUEUE);
        worker.registerWorkflowImplementationTypes(ClientTest.HelloImpl.class);
        worker.registerActivitiesImplementations(new ClientTest.GreeterImpl());
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private WorkflowHistory hello(String workflowId) {
        WorkflowStub stub = client.newUntypedWorkflowStub("Hello",
                WorkflowOptions.newBuilder().setTaskQueue(ClientTest.QUEUE).setWorkflowId(workflowId).build());
        stub.start("Ada");
        stub.getResult(String.class);
        return client.fetchHistory(workflowId);
    }

    @Test
    void eventsShowTheirTypeAndTheirAttributesAsTheExportHasThem() {
        WorkflowHistory history = hello("view");

        assertThat(history.events()).extracting(HistoryEvent::eventType).containsExactly(
                EventType.WorkflowExecutionStarted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
                EventType.WorkflowTaskCompleted, EventType.ActivityTaskScheduled, EventType.ActivityTaskStarted,
                EventType.ActivityTaskCompleted, EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted,
                EventType.WorkflowTaskCompleted, EventType.WorkflowExecutionCompleted);
        assertThat(history.events()).extracting(HistoryEvent::eventId)
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
        HistoryEvent started = history.events().get(0);
        assertThat(started.attribute("workflowType")).isEqualTo("Hello");
        assertThat(started.attribute("taskQueue")).isEqualTo(ClientTest.QUEUE);
        assertThat(history.events().get(4).attribute("activityType")).isEqualTo("Greet");
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>) history.events().get(10).attribute("result");
        assertThat(result.get("encoding")).isEqualTo("json/plain");
        assertThat(new String(Base64.getDecoder().decode((String) result.get("data")), StandardCharsets.UTF_8))
                .isEqualTo("\"Hello Ada\"");
        assertThatThrownBy(() -> started.attributes().put("workflowType", "Other"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(WorkflowHistory.fromJson(history.toJson()).events()).isEqualTo(history.events());
    }

    @Test
    void theJsonIsTheDocumentHistoriesWereAlwaysExportedAs() {
        WorkflowHistory history = hello("format");

        // What toJson wrote when WorkflowHistory was a record of the engine's events: the same mapper and
        // printer, the properties workflowId, runId, events in this order.
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("workflowId", "format");
        document.put("runId", history.runId());
        document.put("events", EngineHistory.events(history));
        String before = HistoryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(document);

        assertThat(history.toJson()).isEqualTo(before);
        String withoutRunId = before.replace("  \"runId\" : \"" + history.runId() + "\",\n", "");
        assertThat(WorkflowHistory.fromJson(withoutRunId).runId()).isNull();
        assertThat(WorkflowHistory.fromJson(withoutRunId).toJson())
                .isEqualTo(before.replace("\"runId\" : \"" + history.runId() + "\"", "\"runId\" : null"));
    }

    @Test
    void thePublicEventTypesAreTheEnginesSoEveryRecordedEventHasOne() {
        assertThat(Arrays.stream(EventType.values()).map(Enum::name).toList())
                .isEqualTo(Arrays.stream(io.reprise.engine.api.EventType.values()).map(Enum::name).toList());
        for (EventType type : EventType.values()) {
            assertThat(type.isClose()).isEqualTo(io.reprise.engine.api.EventType.valueOf(type.name()).isClose());
        }
        assertThat(List.of(EventType.values())).filteredOn(EventType::isClose).hasSize(6);
    }
}
