package io.reprise.spring.boot.ui;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The addresses of the UI's pages and actions, under the application's context path and reprise.ui.path. */
final class UiLinks {

    private final String base;

    /** @param base context path + UI path, e.g. {@code /shop/reprise} */
    UiLinks(String base) {
        this.base = base;
    }

    String executions() {
        return base;
    }

    /** The executions list with the given query parameters (name, value pairs; blank values left out). */
    String executions(String... parameters) {
        return base + query(parameters);
    }

    String run(String workflowId, String runId) {
        return base + "/run" + query("workflowId", workflowId, "runId", runId);
    }

    String run(String workflowId, String runId, String... more) {
        String[] all = new String[more.length + 4];
        all[0] = "workflowId";
        all[1] = workflowId;
        all[2] = "runId";
        all[3] = runId;
        System.arraycopy(more, 0, all, 4, more.length);
        return base + "/run" + query(all);
    }

    String history(String workflowId, String runId) {
        return base + "/run/history" + query("workflowId", workflowId, "runId", runId);
    }

    String stack(String workflowId, String runId) {
        return base + "/run/stack" + query("workflowId", workflowId, "runId", runId);
    }

    /** POST target of an action on a run: signal, query, update, cancel, terminate. */
    String action(String name) {
        return base + "/run/" + name;
    }

    String startForm() {
        return base + "/start";
    }

    String startForm(String workflowType) {
        return base + "/start" + query("type", workflowType);
    }

    String taskQueues() {
        return base + "/task-queues";
    }

    static String query(String... parameters) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i + 1 < parameters.length; i += 2) {
            String value = parameters[i + 1];
            if (value == null || value.isEmpty()) {
                continue;
            }
            out.append(out.isEmpty() ? '?' : '&').append(parameters[i]).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
