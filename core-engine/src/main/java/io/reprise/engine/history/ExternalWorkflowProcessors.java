package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;

/**
 * SignalExternalWorkflowExecution and RequestCancelExternalWorkflowExecution → their …Initiated
 * events; the request becomes pending and the engine delivers it after the commit.
 */
final class ExternalWorkflowProcessors {

    private ExternalWorkflowProcessors() {
    }

    static final CommandProcessor<Command.SignalExternalWorkflowExecution> SIGNAL = new CommandProcessor<>() {
        @Override
        public String label(Command.SignalExternalWorkflowExecution command) {
            return "SignalExternalWorkflowExecution \"" + command.signalName() + "\"";
        }

        @Override
        public String validate(Command.SignalExternalWorkflowExecution command, CommandCheck check) {
            String problem = Checks.requiredName(command.workflowId(), "Workflow id", "name the execution to signal");
            if (problem == null) {
                problem = Checks.requiredName(command.signalName(), "Signal name", "name the signal");
            }
            return problem != null ? problem : Checks.payloads(command.input(), "input", check.maxPayloadSize());
        }

        @Override
        public void apply(Command.SignalExternalWorkflowExecution command, TransitionContext tx,
                long workflowTaskCompletedEventId) {
            HistoryEvent event = tx.append(new EventAttributes.SignalExternalWorkflowExecutionInitiated(
                    command.workflowId(), command.runId(), command.signalName(), command.input(),
                    workflowTaskCompletedEventId));
            tx.state().externals.put(event.eventId(), new PendingExternal(event.eventId(), command.workflowId(),
                    command.runId(), command.signalName(), command.input()));
        }
    };

    static final CommandProcessor<Command.RequestCancelExternalWorkflowExecution> CANCEL = new CommandProcessor<>() {
        @Override
        public String label(Command.RequestCancelExternalWorkflowExecution command) {
            return "RequestCancelExternalWorkflowExecution \"" + command.workflowId() + "\"";
        }

        @Override
        public String validate(Command.RequestCancelExternalWorkflowExecution command, CommandCheck check) {
            return Checks.requiredName(command.workflowId(), "Workflow id", "name the execution to cancel");
        }

        @Override
        public void apply(Command.RequestCancelExternalWorkflowExecution command, TransitionContext tx,
                long workflowTaskCompletedEventId) {
            HistoryEvent event = tx.append(new EventAttributes.RequestCancelExternalWorkflowExecutionInitiated(
                    command.workflowId(), command.runId(), workflowTaskCompletedEventId));
            tx.state().externals.put(event.eventId(), new PendingExternal(event.eventId(), command.workflowId(),
                    command.runId(), null, null));
        }
    };
}
