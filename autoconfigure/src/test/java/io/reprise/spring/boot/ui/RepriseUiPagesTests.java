package io.reprise.spring.boot.ui;

import static io.reprise.spring.boot.ui.UiApplication.HOSTILE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.internal.mapping.HistoryDocument;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.spring.boot.test.RepriseTest;
import io.reprise.spring.boot.ui.UiApplication.Ticket;
import io.reprise.spring.boot.ui.UiApplication.TicketWorkflow;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every page and action of the web UI through MockMvc, with hostile data ({@code <img src=x onerror=alert(1)>} as a
 * Workflow Id, a memo value and a failure message) that must come out escaped.
 */
@RepriseTest(classes = UiApplication.class, properties = "reprise.ui.enabled=true")
@AutoConfigureMockMvc
class RepriseUiPagesTests {

    private static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

    @Autowired
    MockMvc mvc;

    @Autowired
    WorkflowClient client;

    /** Starts a ticket whose triage activity fails with {@code title}; waits until that first failure is recorded. */
    private String startTicket(String workflowId, String title) {
        TicketWorkflow ticket = client.newWorkflowStub(TicketWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(UiApplication.QUEUE).setWorkflowId(workflowId).setMemo(Map.of("note", HOSTILE)).build());
        String runId = WorkflowClient.start(ticket::handle, new Ticket(title, false)).runId();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (client.describe(workflowId).pendingActivities().stream().noneMatch(a -> a.lastFailure() != null)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the triage of " + workflowId + " never failed");
            }
            Thread.onSpinWait();
        }
        return runId;
    }

    private String failedTicket(String workflowId) {
        TicketWorkflow ticket = client.newWorkflowStub(TicketWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(UiApplication.QUEUE).setWorkflowId(workflowId).build());
        String runId = WorkflowClient.start(ticket::handle, new Ticket(HOSTILE, true)).runId();
        try {
            client.newUntypedWorkflowStub(workflowId).getResult(String.class);
        } catch (RuntimeException expected) {
            // failed, as it should
        }
        return runId;
    }

    private MvcResult perform(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn();
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        MvcResult result = perform(request);
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private List<HistoryEvent> history(String workflowId) {
        return HistoryDocument.fromJson(client.fetchHistory(workflowId).toJson()).events();
    }

    @Test
    void theExecutionsPageListsRunsWithStatusCountsAndEscapesAHostileWorkflowId() throws Exception {
        startTicket(HOSTILE, "plain title");

        MvcResult result = perform(get("/reprise"));
        String html = result.getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getContentType()).isEqualTo("text/html;charset=UTF-8");
        assertThat(result.getResponse().getHeader("Content-Security-Policy")).startsWith("default-src 'none';");
        assertThat(html).contains(">" + ESCAPED + "</a>").doesNotContain(HOSTILE)
                .contains("href=\"/reprise/run?workflowId=%3Cimg+src%3Dx+onerror%3Dalert%281%29%3E&amp;runId=");
        assertThat(html).containsPattern("data-status=\"Running\">Running [1-9]");
    }

    @Test
    void anInvalidQueryShowsTheParsersErrorWithItsPositionMarked() throws Exception {
        String html = page(get("/reprise").param("q", "WorkflowType = "));

        assertThat(html).contains("<div class=\"error query-error\" id=\"query-error\">Invalid query at position 16: ")
                .contains("<code>WorkflowType = <mark> </mark></code>")
                .contains("(position 15 of your query)");
    }

    @Test
    void prefixTypeAndStatusFiltersNarrowTheList() throws Exception {
        startTicket("filter-a1", "a");
        startTicket("filter-b1", "b");
        failedTicket("filter-a2");

        String byPrefix = page(get("/reprise?prefix=filter-a"));
        assertThat(byPrefix).contains(">filter-a1</a>").contains(">filter-a2</a>").doesNotContain(">filter-b1</a>");

        String byStatus = page(get("/reprise?prefix=filter-&status=Failed"));
        assertThat(byStatus).contains(">filter-a2</a>").doesNotContain(">filter-a1</a>")
                .contains("data-status=\"Failed\">Failed 1<").contains("data-status=\"Running\">Running 2<");

        assertThat(page(get("/reprise?prefix=filter-&type=LongHistoryWorkflow"))).contains("No executions match.");
        assertThat(perform(get("/reprise?status=Sleeping")).getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void theRunPageShowsSummaryMemoPendingActivityAndTimelineWithUserDataEscaped() throws Exception {
        String runId = startTicket("run-page", HOSTILE);

        String html = page(get("/reprise/run?workflowId=run-page"));

        assertThat(html).contains("<span id=\"workflow-id\">run-page</span>")
                .contains("<dt>Run Id</dt><dd>" + runId + "</dd>")
                .contains("<dt>Workflow type</dt><dd>TicketWorkflow</dd>")
                .contains("<dt>Task queue</dt><dd>tickets</dd>");
        assertThat(html).contains("<table id=\"memo\"><tbody><tr><th>note</th><td><code>&quot;" + ESCAPED
                + "&quot;</code></td></tr>");
        assertThat(html).contains("<table id=\"pending-activities\">").contains("<td>Triage<br>")
                .contains("<span class=\"failure-message\">" + ESCAPED + "</span>");
        assertThat(html).contains("<svg id=\"timeline\"").contains("<title>Triage 1 · open · ");
        assertThat(html).contains("Show where the workflow&#39;s threads wait");
        assertThat(html).doesNotContain(HOSTILE);
    }

    @Test
    void aFailedRunShowsItsFailureWithTheCauseChainEscaped() throws Exception {
        failedTicket("failed-page");

        String html = page(get("/reprise/run?workflowId=failed-page"));

        assertThat(html).contains("<span class=\"chip s-Failed\" id=\"run-status\">Failed</span>")
                .contains("<span class=\"failure-message\">ticket rejected: " + ESCAPED + "</span>")
                .contains("<div>caused by</div>")
                .contains("<span class=\"failure-message\">cause: " + ESCAPED + "</span>")
                .doesNotContain(HOSTILE)
                .doesNotContain("id=\"cancel-form\"");
    }

    @Test
    void eventsArePagedAndFilteredByTypeAndByFailures() throws Exception {
        failedTicket("events-page");
        int total = history("events-page").size();

        assertThat(page(get("/reprise/run?workflowId=events-page&eventType=WorkflowExecutionFailed")))
                .contains("Events 1–1 of 1 matching (" + total + " in all)")
                .contains("<td>WorkflowExecutionFailed</td>");
        assertThat(page(get("/reprise/run?workflowId=events-page&failedOnly=true")))
                .contains("Events 1–1 of 1 matching").contains("class=\"event failed-row\"");
        String all = page(get("/reprise/run?workflowId=events-page"));
        assertThat(all).contains("Events 1–" + total + " of " + total + "<")
                .contains("<td>WorkflowExecutionStarted</td>");
    }

    @Test
    void theHistoryDownloadIsWhatWorkflowReplayerReads() throws Exception {
        String runId = startTicket("download", "d");

        MvcResult result = perform(get("/reprise/run/history?workflowId=download"));

        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        assertThat(result.getResponse().getHeader("Content-Disposition")).isEqualTo(
                "attachment; filename=\"download.json\"");
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(client.fetchHistory("download", runId).toJson());
    }

    @Test
    void theStackPageShowsWhereTheWorkflowWaitsInUserCode() throws Exception {
        startTicket("stack", "s");

        String html = page(get("/reprise/run/stack?workflowId=stack"));

        assertThat(html).contains("<pre id=\"stack\">workflow-method[stack]: blocked on Promise.get\n"
                + "\tat io.reprise.spring.boot.ui.UiApplication$TicketWorkflowImpl.handle(UiApplication.java:");
    }

    @Test
    void aSignalIsSentWithJsonArgumentsAndRecordsTheUiIdentityOfThePrincipal() throws Exception {
        String runId = startTicket("signal", "s");

        MvcResult result = perform(post("/reprise/run/signal").principal(() -> "alice")
                .param("workflowId", "signal").param("runId", runId).param("name", "comment")
                .param("args", "[\"" + HOSTILE + "\"]"));

        assertThat(result.getResponse().getStatus()).isEqualTo(303);
        assertThat(result.getResponse().getHeader("Location"))
                .isEqualTo("/reprise/run?workflowId=signal&runId=" + runId + "&notice=signaled");
        EventAttributes.WorkflowExecutionSignaled signaled = history("signal").stream()
                .map(HistoryEvent::attributes).filter(EventAttributes.WorkflowExecutionSignaled.class::isInstance)
                .map(EventAttributes.WorkflowExecutionSignaled.class::cast).findFirst().orElseThrow();
        assertThat(signaled.signalName()).isEqualTo("comment");
        assertThat(signaled.identity()).isEqualTo("ui:alice");
        assertThat(client.newUntypedWorkflowStub("signal").query("comments", List.class)).containsExactly(HOSTILE);
        assertThat(page(get("/reprise/run?workflowId=signal&notice=signaled")))
                .contains("<div class=\"notice\" id=\"notice\">Signal sent.</div>");
    }

    @Test
    void theRunPageOffersTheDeclaredHandlersOfALocallyRegisteredType() throws Exception {
        startTicket("handlers", "h");

        String html = page(get("/reprise/run?workflowId=handlers"));

        assertThat(html).contains("id=\"signal-form\"").contains("<option value=\"comment\">comment</option>")
                .contains("<option value=\"comments\">comments</option>")
                .contains("<option value=\"escalate\">escalate</option>");
    }

    @Test
    void aQueryAndAnUpdateShowTheirResultsEscaped() throws Exception {
        startTicket("query", "q");
        client.newUntypedWorkflowStub("query").signal("comment", HOSTILE);
        // A query sees what the last completed workflow task saw: wait until that task took the signal.
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (client.newUntypedWorkflowStub("query").query("comments", List.class).isEmpty()) {
            assertThat(System.nanoTime()).as("the signal reaches the workflow").isLessThan(deadline);
            Thread.sleep(10);
        }

        String query = page(post("/reprise/run/query").param("workflowId", "query").param("name", "comments"));
        assertThat(query).contains("<pre id=\"result\">[ &quot;" + ESCAPED + "&quot; ]</pre>");

        String update = page(post("/reprise/run/update").param("workflowId", "query").param("name", "escalate")
                .param("args", "[2]"));
        assertThat(update).contains("<pre id=\"result\">2</pre>");
        EventAttributes.WorkflowExecutionUpdateAccepted accepted = history("query").stream()
                .map(HistoryEvent::attributes).filter(EventAttributes.WorkflowExecutionUpdateAccepted.class::isInstance)
                .map(EventAttributes.WorkflowExecutionUpdateAccepted.class::cast).findFirst().orElseThrow();
        assertThat(accepted.identity()).isEqualTo("ui:anonymous");
    }

    @Test
    void argumentsThatAreNotAJsonArrayGet400SayingHowToWriteThem() throws Exception {
        startTicket("bad-args", "b");

        MvcResult result = perform(post("/reprise/run/signal").param("workflowId", "bad-args").param("name", "comment")
                .param("args", "{\"text\": 1}"));

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains(
                "The arguments must be a JSON array, one element per parameter, e.g. [&quot;apple&quot;, 2]; got object");
    }

    @Test
    void cancelAndTerminateRecordTheUiIdentityAndTheReason() throws Exception {
        startTicket("to-cancel", "c");
        startTicket("to-terminate", "t");

        assertThat(perform(post("/reprise/run/cancel").principal(() -> "bob").param("workflowId", "to-cancel")
                .param("reason", "customer asked")).getResponse().getStatus()).isEqualTo(303);
        assertThat(perform(post("/reprise/run/terminate").principal(() -> "bob").param("workflowId", "to-terminate")
                .param("reason", HOSTILE)).getResponse().getStatus()).isEqualTo(303);

        EventAttributes.WorkflowExecutionCancelRequested cancel = history("to-cancel").stream()
                .map(HistoryEvent::attributes).filter(EventAttributes.WorkflowExecutionCancelRequested.class::isInstance)
                .map(EventAttributes.WorkflowExecutionCancelRequested.class::cast).findFirst().orElseThrow();
        assertThat(cancel.identity()).isEqualTo("ui:bob");
        assertThat(cancel.reason()).isEqualTo("customer asked");
        assertThat(client.describe("to-terminate").status()).isEqualTo(WorkflowExecutionStatus.TERMINATED);
        EventAttributes.WorkflowExecutionTerminated terminated = history("to-terminate").stream()
                .map(HistoryEvent::attributes).filter(EventAttributes.WorkflowExecutionTerminated.class::isInstance)
                .map(EventAttributes.WorkflowExecutionTerminated.class::cast).findFirst().orElseThrow();
        assertThat(terminated.identity()).isEqualTo("ui:bob");
        assertThat(page(get("/reprise/run?workflowId=to-terminate"))).contains("<pre id=\"reason\">" + ESCAPED + "</pre>");
    }

    @Test
    void theStartFormOffersLocalTypesWithAnArgumentTemplateAndStartsOne() throws Exception {
        assertThat(page(get("/reprise/start"))).contains(">TicketWorkflow</a>").contains(">LongHistoryWorkflow</a>");
        assertThat(page(get("/reprise/start?type=TicketWorkflow")))
                .contains("<textarea name=\"args\" rows=\"6\">[{&quot;title&quot;: &quot;&quot;, "
                        + "&quot;failAtOnce&quot;: false}]</textarea>")
                .contains("<option value=\"tickets\">tickets</option>");

        MvcResult result = perform(post("/reprise/start").principal(() -> "carol").param("type", "TicketWorkflow")
                .param("taskQueue", "tickets").param("workflowId", "started-by-ui")
                .param("args", "[{\"title\": \"from the UI\", \"failAtOnce\": true}]"));

        assertThat(result.getResponse().getStatus()).isEqualTo(303);
        assertThat(result.getResponse().getHeader("Location")).startsWith("/reprise/run?workflowId=started-by-ui&runId=");
        EventAttributes.WorkflowExecutionStarted started = history("started-by-ui").getFirst()
                .attributes(EventAttributes.WorkflowExecutionStarted.class);
        assertThat(started.identity()).isEqualTo("ui:carol");
        assertThat(perform(post("/reprise/start").param("type", "Unknown")).getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void theCsrfTokenOfTheRequestGoesIntoEveryForm() throws Exception {
        startTicket("csrf", "c");

        String html = page(get("/reprise/run?workflowId=csrf").requestAttr("_csrf", new FakeCsrfToken()));

        assertThat(html).contains("<input type=\"hidden\" name=\"_csrf\" value=\"t0k&lt;en\">");
        assertThat(html.split("name=\"_csrf\"", -1)).hasSize(1 + 5); // signal, update, query, cancel, terminate
    }

    /** Shaped like Spring Security's CsrfToken, which the starter does not depend on. */
    public static final class FakeCsrfToken {
        public String getParameterName() {
            return "_csrf";
        }

        public String getToken() {
            return "t0k<en";
        }
    }

    @Test
    void anActionSentFromAnotherSiteIsRefused() throws Exception {
        startTicket("cross-site", "x");

        MvcResult result = perform(post("/reprise/run/cancel").header("Origin", "https://evil.example")
                .param("workflowId", "cross-site"));

        assertThat(result.getResponse().getStatus()).isEqualTo(403);
        assertThat(client.describe("cross-site").status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
    }

    @Test
    void theTaskQueuesPageShowsWorkersBacklogAndNamespaces() throws Exception {
        String html = page(get("/reprise/task-queues"));

        assertThat(html).contains("<td>tickets</td><td>RUNNING</td>").contains("<td>default (this application&#39;s)</td>")
                .contains("activities [Triage]");
    }

    @Test
    void anUnknownRunIs404() throws Exception {
        MvcResult result = perform(get("/reprise/run").param("workflowId", HOSTILE + "-missing"));

        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        assertThat(result.getResponse().getContentAsString(StandardCharsets.UTF_8)).doesNotContain(HOSTILE);
    }
}
