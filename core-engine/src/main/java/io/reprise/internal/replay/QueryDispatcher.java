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
    private final DeterministicRunner runner;

    QueryDispatcher(WorkflowDefinition definition, DataConverter converter, FailureConverter failures,
            WorkflowContext context, WorkflowImplementation implementation, DeterministicRunner runner) {
        this.definition = definition;
        this.converter = converter;
        this.failures = failures;
        this.context = context;
        this.implementation = implementation;
        this.runner = runner;
    }

    /**
     * The query method's result, or the failure when there is no such query or the method threw. The
     * built-in {@value WorkflowStackTrace#QUERY_TYPE} query answers where the run's threads are blocked,
     * unless the workflow declares a query of that name itself.
     */
    MessageResult answer(String queryType, List<Payload> input) {
        if (WorkflowStackTrace.QUERY_TYPE.equals(queryType)
                && !definition.metadata().queryMethods().containsKey(queryType)) {
            // Every workflow thread is parked at a yield point between tasks, so their stacks are stable.
            return MessageResult.success(converter.toPayload(runner.stackTrace()));
        }
        Method handler = definition.metadata().queryMethods().get(queryType);
        if (handler == null) {
            return MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                    "Workflow type \"" + definition.workflowType() + "\" has no query handler named \"" + queryType
                            + "\"; its queries: " + definition.metadata().queryMethods().keySet(), "QueryNotFound")));
        }
        return context.readOnly(() -> converter.toPayload(implementation.invokeHandler(handler, input)));
    }
}
