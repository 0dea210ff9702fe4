package io.reprise.internal.replay;

import io.reprise.engine.api.Command;

/**
 * Thrown by {@code Workflow.continueAsNew} to unwind the workflow method; the run then ends with
 * the carried command. An {@link Error}, so {@code catch (Exception e)} in workflow code does not
 * swallow it.
 */
final class ContinueAsNewRequest extends Error {

    private final transient Command.ContinueAsNewWorkflowExecution command;

    ContinueAsNewRequest(Command.ContinueAsNewWorkflowExecution command) {
        super("continue as new", null, false, false);
        this.command = command;
    }

    Command.ContinueAsNewWorkflowExecution command() {
        return command;
    }
}
