package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.util.List;

/**
 * A read-only request a worker answers from a run's state without recording anything: a query,
 * or the validation of an update before the engine accepts it. It reaches the worker as a
 * {@link WorkflowTask} whose {@link WorkflowTask#query()} is set.
 *
 * @param name the query type or update name
 */
public record WorkflowQuery(Kind kind, String name, List<Payload> input) {

    public enum Kind {
        /** Run the {@code @QueryMethod} named {@code name} and return its result. */
        QUERY,
        /** Check that the update {@code name} has a handler and its validator accepts {@code input}. */
        VALIDATE_UPDATE
    }

    public WorkflowQuery {
        input = input == null ? List.of() : List.copyOf(input);
    }
}
