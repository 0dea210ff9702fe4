package io.reprise.spring.boot.ui;

import io.reprise.client.WorkflowClient;
import io.reprise.client.NamespaceDescription;
import io.reprise.client.PendingActivityInfo;
import io.reprise.client.WorkflowClientOptions;
import io.reprise.client.WorkflowExecutionMetadata;
import io.reprise.client.WorkflowExecutionPage;
import io.reprise.client.WorkflowExecutionDescription;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.Payload;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.visibility.VisibilityQueryException;
import io.reprise.failure.FailureInfo;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one place where the UI touches the client's and the engine's data types: it reads executions,
 * histories and descriptions through {@link WorkflowClient} and hands the pages plain views
 * ({@code ...View} records of this class). When those types move or become public, only this file changes.
 */
final class ExecutionsAdapter {

    /** The statuses of the executions page, in the query language's spelling. */
    static final List<String> STATUSES = List.of("Running", "Completed", "Failed", "TimedOut", "Canceled",
            "Terminated", "ContinuedAsNew");

    /** The built-in query answered by every worker with the call stacks of a run's workflow threads. */
    static final String STACK_TRACE_QUERY = "__stack_trace";

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Pattern POSITION = Pattern.compile("at position (\\d+)");
    /** Clients per identity: a handful of principals use a UI, and a client is a few small objects. */
    private static final int MAX_CACHED_CLIENTS = 256;

    private final WorkflowClient client;
    private final Map<String, WorkflowClient> clientsByIdentity = new ConcurrentHashMap<>();

    ExecutionsAdapter(WorkflowClient client) {
        this.client = client;
    }

    String namespace() {
        return client.getOptions().getNamespace();
    }

    // ------------------------------------------------------------------ views

    record ExecutionRow(String workflowId, String runId, String workflowType, String taskQueue, String status,
            Instant startTime, Instant closeTime, long historyLength) {
    }

    record ExecutionsPage(List<ExecutionRow> rows, String nextPageToken) {
    }

    /** A visibility query the parser refused: its message and the 0-based position of the fault, or -1. */
    static final class InvalidQueryException extends RuntimeException {
        final String query;
        final int position;

        InvalidQueryException(String message, String query, int position) {
            super(message);
            this.query = query;
            this.position = position;
        }
    }

    record FailureView(String kind, String type, String message, String stackTrace, FailureView cause) {
    }

    record RunRef(String workflowId, String runId) {
    }

    record PendingActivityView(String activityId, String activityType, String state, int attempt,
            Instant scheduledTime, Instant lastStartedTime, Instant lastHeartbeatTime, String heartbeatDetails,
            FailureView lastFailure, Instant nextAttemptScheduleTime, String lastWorkerIdentity,
            boolean cancelRequested) {
    }

    /** A bar (or, when {@code end} equals {@code start}, a point) of the timeline; {@code end} is null while open. */
    record TimelineItem(String kind, String label, Instant start, Instant end, String outcome) {
    }

    /** One event; {@code details} renders its attributes as JSON only when a page shows it. */
    record EventView(long eventId, Instant eventTime, String eventType, boolean failed, String summary,
            Supplier<String> details) {
    }

    record RunView(String workflowId, String runId, String workflowType, String taskQueue, String status,
            boolean running, Instant startTime, Instant closeTime, long historyLength, String input, String result,
            FailureView failure, String closeReason, Map<String, String> memo, Map<String, String> searchAttributes,
            RunRef previousRun, RunRef nextRun, RunRef parent, List<RunRef> children,
            List<PendingActivityView> pendingActivities, List<TimelineItem> timeline, List<EventView> events) {
    }

    // ------------------------------------------------------------------ reading

    /**
     * A page of executions matching {@code query}, newest first.
     *
     * @throws InvalidQueryException for a query the parser refuses, with the position of the fault
     */
    ExecutionsPage list(String query, int pageSize, String nextPageToken) {
        try {
            WorkflowExecutionPage page = client.listExecutions(query, pageSize, nextPageToken);
            List<ExecutionRow> rows = new ArrayList<>();
            for (WorkflowExecutionMetadata info : page.executions()) {
                rows.add(new ExecutionRow(info.execution().workflowId(), info.execution().runId(), info.workflowType(),
                        info.taskQueue(), statusName(info.status()), info.startTime(), info.closeTime(),
                        info.historyLength()));
            }
            return new ExecutionsPage(rows, page.nextPageToken());
        } catch (IllegalArgumentException e) {
            throw invalidQuery(e, query);
        }
    }

