package io.reprise.internal.replay;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.MessageResult;
import io.reprise.failure.ApplicationFailure;
import io.reprise.internal.failure.FailureConverter;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Handles a run's updates. Before one is accepted, its validator runs read-only and may reject it;
 * once accepted (WorkflowExecutionUpdateAccepted), its {@code @UpdateMethod} handler runs in a new
 * workflow thread, and its return or failure becomes a CompleteWorkflowUpdate command.
 */
final class UpdateDispatcher {

    private final WorkflowDefinition definition;
    private final DataConverter converter;
    private final FailureConverter failures;
    private final WorkflowContext context;
    private final WorkflowImplementation implementation;

    UpdateDispatcher(WorkflowDefinition definition, DataConverter converter, FailureConverter failures,
            WorkflowContext context, WorkflowImplementation implementation) {
        this.definition = definition;
        this.converter = converter;
        this.failures = failures;
        this.context = context;
        this.implementation = implementation;
    }

    /**
     * Checks an update before it is accepted: it must have a handler, and its validator (if any)
     * must return normally. Nothing is recorded and no workflow thread runs.
     *
     * @return success (with no result) to accept, or the failure that rejects it
     */
    MessageResult validate(String updateName, List<Payload> input) {
        if (!definition.metadata().updateMethods().containsKey(updateName)) {
            return MessageResult.failure(failures.toFailure(ApplicationFailure.newFailure(
                    "Workflow type \"" + definition.workflowType() + "\" has no update handler named \""
                            + updateName + "\"; its updates: " + definition.metadata().updateMethods().keySet(),
                    "UpdateNotFound")));
        }
        Method validator = definition.metadata().updateValidators().get(updateName);
        if (validator == null) {
            return MessageResult.success(null);
        }
        return context.readOnly(() -> {
            implementation.invokeHandler(validator, input);
            return null;
        });
    }

    /** An accepted update: its handler runs in a new workflow thread; its return becomes CompleteWorkflowUpdate. */
    void dispatch(EventAttributes.WorkflowExecutionUpdateAccepted update) {
        Method handler = definition.metadata().updateMethods().get(update.updateName());
        context.runner().newThread("update[" + update.updateName() + "]", () -> {
            Command.CompleteWorkflowUpdate completion;
            try {
                if (handler == null) {
                    throw ApplicationFailure.newNonRetryableFailure("Workflow type \"" + definition.workflowType()
                            + "\" has no update handler named \"" + update.updateName() + "\"; its updates: "
                            + definition.metadata().updateMethods().keySet(), "UpdateNotFound");
                }
                Payload result = converter.toPayload(implementation.invokeHandler(handler, update.input()));
                completion = new Command.CompleteWorkflowUpdate(update.updateId(), result, null);
            } catch (DestroyWorkflowThreadError e) {
                throw e;
            } catch (RuntimeException e) {
                completion = new Command.CompleteWorkflowUpdate(update.updateId(), null, failures.toFailure(e));
            }
            context.addCommand(new UpdateCompletionStateMachine(completion, context.callSiteIfNeeded()));
        });
    }
}
