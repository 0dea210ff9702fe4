package io.reprise.engine.history;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import java.util.List;

/** Finds the processor of each command kind; validates and applies a workflow task's commands. */
final class CommandProcessors {

    private CommandProcessors() {
    }

    /**
     * Validates every command against the state, in order.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} naming the first bad command by its index
     *     in {@code commands} (0-based) and the problem
     */
    static void validate(MutableState state, List<Command> commands, HistorySettings settings) {
        if (commands == null) {
            throw EngineException.invalidArgument("commands must not be null; pass an empty list for none");
        }
        CommandCheck check = new CommandCheck(state, settings);
        int closedAt = -1;
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            if (command == null) {
                throw EngineException.invalidArgument("command " + i + " is null");
            }
            CommandProcessor<Command> processor = processorFor(command);
            if (closedAt >= 0) {
                throw invalid(i, processor.label(command), "no command may follow command " + closedAt
                        + ", which closes the workflow execution");
            }
            String problem = processor.validate(command, check);
            if (problem != null) {
                throw invalid(i, processor.label(command), problem);
            }
            if (processor.closesRun()) {
                closedAt = i;
            }
        }
    }

    /** Whether one of the commands closes the run. */
    static boolean closesRun(List<Command> commands) {
        for (Command command : commands) {
            if (processorFor(command).closesRun()) {
                return true;
            }
        }
        return false;
    }

    static void apply(Command command, TransitionContext tx, long workflowTaskCompletedEventId) {
        processorFor(command).apply(command, tx, workflowTaskCompletedEventId);
    }

    @SuppressWarnings("unchecked")
    private static CommandProcessor<Command> processorFor(Command command) {
        CommandProcessor<?> processor = switch (command) {
            case Command.ScheduleActivityTask ignored -> ScheduleActivityTaskProcessor.INSTANCE;
            case Command.StartTimer ignored -> StartTimerProcessor.INSTANCE;
            case Command.CompleteWorkflowExecution ignored -> CompleteWorkflowExecutionProcessor.INSTANCE;
            case Command.FailWorkflowExecution ignored -> FailWorkflowExecutionProcessor.INSTANCE;
            case Command.RequestCancelActivityTask ignored -> RequestCancelActivityTaskProcessor.INSTANCE;
            case Command.CancelTimer ignored -> CancelTimerProcessor.INSTANCE;
            case Command.RecordMarker ignored -> RecordMarkerProcessor.INSTANCE;
            case Command.CancelWorkflowExecution ignored -> CancelWorkflowExecutionProcessor.INSTANCE;
            case Command.CompleteWorkflowUpdate ignored -> CompleteWorkflowUpdateProcessor.INSTANCE;
            case Command.ContinueAsNewWorkflowExecution ignored -> ContinueAsNewWorkflowExecutionProcessor.INSTANCE;
            case Command.StartChildWorkflowExecution ignored -> StartChildWorkflowProcessor.INSTANCE;
            case Command.SignalExternalWorkflowExecution ignored -> ExternalWorkflowProcessors.SIGNAL;
            case Command.RequestCancelExternalWorkflowExecution ignored -> ExternalWorkflowProcessors.CANCEL;
            case Command.UpsertWorkflowSearchAttributes ignored -> UpsertWorkflowSearchAttributesProcessor.INSTANCE;
            case Command.ModifyWorkflowProperties ignored -> ModifyWorkflowPropertiesProcessor.INSTANCE;
        };
        return (CommandProcessor<Command>) processor;
    }

    private static EngineException invalid(int index, String label, String problem) {
        return EngineException.invalidArgument("command " + index + " (" + label + "): " + problem);
    }
}
