package io.reprise.engine.visibility;

import io.reprise.engine.api.SearchAttributeValue;
import io.reprise.engine.api.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.Map;

/** What a visibility query sees of one Workflow Execution run. */
public interface VisibilityRecord {

    String workflowId();

    String runId();

    String workflowType();

    String taskQueue();

    WorkflowExecutionStatus status();

    Instant startTime();

    /** When the run closed, or {@code null} while it is running. */
    Instant closeTime();

    /** The run's custom search attributes by name; an attribute the run does not have is absent. */
    Map<String, SearchAttributeValue> searchAttributes();
}
