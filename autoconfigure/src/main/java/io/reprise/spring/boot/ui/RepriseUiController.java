package io.reprise.spring.boot.ui;

import io.reprise.client.WorkflowNotFoundException;
import io.reprise.client.WorkflowQueryException;
import io.reprise.client.WorkflowUpdateException;
import io.reprise.spring.boot.ui.ExecutionsAdapter.RunView;
import io.reprise.spring.boot.ui.LocalWorkflowTypes.WorkflowTypeView;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.worker.WorkerStats;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The web UI's pages and actions, under {@code reprise.ui.path} (default {@code /reprise}) of the application's
 * context path. Pages are HTML written by the server (escaped throughout: ids, memos, payloads and failure
 * messages are user data); actions are POST forms, refused with 403 in read-only mode and when the request
 * comes from another site. Every action records {@code ui:<principal>} ({@code ui:anonymous} without one) as the
 * identity in the history it changes.
 */
@Controller
@RequestMapping("${reprise.ui.path:/reprise}")
public class RepriseUiController {

    /** The fixed notices a redirect after an action may show (no user text travels in the address). */
    private static final Map<String, String> NOTICES = Map.of(
            "signaled", "Signal sent.",
            "cancel-requested", "Cancellation requested.",
            "terminated", "Terminated.",
            "started", "Started.");

    private final ExecutionsAdapter executions;
    private final LocalWorkflowTypes localTypes;
    private final WorkerFactory workerFactory;
    private final TaskQueueBacklogProbe backlog;
    private final String path;
    private final boolean readOnly;
    private final Duration refresh;
    private final int eventsPageSize;

    RepriseUiController(ExecutionsAdapter executions, LocalWorkflowTypes localTypes, WorkerFactory workerFactory,
            TaskQueueBacklogProbe backlog, String path, boolean readOnly, Duration refresh, int eventsPageSize) {
        this.executions = executions;
        this.localTypes = localTypes;
        this.workerFactory = workerFactory;
        this.backlog = backlog;
        this.path = path;
        this.readOnly = readOnly;
        this.refresh = refresh;
        this.eventsPageSize = eventsPageSize;
    }

    // ------------------------------------------------------------------ pages

    @GetMapping({ "", "/" })
    ResponseEntity<String> executions(HttpServletRequest request, @RequestParam(required = false) String q,
            @RequestParam(required = false) String prefix, @RequestParam(required = false) String type,
            @RequestParam(required = false) String status, @RequestParam(required = false) String next,
            @RequestParam(defaultValue = "50") int size) {
        if (status != null && !status.isBlank() && !ExecutionsAdapter.STATUSES.contains(status)) {
            return page(HttpStatus.BAD_REQUEST, SimplePages.outcome(links(request), "Unknown status", null, null, null,
                    "Unknown status \"" + status + "\"; use one of " + ExecutionsAdapter.STATUSES, readOnly));
        }
        ExecutionsView.Filter filter = new ExecutionsView.Filter(q, prefix, type, status,
                ExecutionsAdapter.blankToNull(next), Math.min(Math.max(size, 1), 1000));
        return page(HttpStatus.OK, ExecutionsView.render(executions, links(request), filter, localTypes.all().keySet(),
                readOnly, refresh));
    }

    @GetMapping("/run")
    ResponseEntity<String> run(HttpServletRequest request, @RequestParam String workflowId,
            @RequestParam(required = false) String runId, @RequestParam(required = false) String eventType,
            @RequestParam(defaultValue = "false") boolean failedOnly, @RequestParam(defaultValue = "0") int from,
            @RequestParam(required = false) String notice) {
        UiLinks links = links(request);
        RunView run;
        try {
            run = executions.run(workflowId, runId);
        } catch (WorkflowNotFoundException e) {
            return notFound(links, workflowId, e);
        }
        WorkflowTypeView local = localTypes.find(run.workflowType()).orElse(null);
        RunPage.EventFilter filter = new RunPage.EventFilter(ExecutionsAdapter.blankToNull(eventType), failedOnly,
                from, eventsPageSize);
        return page(HttpStatus.OK, RunPage.render(run, links, filter, local, readOnly, UiCsrf.of(request),
                notice == null ? null : NOTICES.get(notice), refresh));
    }

