package io.reprise.spring.boot.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.spring.boot.ui.UiApplication.LongHistoryWorkflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The page of a run with a 10,000-event history: it shows one page of events, and the time it takes is measured
 * and printed (a figure for this machine, not an assertion).
 */
@RepriseTest(classes = UiApplication.class, properties = "reprise.ui.enabled=true")
@AutoConfigureMockMvc
class LargeHistoryPageBenchmarkTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkflowClient client;

    @Test
    void aTenThousandEventRunPageShowsOnePageOfEventsAndPrintsItsRenderTime() throws Exception {
        LongHistoryWorkflow workflow = client.newWorkflowStub(LongHistoryWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(UiApplication.QUEUE).setWorkflowId("long-history").build());
        WorkflowClient.start(workflow::record, 10_000);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.describe("long-history").historyLength() < 10_000) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the long history was never written");
            }
            Thread.onSpinWait();
        }
        long events = client.describe("long-history").historyLength();

        long best = Long.MAX_VALUE;
        long first = 0;
        String html = null;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            MvcResult result = mvc.perform(get("/reprise/run").param("workflowId", "long-history")).andReturn();
            long took = System.nanoTime() - start;
            first = i == 0 ? took : first;
            best = Math.min(best, took);
            html = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        }
        long pageFromMiddle = System.nanoTime();
        String middle = mvc.perform(get("/reprise/run").param("workflowId", "long-history").param("from", "5000"))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        long middleTook = System.nanoTime() - pageFromMiddle;

        System.out.printf("UI run page of a %d-event history: first render %d ms, best of 5 %d ms, "
                + "page at event 5000 %d ms, %d KB of HTML%n", events, first / 1_000_000, best / 1_000_000,
                middleTook / 1_000_000, html.length() / 1024);
        assertThat(html).contains("Events 1–100 of " + events + "<");
        assertThat(html.split("<tr class=\"event", -1)).hasSize(1 + 100);
        assertThat(middle).contains("Events 5001–5100 of " + events + "<");
    }
}
