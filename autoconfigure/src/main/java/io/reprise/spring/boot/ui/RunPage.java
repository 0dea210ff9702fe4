package io.reprise.spring.boot.ui;

import io.reprise.spring.boot.ui.ExecutionsAdapter.EventView;
import io.reprise.spring.boot.ui.ExecutionsAdapter.FailureView;
import io.reprise.spring.boot.ui.ExecutionsAdapter.PendingActivityView;
import io.reprise.spring.boot.ui.ExecutionsAdapter.RunRef;
import io.reprise.spring.boot.ui.ExecutionsAdapter.RunView;
import io.reprise.spring.boot.ui.LocalWorkflowTypes.WorkflowTypeView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A run's page: summary, result or failure with its cause chain, memo and search attributes, the run chain,
 * parent and children, actions, pending activities, the timeline, and the events, paged and filtered.
 */
final class RunPage {

    /** Which events to show: of one type (or all), failures only, from an index of the filtered list. */
    record EventFilter(String eventType, boolean failedOnly, int from, int pageSize) {
    }

    private RunPage() {
    }

    static String render(RunView run, UiLinks links, EventFilter filter, WorkflowTypeView localType, boolean readOnly,
            UiCsrf csrf, String notice, Duration refresh) {
        Html html = Layout.begin(links, run.workflowId(), readOnly, run.running() ? refresh : null);
        html.raw("<h1>").element("span", run.status(), "class", "chip s-" + run.status(), "id", "run-status")
                .raw(" ").element("span", run.workflowId(), "id", "workflow-id").raw("</h1>");
        if (notice != null) {
            html.element("div", notice, "class", "notice", "id", "notice");
        }
        summary(html, run, links);
        outcome(html, run);
        values(html, "Memo", "memo", run.memo());
        values(html, "Search attributes", "search-attributes", run.searchAttributes());
        if (!readOnly) {
            actions(html, run, links, localType, csrf);
        }
        pending(html, run.pendingActivities());
        html.raw("<h2>Timeline</h2>");
        Instant end = run.closeTime() != null ? run.closeTime() : Instant.now();
        TimelineSvg.render(html, run.timeline(), run.startTime(), end);
        if (run.running()) {
            html.raw("<h2>Call stack</h2><p>").link(links.stack(run.workflowId(), run.runId()),
                    "Show where the workflow's threads wait (asks a worker: the built-in __stack_trace query)")
                    .raw("</p>");
        }
        events(html, run, links, filter);
        return Layout.end(html);
    }

    private static void summary(Html html, RunView run, UiLinks links) {
        html.raw("<div class=\"grid\"><div class=\"card\"><dl id=\"summary\">");
        dt(html, "Workflow type", run.workflowType());
        dt(html, "Workflow Id", run.workflowId());
        dt(html, "Run Id", run.runId());
        dt(html, "Task queue", run.taskQueue());
        dt(html, "Start", Layout.time(run.startTime()));
        dt(html, "Close", Layout.time(run.closeTime()));
        Instant end = run.closeTime() != null ? run.closeTime() : Instant.now();
        dt(html, "Duration", Layout.duration(Duration.between(run.startTime(), end)));
        dt(html, "History length", run.historyLength() + " events");
        html.raw("</dl></div><div class=\"card\"><dl id=\"relations\">");
        ref(html, links, "Previous run", run.previousRun());
        ref(html, links, "Next run", run.nextRun());
        ref(html, links, "Parent", run.parent());
        html.raw("<dt>Children</dt><dd>");
        if (run.children().isEmpty()) {
            html.text("none");
        }
        for (RunRef child : run.children()) {
            html.link(links.run(child.workflowId(), child.runId()), child.workflowId()).raw("<br>");
        }
        html.raw("</dd><dt>History</dt><dd>").open("a", "href", links.history(run.workflowId(), run.runId()),
                "download", "history.json", "id", "download-history").text("Download JSON (for WorkflowReplayer)")
                .close("a").raw("</dd></dl></div></div>");
    }

    private static void ref(Html html, UiLinks links, String label, RunRef ref) {
        html.element("dt", label).raw("<dd>");
        if (ref == null) {
            html.text("none");
        } else {
            html.link(links.run(ref.workflowId(), ref.runId()), ref.workflowId()
                    + (ref.runId() == null ? "" : " / " + ref.runId()));
        }
        html.raw("</dd>");
    }