    /** How many executions match {@code query}. */
    long count(String query) {
        try {
            return client.countExecutions(query);
        } catch (IllegalArgumentException e) {
            throw invalidQuery(e, query);
        }
    }

    private static InvalidQueryException invalidQuery(IllegalArgumentException e, String query) {
        int position = -1;
        if (e instanceof VisibilityQueryException v) {
            position = v.position();
        } else if (e.getMessage() != null) {
            // Across the remote boundary the exception type is lost; the message keeps the position.
            Matcher m = POSITION.matcher(e.getMessage());
            if (m.find()) {
                position = Integer.parseInt(m.group(1));
            }
        }
        return new InvalidQueryException(e.getMessage(), query, position);
    }

    /**
     * A run with its history read once.
     *
     * @throws io.reprise.client.WorkflowNotFoundException for an unknown Workflow Id or Run Id
     */
    RunView run(String workflowId, String runId) {
        WorkflowExecutionDescription d = client.describe(workflowId, blankToNull(runId));
        String run = d.execution().runId();
        // The engine's own events, which the timeline and the event summaries read field by field.
        List<HistoryEvent> events = client.getEngineService().getHistory(namespace(), workflowId, run);

        Map<String, String> memo = new LinkedHashMap<>();
        d.memo().payloads().forEach((key, payload) -> memo.put(key, payloadText(payload)));
        Map<String, String> attributes = new LinkedHashMap<>();
        d.typedSearchAttributes().getValuesByName().forEach((key, value) -> attributes.put(key, String.valueOf(value)));

        List<PendingActivityView> pending = new ArrayList<>();
        for (PendingActivityInfo a : d.pendingActivities()) {
            pending.add(new PendingActivityView(a.activityId(), a.activityType(), a.state().name(), a.attempt(),
                    a.scheduledTime(), a.lastStartedTime(), a.lastHeartbeatTime(),
                    a.heartbeatDetails().isEmpty() ? null : payloadsText(a.heartbeatDetails()),
                    failure(a.lastFailure()), a.nextAttemptScheduleTime(), a.lastWorkerIdentity(),
                    a.cancelRequested()));
        }

        String input = null;
        String result = null;
        FailureView failure = null;
        String closeReason = null;
        RunRef previous = null;
        RunRef next = null;
        RunRef parent = null;
        Map<String, RunRef> children = new LinkedHashMap<>();
        for (HistoryEvent event : events) {
            switch (event.attributes()) {
                case EventAttributes.WorkflowExecutionStarted s -> {
                    input = payloadsText(s.input());
                    if (s.continuedExecutionRunId() != null) {
                        previous = new RunRef(workflowId, s.continuedExecutionRunId());
                    }
                    if (s.parentExecution() != null) {
                        parent = new RunRef(s.parentExecution().workflowId(), s.parentExecution().runId());
                    }
                }
                case EventAttributes.WorkflowExecutionCompleted c -> {
                    result = payloadText(c.result());
                    next = ref(workflowId, c.newExecutionRunId());
                }
                case EventAttributes.WorkflowExecutionFailed f -> {
                    failure = failure(f.failure());
                    next = ref(workflowId, f.newExecutionRunId());
                }
                case EventAttributes.WorkflowExecutionTimedOut t -> next = ref(workflowId, t.newExecutionRunId());
                case EventAttributes.WorkflowExecutionContinuedAsNew c -> next = ref(workflowId, c.newExecutionRunId());
                case EventAttributes.WorkflowExecutionTerminated t -> closeReason = t.reason();
                case EventAttributes.WorkflowExecutionCancelRequested c -> closeReason = c.reason();
                case EventAttributes.StartChildWorkflowExecutionInitiated c ->
                        children.put(c.workflowId(), new RunRef(c.workflowId(), null));
                case EventAttributes.ChildWorkflowExecutionStarted c ->
                        children.put(c.workflowId(), new RunRef(c.workflowId(), c.runId()));
                default -> { }
            }
        }
        List<EventView> eventViews = new ArrayList<>(events.size());
        for (HistoryEvent event : events) {
            eventViews.add(new EventView(event.eventId(), event.eventTime(), event.eventType().name(),
                    isFailure(event), summary(event.attributes()), () -> details(event)));
        }
        return new RunView(workflowId, run, d.workflowType(), d.taskQueue(), statusName(d.status()),
                d.status() == WorkflowExecutionStatus.RUNNING, d.startTime(), d.closeTime(), d.historyLength(), input,
                result, failure, closeReason, memo, attributes, previous, next, parent, List.copyOf(children.values()),
                pending, Timeline.of(events), eventViews);
    }

