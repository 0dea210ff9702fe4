package io.reprise.internal.replay;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ApplicationFailure;

/**
 * A signal to, or a cancellation request of, another execution.
 *
 * <pre>
 * CREATED ──SignalExternal… / RequestCancelExternal…WorkflowExecutionInitiated──► INITIATED
 * INITIATED ──ExternalWorkflowExecutionSignaled / …CancelRequested──► DELIVERED
 * INITIATED ──SignalExternalWorkflowExecutionFailed / RequestCancelExternal…Failed──► FAILED
 * </pre>
 * The promise completes when it was delivered, and fails with an {@link ApplicationFailure} (type
 * the failure's cause, e.g. {@code EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND}) when it could not be.
 */
final class ExternalWorkflowStateMachine extends CommandStateMachine {

    enum State { CREATED, INITIATED, DELIVERED, FAILED }

    private final Command command;
    private final PromiseImpl<Void> delivered = new PromiseImpl<>();
    private State state = State.CREATED;

    ExternalWorkflowStateMachine(Command command, String origin) {
        super(command, origin);
        this.command = command;
    }

    PromiseImpl<Void> delivered() {
        return delivered;
    }

    State state() {
        return state;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return switch (command) {
            case Command.SignalExternalWorkflowExecution s ->
                    event.attributes() instanceof EventAttributes.SignalExternalWorkflowExecutionInitiated i
                            && i.workflowId().equals(s.workflowId()) && i.signalName().equals(s.signalName());
            case Command.RequestCancelExternalWorkflowExecution c ->
                    event.attributes() instanceof EventAttributes.RequestCancelExternalWorkflowExecutionInitiated i
                            && i.workflowId().equals(c.workflowId());
            default -> false;
        };
    }

    @Override
    void onRecorded(HistoryEvent event) {
        transition(State.CREATED, State.INITIATED, event);
    }

    void onEvent(HistoryEvent event) {
        switch (event.attributes()) {
            case EventAttributes.ExternalWorkflowExecutionSignaled ignored -> {
                transition(State.INITIATED, State.DELIVERED, event);
                delivered.complete(null);
            }
            case EventAttributes.ExternalWorkflowExecutionCancelRequested ignored -> {
                transition(State.INITIATED, State.DELIVERED, event);
                delivered.complete(null);
            }
            case EventAttributes.SignalExternalWorkflowExecutionFailed f -> {
                transition(State.INITIATED, State.FAILED, event);
                delivered.completeExceptionally(ApplicationFailure.newNonRetryableFailure("Signal to workflow \""
                        + f.workflowId() + "\" could not be delivered: " + f.cause(), causeType(f.cause())));
            }
            case EventAttributes.RequestCancelExternalWorkflowExecutionFailed f -> {
                transition(State.INITIATED, State.FAILED, event);
                delivered.completeExceptionally(ApplicationFailure.newNonRetryableFailure("Cancellation of workflow \""
                        + f.workflowId() + "\" could not be requested: " + f.cause(), causeType(f.cause())));
            }
            default -> throw new IllegalStateException("not an external workflow event: " + event);
        }
    }

    private void transition(State from, State to, HistoryEvent event) {
        if (state != from) {
            throw new IllegalStateException(describeCommand() + " received " + event + " in state " + state
                    + " (expected " + from + ")");
        }
        state = to;
    }

    private static String causeType(String cause) {
        int colon = cause.indexOf(':');
        return colon < 0 ? cause : cause.substring(0, colon);
    }

    @Override
    String describeCommand() {
        return switch (command) {
            case Command.SignalExternalWorkflowExecution s -> "SignalExternalWorkflowExecution(workflowId=\""
                    + s.workflowId() + "\", signalName=\"" + s.signalName() + "\")";
            case Command.RequestCancelExternalWorkflowExecution c ->
                    "RequestCancelExternalWorkflowExecution(workflowId=\"" + c.workflowId() + "\")";
            default -> command.toString();
        };
    }
}
