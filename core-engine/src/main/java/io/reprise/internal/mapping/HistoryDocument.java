package io.reprise.internal.mapping;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.reprise.client.WorkflowHistory;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.HistoryJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import tools.jackson.core.JacksonException;

/**
 * The exported form of a run's Event History ({@code WorkflowHistory.toJson()}), with the engine's events.
 *
 * <p>The JSON is a promise: files exported by earlier versions must still be read and replayed. This record has
 * the components, in the order, and is written with the mapper and the pretty printer, that the exported
 * documents always had (a test compares the committed histories byte for byte).
 *
 * @param runId the run's Run Id, or {@code null} in a document exported without it
 */
public record HistoryDocument(String workflowId, String runId, List<HistoryEvent> events) {

    @JsonCreator
    public HistoryDocument(@JsonProperty("workflowId") String workflowId, @JsonProperty("runId") String runId,
            @JsonProperty("events") List<HistoryEvent> events) {
        this.workflowId = workflowId;
        this.runId = runId;
        this.events = List.copyOf(events == null ? List.of() : events);
    }

    private static volatile Function<WorkflowHistory, HistoryDocument> documents;

    /** Called once by {@link WorkflowHistory}: how internal code reaches a history's document without JSON. */
    public static void registerAccess(Function<WorkflowHistory, HistoryDocument> access) {
        documents = access;
    }

    /**
     * The document behind {@code history}, with the engine's events, as it is held (no JSON round trip:
     * a replay of a long history would spend most of its time writing and parsing it).
     */
    public static HistoryDocument of(WorkflowHistory history) {
        Objects.requireNonNull(history, "history");
        // An instance exists, so WorkflowHistory's class initializer has registered the access.
        return documents.apply(history);
    }

    /** The document as JSON, pretty-printed. */
    public String toJson() {
        return HistoryJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
    }

    /**
     * Reads and checks a document written by {@link #toJson()}.
     *
     * @throws IllegalArgumentException when it is not a valid history (with the reason)
     */
    public static HistoryDocument fromJson(String json) {
        HistoryDocument document;
        try {
            document = HistoryJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), HistoryDocument.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("Not a Reprise workflow history: " + e.getOriginalMessage(), e);
        }
        document.validate();
        return document;
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
        return events.get(0).attributes(EventAttributes.WorkflowExecutionStarted.class).workflowType();
    }
}