    private static void dt(Html html, String term, Object value) {
        html.element("dt", term).element("dd", value);
    }

    private static void outcome(Html html, RunView run) {
        html.raw("<h2>Input</h2>").element("pre", run.input(), "id", "input");
        if (run.result() != null) {
            html.raw("<h2>Result</h2>").element("pre", run.result(), "id", "result");
        }
        if (run.failure() != null) {
            html.raw("<h2>Failure</h2><div id=\"failure\">");
            failure(html, run.failure());
            html.raw("</div>");
        }
        if (run.closeReason() != null) {
            html.raw("<h2>Reason</h2>").element("pre", run.closeReason(), "id", "reason");
        }
    }

    /** A failure and its cause chain, one card per link, each stack trace folded. */
    static void failure(Html html, FailureView failure) {
        for (FailureView f = failure; f != null; f = f.cause()) {
            html.raw("<div class=\"card failure\">");
            html.element("strong", f.kind() + (f.type() == null ? "" : " · " + f.type())).raw(": ")
                    .element("span", f.message(), "class", "failure-message");
            if (f.stackTrace() != null && !f.stackTrace().isEmpty()) {
                html.raw("<details><summary>stack trace</summary>").element("pre", f.stackTrace()).raw("</details>");
            }
            html.raw("</div>");
            if (f.cause() != null) {
                html.raw("<div>caused by</div>");
            }
        }
    }

    private static void values(Html html, String title, String id, Map<String, String> values) {
        html.element("h2", title);
        if (values.isEmpty()) {
            html.element("p", "none", "id", id);
            return;
        }
        html.open("table", "id", id).raw("<tbody>");
        values.forEach((key, value) -> html.raw("<tr>").element("th", key).raw("<td>").element("code", value)
                .raw("</td></tr>"));
        html.raw("</tbody></table>");
    }

    private static void actions(Html html, RunView run, UiLinks links, WorkflowTypeView localType, UiCsrf csrf) {
        html.raw("<h2>Actions</h2><div class=\"grid\" id=\"actions\">");
        if (run.running()) {
            message(html, run, links, csrf, "signal", "Signal", localType == null ? null : localType.signals());
            message(html, run, links, csrf, "update", "Update", localType == null ? null : localType.updates());
        }
        message(html, run, links, csrf, "query", "Query", localType == null ? null : localType.queries());
        if (run.running()) {
            html.raw("<div class=\"card\">");
            form(html, links.action("cancel"), run, csrf, "cancel-form");
            html.raw("<label>Reason <input name=\"reason\"></label> <button type=\"submit\" id=\"cancel\">")
                    .raw("Request cancellation</button></form>");
            form(html, links.action("terminate"), run, csrf, "terminate-form");
            html.raw("<label>Reason <input name=\"reason\" required></label> <button type=\"submit\" id=\"terminate\">")
                    .raw("Terminate</button></form></div>");
        }
        html.raw("</div>");
    }

    private static void message(Html html, RunView run, UiLinks links, UiCsrf csrf, String action, String label,
            List<String> declared) {
        html.raw("<div class=\"card\">");
        form(html, links.action(action), run, csrf, action + "-form");
        html.element("strong", label).raw(" <label>name ");
        if (declared != null && !declared.isEmpty()) {
            html.raw("<select name=\"name\">");
            for (String name : declared) {
                html.element("option", name, "value", name);
            }
            html.raw("</select>");
        } else {
            html.raw("<input name=\"name\" required>");
        }
        html.raw("</label><label>arguments (JSON array)<textarea name=\"args\" rows=\"2\">[]</textarea></label>")
                .raw("<button type=\"submit\">").text(label).raw("</button></form></div>");
    }

    /** Opens a POST form with the run's ids and the CSRF token, when there is one. */
    static void form(Html html, String action, RunView run, UiCsrf csrf, String id) {
        html.open("form", "method", "post", "action", action, "id", id);
        html.open("input", "type", "hidden", "name", "workflowId", "value", run.workflowId());
        html.open("input", "type", "hidden", "name", "runId", "value", run.runId());
        csrf.field(html);
    }