    /** The engine's namespaces, this client's marked. */
    List<SimplePages.NamespaceRow> namespaces() {
        List<SimplePages.NamespaceRow> rows = new ArrayList<>();
        for (NamespaceDescription n : client.newNamespaceClient().list()) {
            rows.add(new SimplePages.NamespaceRow(n.name(), n.description(),
                    n.retention() == null ? "" : Layout.duration(n.retention()), n.name().equals(namespace())));
        }
        return rows;
    }

    /** The history as {@code WorkflowReplayer} reads it: {@code WorkflowHistory.toJson()}, as the actuator serves it. */
    String historyJson(String workflowId, String runId) {
        return client.fetchHistory(workflowId, blankToNull(runId)).toJson();
    }

    /** Where the run's workflow threads are blocked, as its worker answers the built-in stack-trace query. */
    String stackTrace(String workflowId, String runId) {
        return existing(client, workflowId, runId).query(STACK_TRACE_QUERY, String.class);
    }

    // ------------------------------------------------------------------ actions

    void signal(String identity, String workflowId, String runId, String signalName, String jsonArgs) {
        stub(identity, workflowId, runId).signal(signalName, arguments(jsonArgs));
    }

    String query(String identity, String workflowId, String runId, String queryType, String jsonArgs) {
        return pretty(stub(identity, workflowId, runId).query(queryType, Object.class, arguments(jsonArgs)));
    }

    String update(String identity, String workflowId, String runId, String updateName, String jsonArgs) {
        return pretty(stub(identity, workflowId, runId).update(updateName, Object.class, arguments(jsonArgs)));
    }

    void cancel(String identity, String workflowId, String runId, String reason) {
        stub(identity, workflowId, runId).cancel(blankToNull(reason));
    }

    void terminate(String identity, String workflowId, String runId, String reason) {
        stub(identity, workflowId, runId).terminate(blankToNull(reason));
    }

    /** Starts a run and returns its Run Id. */
    String start(String identity, String workflowType, String taskQueue, String workflowId, String jsonArgs) {
        WorkflowOptions options = WorkflowOptions.newBuilder().setTaskQueue(taskQueue)
                .setWorkflowId(blankToNull(workflowId)).build();
        return clientFor(identity).newUntypedWorkflowStub(workflowType, options).start(arguments(jsonArgs)).runId();
    }

    private WorkflowStub stub(String identity, String workflowId, String runId) {
        return existing(clientFor(identity), workflowId, runId);
    }

    /** A stub of the latest run of {@code workflowId}, or of run {@code runId} when given. */
    private static WorkflowStub existing(WorkflowClient client, String workflowId, String runId) {
        String run = blankToNull(runId);
        return run == null ? client.newUntypedWorkflowStub(workflowId)
                : client.newUntypedWorkflowStubForRun(new WorkflowExecution(workflowId, run));
    }