    @GetMapping("/run/history")
    ResponseEntity<String> history(HttpServletRequest request, @RequestParam String workflowId,
            @RequestParam(required = false) String runId) {
        try {
            String json = executions.historyJson(workflowId, runId);
            String file = (workflowId + (runId == null || runId.isBlank() ? "" : "-" + runId))
                    .replaceAll("[^A-Za-z0-9._-]", "_") + ".json";
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"")
                    .header("X-Content-Type-Options", "nosniff")
                    .body(json);
        } catch (WorkflowNotFoundException e) {
            return notFound(links(request), workflowId, e);
        }
    }

    @GetMapping("/run/stack")
    ResponseEntity<String> stack(HttpServletRequest request, @RequestParam String workflowId,
            @RequestParam(required = false) String runId) {
        UiLinks links = links(request);
        try {
            String stack = executions.stackTrace(workflowId, runId);
            return page(HttpStatus.OK, SimplePages.stack(links, workflowId, runId, stack, null, readOnly));
        } catch (WorkflowNotFoundException e) {
            return notFound(links, workflowId, e);
        } catch (WorkflowQueryException e) {
            return page(HttpStatus.BAD_GATEWAY, SimplePages.stack(links, workflowId, runId, null,
                    "No call stack: " + e.getMessage(), readOnly));
        }
    }

    @GetMapping("/start")
    ResponseEntity<String> startForm(HttpServletRequest request, @RequestParam(required = false) String type) {
        Optional<WorkflowTypeView> selected = localTypes.find(type);
        if (type != null && selected.isEmpty()) {
            return page(HttpStatus.NOT_FOUND, SimplePages.outcome(links(request), "Unknown Workflow Type", null, null,
                    null, "Workflow Type \"" + type + "\" is not registered in this application; registered: "
                            + localTypes.all().keySet(), readOnly));
        }
        return page(HttpStatus.OK, SimplePages.startForm(links(request), localTypes.all().values(),
                selected.orElse(null), UiCsrf.of(request), readOnly));
    }

    @GetMapping("/task-queues")
    ResponseEntity<String> taskQueues(HttpServletRequest request) {
        List<SimplePages.WorkerRow> rows = new ArrayList<>();
        if (workerFactory != null) {
            for (Worker worker : workerFactory.getWorkers()) {
                WorkerStats stats = worker.getStats();
                WorkerStats.Tasks wf = stats.workflowTasks();
                WorkerStats.Tasks act = stats.activityTasks();
                java.time.Instant lastPoll = later(wf.lastPollTime(), act.lastPollTime());
                rows.add(new SimplePages.WorkerRow(worker.getTaskQueue(), stats.state().name(), wf.pollersAlive(),
                        wf.pollersConfigured(), act.pollersAlive(), act.pollersConfigured(), wf.slotsInUse(),
                        wf.slotsAvailable(), act.slotsInUse(), act.slotsAvailable(),
                        lastPoll == null ? "never" : Layout.time(lastPoll),
                        backlog.backlog(executions.namespace(), worker.getTaskQueue()),
                        worker.getRegisteredWorkflowTypes(), worker.getRegisteredActivityTypes()));
            }
        }
        return page(HttpStatus.OK, SimplePages.taskQueues(links(request), rows, executions.namespaces(), readOnly));
    }

    // ------------------------------------------------------------------ actions

    @PostMapping("/run/{action:signal|query|update}")
    ResponseEntity<String> message(HttpServletRequest request, Principal principal, @PathVariable String action,
            @RequestParam String workflowId, @RequestParam(required = false) String runId, @RequestParam String name,
            @RequestParam(required = false) String args) {
        UiLinks links = links(request);
        ResponseEntity<String> refused = refused(request, links);
        if (refused != null) {
            return refused;
        }
        String identity = identity(principal);
        String title = switch (action) {
            case "signal" -> "Signal " + name;
            case "query" -> "Query " + name;
            default -> "Update " + name;
        };
        try {
            switch (action) {
                case "signal" -> {
                    executions.signal(identity, workflowId, runId, name, args);
                    return redirect(links.run(workflowId, runId, "notice", "signaled"));
                }
                case "query" -> {
                    String result = executions.query(identity, workflowId, runId, name, args);
                    return page(HttpStatus.OK, SimplePages.outcome(links, title, workflowId, runId, result, null, readOnly));
                }
                default -> {
                    String result = executions.update(identity, workflowId, runId, name, args);
                    return page(HttpStatus.OK, SimplePages.outcome(links, title, workflowId, runId, result, null, readOnly));
                }
            }
        } catch (WorkflowNotFoundException e) {
            return notFound(links, workflowId, e);
        } catch (IllegalArgumentException | WorkflowQueryException | WorkflowUpdateException e) {
            return page(HttpStatus.BAD_REQUEST, SimplePages.outcome(links, title + " failed", workflowId, runId, null,
                    e.getMessage(), readOnly));
        }
    }

    @PostMapping("/run/{action:cancel|terminate}")
    ResponseEntity<String> close(HttpServletRequest request, Principal principal, @PathVariable String action,
            @RequestParam String workflowId, @RequestParam(required = false) String runId,
            @RequestParam(required = false) String reason) {
        UiLinks links = links(request);
        ResponseEntity<String> refused = refused(request, links);
        if (refused != null) {
            return refused;
        }
        try {
            if (action.equals("cancel")) {
                executions.cancel(identity(principal), workflowId, runId, reason);
                return redirect(links.run(workflowId, runId, "notice", "cancel-requested"));
            }
            executions.terminate(identity(principal), workflowId, runId, reason);
            return redirect(links.run(workflowId, runId, "notice", "terminated"));
        } catch (WorkflowNotFoundException e) {
            return notFound(links, workflowId, e);
        }
    }

    @PostMapping("/start")
    ResponseEntity<String> start(HttpServletRequest request, Principal principal, @RequestParam String type,
            @RequestParam(required = false) String taskQueue, @RequestParam(required = false) String workflowId,
            @RequestParam(required = false) String args) {
        UiLinks links = links(request);
        ResponseEntity<String> refused = refused(request, links);
        if (refused != null) {
            return refused;
        }
        Optional<WorkflowTypeView> local = localTypes.find(type);
        if (local.isEmpty()) {
            return page(HttpStatus.BAD_REQUEST, SimplePages.outcome(links, "Start failed", null, null, null,
                    "Workflow Type \"" + type + "\" is not registered in this application; registered: "
                            + localTypes.all().keySet(), readOnly));
        }
        String queue = taskQueue == null || taskQueue.isBlank()
                ? local.get().taskQueues().stream().findFirst().orElse(null) : taskQueue;
        if (queue == null || !local.get().taskQueues().contains(queue)) {
            return page(HttpStatus.BAD_REQUEST, SimplePages.outcome(links, "Start failed", null, null, null,
                    "Task queue \"" + taskQueue + "\" has no worker for " + type + " in this application; its queues: "
                            + local.get().taskQueues(), readOnly));
        }
        try {
            String id = ExecutionsAdapter.blankToNull(workflowId) == null
                    ? type + "-" + java.util.UUID.randomUUID() : workflowId;
            String runId = executions.start(identity(principal), type, queue, id, args);
            return redirect(links.run(id, runId, "notice", "started"));
        } catch (RuntimeException e) {
            // Bad arguments, an id already running, a payload too large: all the user's to fix.
            return page(HttpStatus.BAD_REQUEST, SimplePages.outcome(links, "Start failed", null, null, null,
                    e.getMessage(), readOnly));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** 403 in read-only mode, and for a POST sent from a page of another site (the Origin names another host). */
    private ResponseEntity<String> refused(HttpServletRequest request, UiLinks links) {
        if (readOnly) {
            return page(HttpStatus.FORBIDDEN, SimplePages.outcome(links, "Read-only", null, null, null,
                    "The Reprise UI is read-only (reprise.ui.read-only=true): it changes no workflow.", true));
        }
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !origin.equals("null")) {
            String host;
            try {
                host = URI.create(origin).getHost();
            } catch (IllegalArgumentException e) {
                host = null;
            }
            if (host == null || !host.equalsIgnoreCase(request.getServerName())) {
                return page(HttpStatus.FORBIDDEN, SimplePages.outcome(links, "Cross-site request refused", null, null,
                        null, "This action was sent from " + origin + ", not from the UI's own pages.", readOnly));
            }
        }
        return null;
    }

    static String identity(Principal principal) {
        return "ui:" + (principal == null || principal.getName() == null ? "anonymous" : principal.getName());
    }

    private UiLinks links(HttpServletRequest request) {
        return new UiLinks(request.getContextPath() + path);
    }

    private ResponseEntity<String> notFound(UiLinks links, String workflowId, WorkflowNotFoundException e) {
        return page(HttpStatus.NOT_FOUND, SimplePages.outcome(links, "Not found", null, null, null, e.getMessage(),
                readOnly));
    }

    private static ResponseEntity<String> redirect(String location) {
        return ResponseEntity.status(HttpStatus.SEE_OTHER).header(HttpHeaders.LOCATION, location).build();
    }

    private static ResponseEntity<String> page(HttpStatus status, String html) {
        return ResponseEntity.status(status).contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .header("Content-Security-Policy", Layout.CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "same-origin")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(html);
    }

    private static java.time.Instant later(java.time.Instant a, java.time.Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