    private static void pending(Html html, List<PendingActivityView> activities) {
        html.raw("<h2>Pending activities</h2>");
        if (activities.isEmpty()) {
            html.element("p", "none", "id", "pending-activities");
            return;
        }
        html.raw("<table id=\"pending-activities\"><thead><tr><th>Activity</th><th>State</th><th>Attempt</th>")
                .raw("<th>Scheduled</th><th>Last heartbeat</th><th>Next attempt</th><th>Last failure</th></tr>")
                .raw("</thead><tbody>");
        for (PendingActivityView a : activities) {
            html.raw("<tr class=\"pending-activity\">").raw("<td>").text(a.activityType()).raw("<br><small>")
                    .text(a.activityId()).raw("</small></td>")
                    .element("td", a.state() + (a.cancelRequested() ? " (cancel requested)" : ""))
                    .element("td", a.attempt())
                    .element("td", Layout.time(a.scheduledTime()));
            html.raw("<td>").text(Layout.time(a.lastHeartbeatTime()));
            if (a.heartbeatDetails() != null) {
                html.element("pre", a.heartbeatDetails());
            }
            html.raw("</td>").element("td", Layout.time(a.nextAttemptScheduleTime())).raw("<td>");
            if (a.lastFailure() != null) {
                failure(html, a.lastFailure());
            }
            html.raw("</td></tr>");
        }
        html.raw("</tbody></table>");
    }

    private static void events(Html html, RunView run, UiLinks links, EventFilter filter) {
        html.raw("<h2>Events</h2>");
        TreeSet<String> types = new TreeSet<>();
        run.events().forEach(e -> types.add(e.eventType()));
        html.raw("<form method=\"get\" class=\"card\" id=\"event-filter\">");
        html.open("input", "type", "hidden", "name", "workflowId", "value", run.workflowId());
        html.open("input", "type", "hidden", "name", "runId", "value", run.runId());
        html.raw("<label>Type <select name=\"eventType\"><option value=\"\">all</option>");
        for (String type : types) {
            html.open("option", "value", type, "selected", type.equals(filter.eventType()) ? "selected" : null)
                    .text(type).close("option");
        }
        html.raw("</select></label> <label>");
        html.open("input", "type", "checkbox", "name", "failedOnly", "value", "true", "checked",
                filter.failedOnly() ? "checked" : null);
        html.raw(" failures only</label> <button type=\"submit\">Filter</button></form>");

        List<EventView> matching = run.events().stream()
                .filter(e -> filter.eventType() == null || e.eventType().equals(filter.eventType()))
                .filter(e -> !filter.failedOnly() || e.failed())
                .toList();
        int from = Math.min(Math.max(0, filter.from()), Math.max(0, matching.size() - 1));
        int to = Math.min(matching.size(), from + filter.pageSize());
        html.element("p", matching.isEmpty() ? "No events match."
                : "Events " + (from + 1) + "–" + to + " of " + matching.size()
                        + (matching.size() == run.events().size() ? "" : " matching (" + run.events().size() + " in all)"),
                "id", "events-range");
        html.raw("<table id=\"events\"><thead><tr><th>Id</th><th>Time</th><th>Type</th><th>Details</th></tr></thead><tbody>");
        for (EventView e : matching.subList(from, to)) {
            html.open("tr", "class", e.failed() ? "event failed-row" : "event").element("td", e.eventId())
                    .element("td", Layout.time(e.eventTime())).element("td", e.eventType()).raw("<td><details><summary>")
                    .text(e.summary().isEmpty() ? "attributes" : e.summary()).raw("</summary>")
                    .element("pre", e.details().get()).raw("</details></td></tr>");
        }
        html.raw("</tbody></table><p>");
        String type = filter.eventType();
        String failed = filter.failedOnly() ? "true" : null;
        if (from > 0) {
            html.link(links.run(run.workflowId(), run.runId(), "eventType", type, "failedOnly", failed, "from",
                    String.valueOf(Math.max(0, from - filter.pageSize()))), "« Previous events").raw(" ");
        }
        if (to < matching.size()) {
            html.open("a", "id", "next-events", "href", links.run(run.workflowId(), run.runId(), "eventType", type,
                    "failedOnly", failed, "from", String.valueOf(to))).text("Next events »").close("a");
        }
        html.raw("</p>");
    }
}