    /** A client over the same engine whose calls record {@code identity} in the histories they change. */
    private WorkflowClient clientFor(String identity) {
        if (clientsByIdentity.size() >= MAX_CACHED_CLIENTS) {
            clientsByIdentity.clear();
        }
        return clientsByIdentity.computeIfAbsent(identity, id -> WorkflowClient.newInstance(client.getEngineService(),
                WorkflowClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace())
                        .setDataConverter(client.getOptions().getDataConverter())
                        .setMaxPayloadSize(client.getOptions().getMaxPayloadSize())
                        .setContextPropagators(client.getOptions().getContextPropagators())
                        .setIdentity(id).build()));
    }

    /**
     * The arguments of a call, given as a JSON array; each element is handed to the data converter as a
     * JSON tree, so it arrives as the JSON typed.
     *
     * @throws IllegalArgumentException when the text is not a JSON array
     */
    static Object[] arguments(String jsonArgs) {
        if (jsonArgs == null || jsonArgs.isBlank()) {
            return new Object[0];
        }
        JsonNode node;
        try {
            node = JSON.readTree(jsonArgs);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The arguments are not valid JSON (" + e.getOriginalMessage()
                    + "); write them as a JSON array, e.g. [\"apple\", 2]");
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("The arguments must be a JSON array, one element per parameter, e.g. "
                    + "[\"apple\", 2]; got " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        List<Object> args = new ArrayList<>();
        node.forEach(args::add);
        return args.toArray();
    }

    // ------------------------------------------------------------------ conversions

    private static RunRef ref(String workflowId, String runId) {
        return runId == null ? null : new RunRef(workflowId, runId);
    }

    static String statusName(WorkflowExecutionStatus status) {
        return switch (status) {
            case RUNNING -> "Running";
            case COMPLETED -> "Completed";
            case FAILED -> "Failed";
            case TIMED_OUT -> "TimedOut";
            case CANCELED -> "Canceled";
            case TERMINATED -> "Terminated";
            case CONTINUED_AS_NEW -> "ContinuedAsNew";
        };
    }

    private static FailureView failure(FailureInfo failure) {
        if (failure == null) {
            return null;
        }
        return new FailureView(failure.kind() == null ? null : failure.kind().name(), failure.type(), failure.message(),
                failure.stackTrace(), failure(failure.cause()));
    }

    private static FailureView failure(Failure failure) {
        if (failure == null) {
            return null;
        }
        return new FailureView(failure.kind() == null ? null : failure.kind().name(), failure.type(), failure.message(),
                failure.stackTrace(), failure(failure.cause()));
    }

    private static boolean isFailure(HistoryEvent event) {
        String type = event.eventType().name();
        return type.endsWith("Failed") || type.endsWith("TimedOut");
    }

    private static String summary(EventAttributes attributes) {
        return switch (attributes) {
            case EventAttributes.WorkflowExecutionStarted s -> s.workflowType() + " on " + s.taskQueue();
            case EventAttributes.ActivityTaskScheduled s -> s.activityType() + " (" + s.activityId() + ")";
            case EventAttributes.ActivityTaskStarted s -> "attempt " + s.attempt();
            case EventAttributes.ActivityTaskFailed f -> message(f.failure());
            case EventAttributes.ActivityTaskTimedOut t -> message(t.failure());
            case EventAttributes.WorkflowExecutionFailed f -> message(f.failure());
            case EventAttributes.TimerStarted t -> t.timerId() + " for " + t.startToFireTimeout();
            case EventAttributes.TimerFired t -> t.timerId();
            case EventAttributes.WorkflowExecutionSignaled s -> s.signalName() + " by " + s.identity();
            case EventAttributes.WorkflowExecutionCancelRequested c -> "by " + c.identity()
                    + (c.reason() == null ? "" : ": " + c.reason());
            case EventAttributes.WorkflowExecutionTerminated t -> "by " + t.identity()
                    + (t.reason() == null ? "" : ": " + t.reason());
            case EventAttributes.WorkflowExecutionUpdateAccepted u -> u.updateName() + " by " + u.identity();
            case EventAttributes.StartChildWorkflowExecutionInitiated c -> c.workflowType() + " " + c.workflowId();
            case EventAttributes.MarkerRecorded m -> m.markerName();
            default -> "";
        };
    }

    private static String message(Failure failure) {
        return failure == null ? "" : failure.message();
    }

    /** The event's attributes as indented JSON, with JSON payloads shown as the JSON they hold, not Base64. */
    private static String details(HistoryEvent event) {
        JsonNode tree = HistoryJson.mapper().valueToTree(event.attributes());
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(decodePayloads(tree));
    }

    private static JsonNode decodePayloads(JsonNode node) {
        if (node.isObject()) {
            if (node.size() == 2 && node.has("encoding") && node.has("data")
                    && Payload.ENCODING_JSON.equals(node.get("encoding").asString())) {
                byte[] data = node.get("data").binaryValue();
                try {
                    return JSON.readTree(data);
                } catch (JacksonException e) {
                    return node;
                }
            }
            ObjectNode copy = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), decodePayloads(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            var copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(decodePayloads(element)));
            return copy;
        }
        return node;
    }

    /** A payload as text: the JSON it holds, or its encoding and size when it is not JSON. */
    static String payloadText(Payload payload) {
        if (payload == null || payload.isNull()) {
            return "null";
        }
        if (Payload.ENCODING_JSON.equals(payload.encoding())) {
            return new String(payload.data(), StandardCharsets.UTF_8);
        }
        return "(" + payload.encoding() + ", " + payload.size() + " bytes)";
    }

    private static String payloadsText(List<Payload> payloads) {
        List<String> texts = new ArrayList<>();
        for (Payload p : payloads) {
            texts.add(payloadText(p));
        }
        return "[" + String.join(", ", texts) + "]";
    }

    private static String pretty(Object value) {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Turns a history into timeline items: one bar per activity, timer and child, one point per signal and update. */
    private static final class Timeline {

        private Timeline() {
        }

        static List<TimelineItem> of(List<HistoryEvent> events) {
            Map<Long, Integer> byScheduledId = new HashMap<>();
            Map<String, Integer> timers = new HashMap<>();
            List<TimelineItem> items = new ArrayList<>();
            for (HistoryEvent event : events) {
                Instant at = event.eventTime();
                switch (event.attributes()) {
                    case EventAttributes.ActivityTaskScheduled s -> {
                        byScheduledId.put(event.eventId(), items.size());
                        items.add(new TimelineItem("activity", s.activityType() + " " + s.activityId(), at, null, null));
                    }
                    case EventAttributes.ActivityTaskCompleted c -> closeItem(items, byScheduledId, c.scheduledEventId(), at, "completed");
                    case EventAttributes.ActivityTaskFailed f -> closeItem(items, byScheduledId, f.scheduledEventId(), at, "failed");
                    case EventAttributes.ActivityTaskTimedOut t -> closeItem(items, byScheduledId, t.scheduledEventId(), at, "timed out");
                    case EventAttributes.ActivityTaskCanceled c -> closeItem(items, byScheduledId, c.scheduledEventId(), at, "canceled");
                    case EventAttributes.TimerStarted t -> {
                        timers.put(t.timerId(), items.size());
                        items.add(new TimelineItem("timer", "timer " + t.timerId(), at, null, null));
                    }
                    case EventAttributes.TimerFired f -> closeTimer(items, timers, f.timerId(), at, "fired");
                    case EventAttributes.TimerCanceled c -> closeTimer(items, timers, c.timerId(), at, "canceled");
                    case EventAttributes.StartChildWorkflowExecutionInitiated c -> {
                        byScheduledId.put(event.eventId(), items.size());
                        items.add(new TimelineItem("child", c.workflowType() + " " + c.workflowId(), at, null, null));
                    }
                    case EventAttributes.StartChildWorkflowExecutionFailed f -> closeItem(items, byScheduledId, f.initiatedEventId(), at, "failed to start");
                    case EventAttributes.ChildWorkflowExecutionCompleted c -> closeItem(items, byScheduledId, c.initiatedEventId(), at, "completed");
                    case EventAttributes.ChildWorkflowExecutionFailed f -> closeItem(items, byScheduledId, f.initiatedEventId(), at, "failed");
                    case EventAttributes.ChildWorkflowExecutionCanceled c -> closeItem(items, byScheduledId, c.initiatedEventId(), at, "canceled");
                    case EventAttributes.ChildWorkflowExecutionTimedOut t -> closeItem(items, byScheduledId, t.initiatedEventId(), at, "timed out");
                    case EventAttributes.ChildWorkflowExecutionTerminated t -> closeItem(items, byScheduledId, t.initiatedEventId(), at, "terminated");
                    case EventAttributes.WorkflowExecutionSignaled s -> items.add(new TimelineItem("signal", "signal " + s.signalName(), at, at, "received"));
                    case EventAttributes.WorkflowExecutionUpdateAccepted u -> items.add(new TimelineItem("update", "update " + u.updateName(), at, at, "accepted"));
                    default -> { }
                }
            }
            return items;
        }

        private static void closeItem(List<TimelineItem> items, Map<Long, Integer> index, long id, Instant at,
                String outcome) {
            Integer i = index.get(id);
            if (i != null) {
                TimelineItem open = items.get(i);
                items.set(i, new TimelineItem(open.kind(), open.label(), open.start(), at, outcome));
            }
        }

        private static void closeTimer(List<TimelineItem> items, Map<String, Integer> timers, String timerId,
                Instant at, String outcome) {
            Integer i = timers.remove(timerId);
            if (i != null) {
                TimelineItem open = items.get(i);
                items.set(i, new TimelineItem(open.kind(), open.label(), open.start(), at, outcome));
            }
        }
    }
}
