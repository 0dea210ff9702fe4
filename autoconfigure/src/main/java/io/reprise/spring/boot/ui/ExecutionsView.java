package io.reprise.spring.boot.ui;

import io.reprise.spring.boot.ui.ExecutionsAdapter.ExecutionRow;
import io.reprise.spring.boot.ui.ExecutionsAdapter.ExecutionsPage;
import io.reprise.spring.boot.ui.ExecutionsAdapter.InvalidQueryException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The executions page: status chips with counts, the visibility query box (a refused query is shown with its
 * fault marked), Workflow Id prefix, type and status filters, and pages of runs, newest first.
 */
final class ExecutionsView {

    /** What the user asked for; blank fields are no filter. */
    record Filter(String query, String idPrefix, String workflowType, String status, String pageToken, int pageSize) {

        /** The user's query first, in parentheses, so a fault's position maps back into it (minus one). */
        String combined(boolean withStatus) {
            List<String> parts = new ArrayList<>();
            if (!blank(query)) {
                parts.add("(" + query + ")");
            }
            if (!blank(idPrefix)) {
                parts.add("WorkflowId STARTS_WITH " + literal(idPrefix));
            }
            if (!blank(workflowType)) {
                parts.add("WorkflowType = " + literal(workflowType));
            }
            if (withStatus && !blank(status)) {
                parts.add("ExecutionStatus = " + literal(status));
            }
            return String.join(" AND ", parts);
        }

        String[] parameters() {
            return new String[] { "q", query, "prefix", idPrefix, "type", workflowType, "status", status };
        }
    }

    private ExecutionsView() {
    }

    static String render(ExecutionsAdapter adapter, UiLinks links, Filter filter, Collection<String> localTypes,
            boolean readOnly, Duration refresh) {
        Html html = Layout.begin(links, "Executions", readOnly, refresh);
        html.element("h1", "Workflow Executions · namespace " + adapter.namespace());
        ExecutionsPage page = null;
        List<Long> counts = new ArrayList<>();
        InvalidQueryException invalid = null;
        try {
            page = adapter.list(filter.combined(true), filter.pageSize(), filter.pageToken());
            String withoutStatus = filter.combined(false);
            counts.add(adapter.count(withoutStatus));
            for (String status : ExecutionsAdapter.STATUSES) {
                String q = withoutStatus.isEmpty() ? "" : withoutStatus + " AND ";
                counts.add(adapter.count(q + "ExecutionStatus = " + literal(status)));
            }
        } catch (InvalidQueryException e) {
            invalid = e;
        }
        chips(html, links, filter, counts);
        form(html, filter, localTypes);
        if (invalid != null) {
            queryError(html, filter, invalid);
        } else {
            table(html, links, page.rows());
            html.raw("<p>");
            if (filter.pageToken() != null) {
                html.link(links.executions(filter.parameters()), "« First page").raw(" ");
            }
            if (page.nextPageToken() != null) {
                String[] params = concat(filter.parameters(), "next", page.nextPageToken());
                html.link(links.executions(params), "Next page »");
            }
            html.raw("</p>");
        }
        return Layout.end(html);
    }

    private static void chips(Html html, UiLinks links, Filter filter, List<Long> counts) {
        html.raw("<nav class=\"chips\" aria-label=\"status\">");
        String[] noStatus = { "q", filter.query(), "prefix", filter.idPrefix(), "type", filter.workflowType() };
        html.open("a", "class", blank(filter.status()) ? "chip on" : "chip", "href", links.executions(noStatus))
                .text("All" + (counts.isEmpty() ? "" : " " + counts.get(0))).close("a");
        for (int i = 0; i < ExecutionsAdapter.STATUSES.size(); i++) {
            String status = ExecutionsAdapter.STATUSES.get(i);
            String cls = "chip s-" + status + (status.equals(filter.status()) ? " on" : "");
            String count = counts.size() > i + 1 ? " " + counts.get(i + 1) : "";
            html.open("a", "class", cls, "href", links.executions(concat(noStatus, "status", status)),
                    "data-status", status).text(status + count).close("a");
        }
        html.raw("</nav>");
    }

    private static void form(Html html, Filter filter, Collection<String> localTypes) {
        html.raw("<form method=\"get\" class=\"card\">");
        html.raw("<label>Query <input name=\"q\" size=\"70\" placeholder=\"WorkflowType = 'Order' AND CustomerId = 'c-42'\"");
        html.raw(" value=\"").text(filter.query() == null ? "" : filter.query()).raw("\"></label> ");
        html.raw("<label>Workflow Id starts with <input name=\"prefix\" value=\"")
                .text(filter.idPrefix() == null ? "" : filter.idPrefix()).raw("\"></label> ");
        html.raw("<label>Type <input name=\"type\" list=\"types\" value=\"")
                .text(filter.workflowType() == null ? "" : filter.workflowType()).raw("\"></label>");
        html.raw("<datalist id=\"types\">");
        for (String type : localTypes) {
            html.open("option", "value", type).close("option");
        }
        html.raw("</datalist> <label>Status <select name=\"status\"><option value=\"\">any</option>");
        for (String status : ExecutionsAdapter.STATUSES) {
            html.open("option", "value", status, "selected", status.equals(filter.status()) ? "selected" : null)
                    .text(status).close("option");
        }
        html.raw("</select></label> <button type=\"submit\">Search</button>");
        html.raw(" <small>Query language: docs/visibility.md</small></form>");
    }

    private static void queryError(Html html, Filter filter, InvalidQueryException e) {
        html.raw("<div class=\"error query-error\" id=\"query-error\">").text(e.getMessage());
        String q = filter.query();
        if (q != null && e.position >= 0) {
            // The user's query sits after "(" in the combined query.
            int at = Math.min(Math.max(e.position - 1, 0), q.length());
            html.raw("\n<code>").text(q.substring(0, at)).raw("<mark>")
                    .text(at < q.length() ? q.substring(at, at + 1) : " ").raw("</mark>")
                    .text(at < q.length() ? q.substring(at + 1) : "").raw("</code>");
            html.raw("\n").text("(position " + at + " of your query)");
        }
        html.raw("</div>");
    }

    private static void table(Html html, UiLinks links, List<ExecutionRow> rows) {
        html.raw("<table id=\"executions\"><thead><tr><th>Status</th><th>Workflow Id</th><th>Type</th>")
                .raw("<th>Task queue</th><th>Start</th><th>Close</th><th>Events</th></tr></thead><tbody>");
        if (rows.isEmpty()) {
            html.raw("<tr><td colspan=\"7\">No executions match.</td></tr>");
        }
        for (ExecutionRow row : rows) {
            html.raw("<tr>");
            html.raw("<td>").element("span", row.status(), "class", "chip s-" + row.status()).raw("</td>");
            html.raw("<td>").link(links.run(row.workflowId(), row.runId()), row.workflowId()).raw("<br><small>")
                    .text(row.runId()).raw("</small></td>");
            html.element("td", row.workflowType()).element("td", row.taskQueue())
                    .element("td", Layout.time(row.startTime())).element("td", Layout.time(row.closeTime()))
                    .element("td", row.historyLength());
            html.raw("</tr>");
        }
        html.raw("</tbody></table>");
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
