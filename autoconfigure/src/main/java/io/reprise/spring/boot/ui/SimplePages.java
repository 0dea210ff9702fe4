package io.reprise.spring.boot.ui;

import io.reprise.spring.boot.ui.LocalWorkflowTypes.WorkflowTypeView;
import io.reprise.spring.boot.ui.TaskQueueBacklogProbe.Backlog;
import java.util.Collection;
import java.util.List;

/** The small pages: the call stack, an action's outcome, the start form, task queues and namespaces. */
final class SimplePages {

    /** One worker of this application as the task-queues page shows it. */
    record WorkerRow(String taskQueue, String state, int workflowPollersAlive, int workflowPollersConfigured,
            int activityPollersAlive, int activityPollersConfigured, int workflowSlotsInUse,
            int workflowSlotsAvailable, int activitySlotsInUse, int activitySlotsAvailable, String lastPoll,
            Backlog backlog, List<String> workflowTypes, List<String> activityTypes) {
    }

    /** A namespace as the task-queues page shows it. */
    record NamespaceRow(String name, String description, String retention, boolean current) {
    }

    private SimplePages() {
    }

    static String stack(UiLinks links, String workflowId, String runId, String stack, String error, boolean readOnly) {
        Html html = Layout.begin(links, "Call stack of " + workflowId, readOnly, null);
        html.raw("<h1>Call stack of ").link(links.run(workflowId, runId), workflowId).raw("</h1>");
        if (error != null) {
            html.element("div", error, "class", "error", "id", "error");
        } else {
            html.element("p", "Where each workflow thread waits, in your code (JDK and Reprise frames left out), "
                    + "as a worker of the run answered the built-in __stack_trace query.");
            html.element("pre", stack.isEmpty() ? "(no live workflow thread)" : stack, "id", "stack");
        }
        return Layout.end(html);
    }

    /** The outcome of an action that has something to show (a query's or an update's result, or an error). */
    static String outcome(UiLinks links, String title, String workflowId, String runId, String result, String error,
            boolean readOnly) {
        Html html = Layout.begin(links, title, readOnly, null);
        html.element("h1", title);
        if (workflowId != null) {
            html.raw("<p>").link(links.run(workflowId, runId), "Back to " + workflowId).raw("</p>");
        }
        if (error != null) {
            html.element("div", error, "class", "error", "id", "error");
        }
        if (result != null) {
            html.element("pre", result, "id", "result");
        }
        return Layout.end(html);
    }

    static String startForm(UiLinks links, Collection<WorkflowTypeView> types, WorkflowTypeView selected,
            UiCsrf csrf, boolean readOnly) {
        Html html = Layout.begin(links, "Start a workflow", readOnly, null);
        html.element("h1", "Start a workflow");
        if (types.isEmpty()) {
            html.element("p", "This application registers no Workflow Type (@WorkflowImpl bean).");
            return Layout.end(html);
        }
        html.raw("<p>Workflow Types registered in this application: ");
        for (WorkflowTypeView type : types) {
            html.link(links.startForm(type.workflowType()), type.workflowType()).raw(" ");
        }
        html.raw("</p>");
        if (selected == null) {
            return Layout.end(html);
        }
        if (readOnly) {
            html.element("p", "The UI is read-only (reprise.ui.read-only): it starts no workflow.");
            return Layout.end(html);
        }
        html.open("form", "method", "post", "action", links.startForm(), "class", "card", "id", "start-form");
        csrf.field(html);
        html.open("input", "type", "hidden", "name", "type", "value", selected.workflowType());
        html.element("h2", selected.workflowType());
        html.raw("<p><label>Task queue <select name=\"taskQueue\">");
        for (String queue : selected.taskQueues()) {
            html.element("option", queue, "value", queue);
        }
        html.raw("</select></label></p><p><label>Workflow Id <input name=\"workflowId\" size=\"50\" ")
                .raw("placeholder=\"a new UUID when blank\"></label></p>")
                .raw("<p><label>Arguments (JSON array, one element per parameter)<textarea name=\"args\" rows=\"6\">")
                .text(selected.argumentsTemplate()).raw("</textarea></label></p>")
                .raw("<button type=\"submit\">Start</button></form>");
        return Layout.end(html);
    }

    static String taskQueues(UiLinks links, List<WorkerRow> workers, List<NamespaceRow> namespaces, boolean readOnly) {
        Html html = Layout.begin(links, "Task queues", readOnly, null);
        html.element("h1", "Task queues of this application's workers");
        html.raw("<table id=\"task-queues\"><thead><tr><th>Task queue</th><th>Worker</th><th>Backlog (workflow / ")
                .raw("activity tasks)</th><th>Pollers alive (workflow / activity)</th><th>Slots in use (workflow / ")
                .raw("activity)</th><th>Last poll</th><th>Registered types</th></tr></thead><tbody>");
        if (workers.isEmpty()) {
            html.raw("<tr><td colspan=\"7\">This application runs no worker.</td></tr>");
        }
        for (WorkerRow w : workers) {
            html.raw("<tr>").element("td", w.taskQueue()).element("td", w.state())
                    .element("td", w.backlog().workflowTasks() == null ? "unknown (remote engine)"
                            : w.backlog().workflowTasks() + " / " + w.backlog().activityTasks())
                    .element("td", w.workflowPollersAlive() + " of " + w.workflowPollersConfigured() + " / "
                            + w.activityPollersAlive() + " of " + w.activityPollersConfigured())
                    .element("td", w.workflowSlotsInUse() + " of " + (w.workflowSlotsInUse() + w.workflowSlotsAvailable())
                            + " / " + w.activitySlotsInUse() + " of " + (w.activitySlotsInUse() + w.activitySlotsAvailable()))
                    .element("td", w.lastPoll())
                    .element("td", "workflows " + w.workflowTypes() + "; activities " + w.activityTypes())
                    .raw("</tr>");
        }
        html.raw("</tbody></table>");
        html.element("h2", "Namespaces");
        html.raw("<table id=\"namespaces\"><thead><tr><th>Name</th><th>Retention</th><th>Description</th></tr></thead><tbody>");
        for (NamespaceRow n : namespaces) {
            html.raw("<tr>").element("td", n.name() + (n.current() ? " (this application's)" : ""))
                    .element("td", n.retention()).element("td", n.description()).raw("</tr>");
        }
        html.raw("</tbody></table>");
        return Layout.end(html);
    }
}
