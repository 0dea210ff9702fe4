package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.MessageResult;
import io.reprise.failure.ApplicationFailure;
import io.reprise.internal.failure.FailureConverter;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Answers a run's queries: runs the {@code @QueryMethod} on the state the run's last task left,
 * read-only (a query method that tries to change the run fails, and nothing changes).
 */
final class QueryDispatcher {

    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final WorkflowContext context;
    private final WorkflowImplementation implementation;

    QueryDispatcher(WorkflowDefinition definition, DataConverter converter, FailureConverter failures,
            WorkflowContext context, WorkflowImplementation implementation) {
        this.definition = definition;
        this.converter = converter;
        this.failures = failures;
        this.context = context;
        this.implementation = implementation;
    }

    /** The query method's result, or the failure when there is no such query or the method threw. */
    MessageResult answer(String queryType, List<Payload> input) {
        Method handler = definition.metadata().queryMethods().get(queryType);
        if (handler == null) {
            return MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                    "Workflow type \"" + definition.workflowType() + "\" has no query handler named \"" + queryType
                            + "\"; its queries: " + definition.metadata().queryMethods().keySet(), "QueryNotFound")));
        }
        return context.readOnly(() -> converter.toPayload(implementation.invokeHandler(handler, input)));
    }
}
