package io.reprise.client;

import io.reprise.engine.api.HistoryJson;
import io.reprise.internal.mapping.HistoryDocument;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.type.TypeReference;

/**
 * The Event History of one run, exportable as JSON and importable again (the format {@code WorkflowReplayer}
 * reads, and the actuator endpoint's {@code /history}). The JSON format is stable: a history exported by an
 * earlier version reads and replays the same.
 */
public final class WorkflowHistory {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    static {
        HistoryDocument.registerAccess(history -> history.document);
    }

    private final HistoryDocument document;
    /** The public view of the events, made when first asked for. */
    private volatile List<HistoryEvent> events;

    WorkflowHistory(String workflowId, String runId, List<io.reprise.engine.api.HistoryEvent> events) {
        this(new HistoryDocument(workflowId, runId, events));
    }

    private WorkflowHistory(HistoryDocument document) {
        this.document = document;
    }

    public String workflowId() {
        return document.workflowId();
    }

    /**
     * The run's Run Id, which seeds the run's deterministic randomness on replay; {@code null} in a document
     * exported without it, which replays correctly only for the first run of a chain.
     */
    public String runId() {
        return document.runId();
    }

    /** The events, in order (the first is {@code WorkflowExecutionStarted}). */
    public List<HistoryEvent> events() {
        List<HistoryEvent> view = events;
        if (view == null) {
            List<HistoryEvent> made = new ArrayList<>(document.events().size());
            for (io.reprise.engine.api.HistoryEvent event : document.events()) {
                made.add(toPublic(event));
            }
            view = Collections.unmodifiableList(made);
            events = view;
        }
        return view;
    }

    /** The Workflow Type recorded in the first event. */
    public String workflowType() {
        return document.workflowType();
    }

    /** The history as a JSON document. */
    public String toJson() {
        return document.toJson();
    }

    /**
     * Reads a history exported with {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the document is not a valid history (with the reason)
     */
    public static WorkflowHistory fromJson(String json) {
        return new WorkflowHistory(HistoryDocument.fromJson(json));
    }

    /** The event's attributes as the exported JSON has them. */
    private static HistoryEvent toPublic(io.reprise.engine.api.HistoryEvent event) {
        byte[] json = HistoryJson.mapper().writeValueAsBytes(event.attributes());
        Map<String, Object> attributes = HistoryJson.mapper().readValue(json, JSON_OBJECT);
        return new HistoryEvent(event.eventId(), event.eventTime(), EventType.valueOf(event.eventType().name()),
                frozen(attributes));
    }

    @SuppressWarnings("unchecked")
    private static <T> T frozen(T value) {
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k, frozen(v)));
            return (T) Collections.unmodifiableMap(copy);
        }
        if (value instanceof List<?> list) {
            // Not List.copyOf: JSON arrays may hold nulls.
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(frozen(v)));
            return (T) Collections.unmodifiableList(copy);
        }
        return value;
    }

    /** Histories are equal when their Workflow Ids, Run Ids and events are. */
    @Override
    public boolean equals(Object other) {
        return other instanceof WorkflowHistory history && document.equals(history.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(document);
    }

    @Override
    public String toString() {
        return "WorkflowHistory[workflowId=" + workflowId() + ", runId=" + runId() + ", " + document.events().size()
                + " events]";
    }
}
