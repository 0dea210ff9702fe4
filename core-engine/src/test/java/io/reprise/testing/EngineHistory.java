package io.reprise.testing;

import io.reprise.client.WorkflowHistory;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.internal.mapping.HistoryDocument;
import java.util.List;

/**
 * The engine's events of a fetched history, for tests that check what the engine recorded attribute by
 * attribute ({@link WorkflowHistory#events()} shows them as public data only).
 */
public final class EngineHistory {

    private EngineHistory() {
    }

    public static List<HistoryEvent> events(WorkflowHistory history) {
        return HistoryDocument.fromJson(history.toJson()).events();
    }
}
