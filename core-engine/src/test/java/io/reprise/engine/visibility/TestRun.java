package io.reprise.engine.visibility;

import io.reprise.common.SearchAttributeType;
import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A run as a visibility query sees it, with withers for the one thing a test changes. */
record TestRun(String workflowId, String runId, String workflowType, String taskQueue,
        WorkflowExecutionStatus status, Instant startTime, Instant closeTime,
        Map<String, SearchAttributeValue> searchAttributes) implements VisibilityRecord {

    static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");

    /** order-1 / run-1, an Order on task queue orders, running since 2026-11-22T10:00:00Z, no attributes. */
    static TestRun running() {
        return new TestRun("order-1", "run-1", "Order", "orders", WorkflowExecutionStatus.RUNNING, STARTED, null,
                Map.of());
    }

    TestRun withWorkflowId(String id) {
        return new TestRun(id, runId, workflowType, taskQueue, status, startTime, closeTime, searchAttributes);
    }

    TestRun withStatus(WorkflowExecutionStatus newStatus) {
        return new TestRun(workflowId, runId, workflowType, taskQueue, newStatus, startTime, closeTime,
                searchAttributes);
    }

    TestRun closedAt(Instant time) {
        return new TestRun(workflowId, runId, workflowType, taskQueue, WorkflowExecutionStatus.COMPLETED, startTime,
                time, searchAttributes);
    }

    TestRun with(String name, SearchAttributeType type, Object value) {
        Map<String, SearchAttributeValue> attributes = new HashMap<>(searchAttributes);
        attributes.put(name, SearchAttributeValue.of(type, value));
        return new TestRun(workflowId, runId, workflowType, taskQueue, status, startTime, closeTime,
                Map.copyOf(attributes));
    }
}
