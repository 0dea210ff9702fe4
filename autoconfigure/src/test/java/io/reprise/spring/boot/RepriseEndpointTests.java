package io.reprise.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.EventType;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowHistory;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.DataConverter;
import io.reprise.common.SearchAttributeKey;
import io.reprise.common.SearchAttributes;
import io.reprise.spring.boot.ActuatorApplication.ShipmentWorkflow;
import io.reprise.spring.boot.ActuatorApplication.ShipmentWorkflowImpl;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.testing.WorkflowReplayer;
import io.reprise.worker.WorkflowImplementationOptions;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /actuator/reprise}: list, describe, and the history in the format WorkflowReplayer reads. */
@RepriseTest(classes = ActuatorApplication.class, properties = {
        "reprise.activity-defaults.start-to-close-timeout=10s",
        "management.endpoints.web.exposure.include=health,prometheus,reprise",
        "management.endpoint.health.show-details=always" })
@AutoConfigureMockMvc
class RepriseEndpointTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    WorkflowClient client;

    @Autowired
    MockMvc mvc;

    @Autowired
    DataConverter dataConverter;

    @Autowired
    WorkflowImplementationOptions implementationOptions;

    private String ship(String workflowId) {
        return client.newWorkflowStub(ShipmentWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(ActuatorApplication.QUEUE).setWorkflowId(workflowId).build()).ship(workflowId);
    }

    private MvcResult get(String path) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.get(path)).andReturn();
    }

    private JsonNode json(MvcResult result) throws Exception {
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    @Test
    void listsExecutionsNewestFirstPageByPageAndByStatus() throws Exception {
        ship("list-1");
        ship("list-2");
        ship("list-3");

        MvcResult first = get("/actuator/reprise?pageSize=2");
        assertThat(first.getResponse().getStatus()).isEqualTo(200);
        JsonNode page = json(first);
        List<String> ids = page.get("executions").valueStream()
                .map(e -> e.get("execution").get("workflowId").asString()).toList();
        assertThat(ids).hasSize(2);
        assertThat(page.get("nextPageToken").isNull()).isFalse();
        JsonNode newest = page.get("executions").get(0);
        assertThat(newest.get("workflowType").asString()).isEqualTo("ShipmentWorkflow");
        assertThat(newest.get("taskQueue").asString()).isEqualTo("shipments");
        assertThat(newest.get("status").asString()).isEqualTo("COMPLETED");

        JsonNode next = json(get("/actuator/reprise?pageSize=2&nextPageToken=" + page.get("nextPageToken").asString()));
        assertThat(next.get("executions").size()).isGreaterThanOrEqualTo(1);

        assertThat(json(get("/actuator/reprise?status=RUNNING")).get("executions").size()).isZero();
        assertThat(json(get("/actuator/reprise?status=completed")).get("executions").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void badListParametersAreABadRequestWithTheReason() throws Exception {
        MvcResult status = get("/actuator/reprise?status=SLEEPING");
        assertThat(status.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(status).get("error").asString())
                .isEqualTo("Unknown status \"SLEEPING\"; use one of [RUNNING, COMPLETED, FAILED, TIMED_OUT, CANCELED, TERMINATED, CONTINUED_AS_NEW]");
        MvcResult token = get("/actuator/reprise?nextPageToken=garbage");
        assertThat(token.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(token).get("error").asString()).startsWith("Malformed page token \"garbage\"");
    }

    @Test
    void listsExecutionsMatchingAQuery() throws Exception {
        ship("query-1");
        ship("query-2");

        JsonNode page = json(get("/actuator/reprise?pageSize=10&query=WorkflowId IN ('query-1', 'query-2', 'nope')"
                + " AND ExecutionStatus = 'Completed'"));
        assertThat(page.get("executions").valueStream().map(e -> e.get("execution").get("workflowId").asString())
                .toList()).containsExactly("query-2", "query-1");
        assertThat(page.has("nextPageToken")).as("nextPageToken on the last page").isFalse();

        MvcResult bad = get("/actuator/reprise?query=WorkflowId =");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(bad).get("error").asString()).isEqualTo("Invalid query at position 12: expected a value "
                + "after '=' but found end of query (query: WorkflowId =)");
        MvcResult both = get("/actuator/reprise?status=RUNNING&query=WorkflowId = 'x'");
        assertThat(both.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(both).get("error").asString()).startsWith("Pass either status or query, not both");
    }

    @Test
    void aListedRunShowsItsMemoAndEachSearchAttributeWithItsType() throws Exception {
        client.newWorkflowStub(ShipmentWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(ActuatorApplication.QUEUE).setWorkflowId("tagged").setMemo(Map.of("note", "fragile"))
                .setTypedSearchAttributes(SearchAttributes.newBuilder()
                        .set(SearchAttributeKey.forKeyword("CustomerId"), "c-42")
                        .set(SearchAttributeKey.forOffsetDateTime("DueAt"),
                                OffsetDateTime.parse("2025-03-01T10:00:00+02:00"))
                        .build())
                .build()).ship("tagged");

        JsonNode run = json(get("/actuator/reprise?query=WorkflowId = 'tagged'")).get("executions").get(0);

        assertThat(run.get("memo").get("note").get("encoding").asString()).isEqualTo("json/plain");
        JsonNode attributes = run.get("searchAttributes");
        assertThat(attributes.get("CustomerId").get("type").asString()).isEqualTo("KEYWORD");
        assertThat(attributes.get("CustomerId").get("value").asString()).isEqualTo("c-42");
        assertThat(attributes.get("DueAt").get("type").asString()).isEqualTo("DATETIME");
        assertThat(attributes.get("DueAt").get("value").asString()).isEqualTo("2025-03-01T08:00:00Z");
    }

    @Test
    void describesOneExecution() throws Exception {
        ship("describe-me");

        MvcResult result = get("/actuator/reprise/describe-me");
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode description = json(result);
        assertThat(description.get("execution").get("workflowId").asString()).isEqualTo("describe-me");
        assertThat(description.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(description.get("workflowType").asString()).isEqualTo("ShipmentWorkflow");
        assertThat(description.get("historyLength").asLong())
                .isEqualTo(client.fetchHistory("describe-me").events().size());
        assertThat(description.get("pendingActivities").size()).isZero();
    }

    @Test
    void theLastPageHasNoNextPageToken() throws Exception {
        ship("last-page");

        JsonNode page = json(get("/actuator/reprise?pageSize=1000"));
        assertThat(page.get("executions").size()).isGreaterThanOrEqualTo(1);
        assertThat(page.has("nextPageToken")).isFalse();
        assertThat(page.propertyNames()).containsExactly("executions");
    }

    @Test
    void anUnknownWorkflowIdIsNotFoundWithTheSameErrorForTheRunAndItsHistory() throws Exception {
        MvcResult execution = get("/actuator/reprise/nobody");
        MvcResult history = get("/actuator/reprise/nobody/history");
        assertThat(execution.getResponse().getStatus()).isEqualTo(404);
        assertThat(history.getResponse().getStatus()).isEqualTo(404);
        assertThat(history.getResponse().getContentType()).startsWith("application/json");
        assertThat(json(execution).get("error").asString()).contains("nobody");
        assertThat(json(history)).isEqualTo(json(execution));
        assertThat(json(history).propertyNames()).containsExactly("error");
        ship("known");
        assertThat(get("/actuator/reprise/known/story").getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void historyIsTheExportFormatAndReplaysAgainstTheCode() throws Exception {
        ship("replay-me");

        MvcResult result = get("/actuator/reprise/replay-me/history");
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).startsWith("application/json");
        String body = result.getResponse().getContentAsString();

        assertThat(body).isEqualTo(client.fetchHistory("replay-me").toJson());
        WorkflowHistory history = WorkflowHistory.fromJson(body);
        assertThat(history.events().get(history.events().size() - 1).eventType())
                .isEqualTo(EventType.WorkflowExecutionCompleted);
        // The workflow takes its activity options from the configuration, as in production.
        WorkflowReplayer.replayWorkflowExecution(history, dataConverter, implementationOptions,
                ShipmentWorkflowImpl.class);
    }

    @Test
    void healthShowsTheStoreAndEachWorker() throws Exception {
        MvcResult result = get("/actuator/health/reprise");
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        JsonNode health = json(result);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode details = health.get("details");
        assertThat(details.get("store").asString()).isEqualTo("reachable");
        JsonNode worker = details.get("workers").get("shipments");
        assertThat(worker.get("state").asString()).isEqualTo("RUNNING");
        JsonNode workflowTasks = worker.get("workflowTasks");
        assertThat(workflowTasks.get("pollersConfigured").asInt()).isEqualTo(4);
        assertThat(workflowTasks.get("pollersAlive").asInt()).isEqualTo(4);
        assertThat(workflowTasks.get("slotsAvailable").asInt()).isEqualTo(200);
        assertThat(workflowTasks.get("backlog").asInt()).isZero();
        assertThat(worker.get("activityTasks").get("pollersConfigured").asInt()).isEqualTo(2);
        assertThat(worker.get("activityTasks").has("slotsInUse")).isTrue();
    }
}
