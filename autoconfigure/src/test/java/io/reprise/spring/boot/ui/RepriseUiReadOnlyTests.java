package io.reprise.spring.boot.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.spring.boot.ui.UiApplication.Ticket;
import io.reprise.spring.boot.ui.UiApplication.TicketWorkflow;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Read-only mode, under a custom path and the application's context path. */
@RepriseTest(classes = UiApplication.class, properties = { "reprise.ui.enabled=true", "reprise.ui.read-only=true",
        "reprise.ui.path=/ops/workflows" })
@AutoConfigureMockMvc
class RepriseUiReadOnlyTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkflowClient client;

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.contextPath("/shop")).andReturn();
    }

    private void startTicket(String workflowId) {
        TicketWorkflow ticket = client.newWorkflowStub(TicketWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(UiApplication.QUEUE).setWorkflowId(workflowId).build());
        WorkflowClient.start(ticket::handle, new Ticket("t", false));
    }

    @Test
    void everyActionAnswers403AndChangesNothing() throws Exception {
        startTicket("ro");
        String base = "/shop/ops/workflows";

        for (MockHttpServletRequestBuilder action : new MockHttpServletRequestBuilder[] {
                post(base + "/run/signal").param("workflowId", "ro").param("name", "comment").param("args", "[\"x\"]"),
                post(base + "/run/query").param("workflowId", "ro").param("name", "comments"),
                post(base + "/run/update").param("workflowId", "ro").param("name", "escalate").param("args", "[1]"),
                post(base + "/run/cancel").param("workflowId", "ro"),
                post(base + "/run/terminate").param("workflowId", "ro").param("reason", "r"),
                post(base + "/start").param("type", "TicketWorkflow").param("args", "[{\"title\": \"x\"}]") }) {
            MvcResult result = perform(action);
            assertThat(result.getResponse().getStatus()).isEqualTo(403);
            assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .contains("The Reprise UI is read-only (reprise.ui.read-only=true): it changes no workflow.");
        }
        assertThat(client.describe("ro").status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(client.fetchHistory("ro").events()).noneMatch(e -> e.eventType().name().contains("Signaled")
                || e.eventType().name().contains("Update") || e.eventType().name().contains("CancelRequested"));
        assertThat(client.countExecutions("WorkflowId NOT IN ('ro', 'ro-page')")).isZero();
    }

    @Test
    void pagesAreServedUnderTheContextPathAndOfferNoAction() throws Exception {
        startTicket("ro-page");

        MvcResult list = perform(get("/shop/ops/workflows"));
        MvcResult run = perform(get("/shop/ops/workflows/run").param("workflowId", "ro-page"));

        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        assertThat(list.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("<a href=\"/shop/ops/workflows/run?workflowId=ro-page&amp;runId=")
                .contains("<span class=\"badge\">read-only</span>");
        String html = run.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(run.getResponse().getStatus()).isEqualTo(200);
        assertThat(html).doesNotContain("<form method=\"post\"").doesNotContain("id=\"actions\"")
                .contains("href=\"/shop/ops/workflows/run/history?workflowId=ro-page");
        assertThat(perform(get("/shop/reprise")).getResponse().getStatus()).isEqualTo(404);
    }
}
