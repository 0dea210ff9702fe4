package io.reprise.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.core.JacksonException;

/**
 * The Event History of one run, exportable as JSON and importable again (the format
 * {@code WorkflowReplayer} reads).
 *
 * @param runId the run's Run Id, which seeds the run's deterministic randomness on replay; null
 *     in a document exported without it, which replays correctly only for the first run of a chain
 */
public record WorkflowHistory(String workflowId, String runId, List<HistoryEvent> events) {

    @JsonCreator
    public WorkflowHistory(@JsonProperty("workflowId") String workflowId, @JsonProperty("runId") String runId,
            @JsonProperty("events") List<HistoryEvent> events) {
        this.workflowId = workflowId;
        this.runId = runId;
        this.events = List.copyOf(events == null ? List.of() : events);
    }

    /** A history whose Run Id is not known. */
    public WorkflowHistory(String workflowId, List<HistoryEvent> events) {
        this(workflowId, null, events);
    }

    /** The history as a JSON document. */
    public String toJson() {
        return HistoryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
    }

    /**
     * Reads a history exported with {@link #toJson()}.
     *
     * @throws IllegalArgumentException when the document is not a valid history (with the reason)
     */
    public static WorkflowHistory fromJson(String json) {
        WorkflowHistory history;
        try {
            history = HistoryJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), WorkflowHistory.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a Reprise workflow history: " + e.getOriginalMessage(), e);
        }
        history.validate();
        return history;
    }

    private void validate() {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("Not a Reprise workflow history: it has no events");
        }
        if (events.get(0).eventType() != EventType.WorkflowExecutionStarted) {
            throw new IllegalArgumentException("Not a Reprise workflow history: the first event is "
                    + events.get(0).eventType() + ", expected WorkflowExecutionStarted");
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).eventId() != i + 1) {
                throw new IllegalArgumentException("Not a Reprise workflow history: event " + (i + 1)
                        + " has id " + events.get(i).eventId() + "; ids must be dense from 1");
            }
        }
    }

    /** The Workflow Type recorded in the first event. */
    public String workflowType() {
        return events.get(0).attributes(io.reprise.engine.api.EventAttributes.WorkflowExecutionStarted.class)
                .workflowType();
    }
}
