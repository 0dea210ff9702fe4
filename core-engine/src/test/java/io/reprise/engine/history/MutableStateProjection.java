package io.reprise.engine.history;

import io.reprise.common.Payload;
import io.reprise.engine.api.HistoryJson;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.store.schema4.FrozenProjection;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Renders every field of a run's {@link MutableState} that a schema-4 snapshot (StateCodec format 3) and the
 * row's visibility column hold, as JSON: records nested in it through {@link FrozenProjection} (the components
 * schema 4 had). Fields added to the state later are not rendered, so the rendering of today's state and of one
 * a later build migrated are equal when the migration kept every stored value.
 */
public final class MutableStateProjection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MutableStateProjection() {
    }

    public static ObjectNode of(MutableState state) {
        ObjectNode node = NODES.objectNode();
        node.put("workflowType", state.workflowType);
        node.put("taskQueue", state.taskQueue);
        node.put("status", state.status.name());
        node.put("requestId", state.requestId);
        node.set("startTime", text(state.startTime));
        node.set("closeTime", text(state.closeTime));
        node.set("runExpirationTime", text(state.runExpirationTime));
        node.set("workflowTaskTimeout", text(state.workflowTaskTimeout));
        node.put("version", state.version);
        node.put("lastEventId", state.lastEventId());
        node.put("previousStartedEventId", state.previousStartedEventId);
        node.put("stickyTaskQueue", state.stickyTaskQueue);
        node.set("workflowTask", workflowTask(state.workflowTask));
        ArrayNode activities = node.putArray("activities");
        state.activities.values().forEach(activity -> activities.add(activity(activity)));
        ArrayNode timers = node.putArray("timers");
        for (TimerState timer : state.timers.values()) {
            ObjectNode t = timers.addObject();
            t.put("timerId", timer.timerId());
            t.put("startedEventId", timer.startedEventId());
            t.set("fireTime", text(timer.fireTime()));
        }
        node.set("bufferedEvents", FrozenProjection.events(state.bufferedEvents));
        node.put("cancelRequested", state.cancelRequested);
        node.set("signalNames", strings(state.signalNames));
        node.set("pendingUpdates", strings(List.copyOf(state.pendingUpdates)));
        node.put("firstExecutionRunId", state.firstExecutionRunId);
        node.put("attempt", state.attempt);
        node.set("retryPolicy", FrozenProjection.record(state.retryPolicy));
        node.put("cronSchedule", state.cronSchedule);
        node.set("executionTimeout", text(state.executionTimeout));
        node.set("executionExpirationTime", text(state.executionExpirationTime));
        node.set("runTimeout", text(state.runTimeout));
        node.set("input", FrozenProjection.records(state.input));
        ArrayNode children = node.putArray("children");
        for (PendingChild child : state.children.values()) {
            ObjectNode c = children.addObject();
            c.put("initiatedEventId", child.initiatedEventId());
            c.set("initiated", FrozenProjection.record(child.initiated()));
            c.put("runId", child.runId());
            c.put("startedEventId", child.startedEventId());
        }
        ArrayNode externals = node.putArray("externals");
        for (PendingExternal external : state.externals.values()) {
            ObjectNode e = externals.addObject();
            e.put("initiatedEventId", external.initiatedEventId());
            e.put("workflowId", external.workflowId());
            e.put("runId", external.runId());
            e.put("signalName", external.signalName());
            e.set("input", FrozenProjection.records(external.input()));
        }
        node.set("parentExecution", FrozenProjection.record(state.parentExecution));
        ObjectNode visibility = node.putObject("visibility");
        ObjectNode searchAttributes = visibility.putObject("searchAttributes");
        for (Map.Entry<String, SearchAttributeValue> entry : state.visibility.searchAttributes().entrySet()) {
            searchAttributes.set(entry.getKey(), HistoryJson.mapper().valueToTree(entry.getValue()));
        }
        ObjectNode memo = visibility.putObject("memo");
        for (Map.Entry<String, Payload> entry : state.visibility.memo().entrySet()) {
            memo.set(entry.getKey(), FrozenProjection.record(entry.getValue()));
        }
        return node;
    }

    private static JsonNode workflowTask(WorkflowTaskState task) {
        if (task == null) {
            return NODES.nullNode();
        }
        ObjectNode node = NODES.objectNode();
        node.put("status", task.status.name());
        node.put("scheduledEventId", task.scheduledEventId);
        node.put("attempt", task.attempt);
        node.put("taskQueue", task.taskQueue);
        node.set("scheduledTime", text(task.scheduledTime));
        node.set("availableTime", text(task.availableTime));
        node.set("stickyDeadline", text(task.stickyDeadline));
        node.put("startedEventId", task.startedEventId);
        node.set("startedTime", text(task.startedTime));
        node.put("startedIdentity", task.startedIdentity);
        return node;
    }

    private static JsonNode activity(ActivityState a) {
        ObjectNode node = NODES.objectNode();
        node.put("scheduledEventId", a.scheduledEventId);
        node.put("activityId", a.activityId);
        node.put("activityType", a.activityType);
        node.put("taskQueue", a.taskQueue);
        node.set("scheduleToCloseTimeout", text(a.scheduleToCloseTimeout));
        node.set("scheduleToStartTimeout", text(a.scheduleToStartTimeout));
        node.set("startToCloseTimeout", text(a.startToCloseTimeout));
        node.set("heartbeatTimeout", text(a.heartbeatTimeout));
        node.set("retryPolicy", FrozenProjection.record(a.retryPolicy));
        node.set("scheduledTime", text(a.scheduledTime));
        node.put("status", a.status.name());
        node.put("attempt", a.attempt);
        node.set("attemptScheduledTime", text(a.attemptScheduledTime));
        node.set("startedTime", text(a.startedTime));
        node.put("startedIdentity", a.startedIdentity);
        node.set("lastStartedTime", text(a.lastStartedTime));
        node.set("lastFailure", FrozenProjection.record(a.lastFailure));
        node.put("lastWorkerIdentity", a.lastWorkerIdentity);
        node.set("lastHeartbeatDetails", FrozenProjection.records(a.lastHeartbeatDetails));
        node.set("lastHeartbeatTime", text(a.lastHeartbeatTime));
        node.put("cancelRequestedEventId", a.cancelRequestedEventId);
        return node;
    }

    private static JsonNode strings(List<String> strings) {
        if (strings == null) {
            return NODES.nullNode();
        }
        ArrayNode array = NODES.arrayNode();
        strings.forEach(array::add);
        return array;
    }

    private static JsonNode text(Object value) {
        return value == null ? NODES.nullNode() : NODES.stringNode(value.toString());
    }
}
