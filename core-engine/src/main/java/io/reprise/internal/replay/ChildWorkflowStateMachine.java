package io.reprise.internal.replay;

import io.reprise.common.Payload;
import io.reprise.common.WorkflowExecution;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.ChildWorkflowFailure;
import io.reprise.failure.RepriseFailure;
import io.reprise.failure.RetryState;
import io.reprise.failure.TerminatedFailure;
import io.reprise.failure.TimeoutFailure;
import io.reprise.failure.TimeoutType;
import io.reprise.internal.failure.FailureConverter;
import java.util.List;

/**
 * One child workflow.
 *
 * <pre>
 * CREATED ──StartChildWorkflowExecutionInitiated──► INITIATED ──ChildWorkflowExecutionStarted──► STARTED
 * INITIATED ──StartChildWorkflowExecutionFailed──► FAILED
 * STARTED ──ChildWorkflowExecution{Completed,Failed,Canceled,TimedOut,Terminated}──► CLOSED
 * INITIATED ──the same──► CLOSED   (tolerated: a history without the Started event)
 * CREATED ──cancel()──► CANCELED   (the command is dropped, never sent)
 * INITIATED / STARTED ──cancel()──► (a RequestCancelExternalWorkflowExecution is added; the child's
 *                                    own close, usually Canceled, resolves the result)
 * </pre>
 * The execution promise completes when the child starts; the result promise when it closes, with
 * a {@link ChildWorkflowFailure} for every outcome but completion.
 */
final class ChildWorkflowStateMachine extends CommandStateMachine {

    enum State { CREATED, INITIATED, STARTED, FAILED, CLOSED, CANCELED }

    private final WorkflowStateMachines machines;
    private final WorkflowContext context;
    private final Command.StartChildWorkflowExecution command;
    private final FailureConverter failures;
    private final PromiseImpl<WorkflowExecution> execution = new PromiseImpl<>();
    private final PromiseImpl<Payload> result = new PromiseImpl<>();
    private State state = State.CREATED;
    private long initiatedEventId;
    private long startedEventId;
    private String runId;
    private boolean cancelRequested;

    ChildWorkflowStateMachine(WorkflowStateMachines machines, WorkflowContext context,
            Command.StartChildWorkflowExecution command, String origin,
            FailureConverter failures) {
        super(command, origin);
        this.machines = machines;
        this.context = context;
        this.command = command;
        this.failures = failures;
    }

    PromiseImpl<WorkflowExecution> execution() {
        return execution;
    }

    PromiseImpl<Payload> result() {
        return result;
    }

    @Override
    boolean matches(HistoryEvent event) {
        return event.attributes() instanceof EventAttributes.StartChildWorkflowExecutionInitiated i
                && i.workflowId().equals(command.workflowId()) && i.workflowType().equals(command.workflowType());
    }

    @Override
    void onRecorded(HistoryEvent event) {
        transition(State.CREATED, State.INITIATED, event);
        initiatedEventId = event.eventId();
    }

    /** The child's scope was canceled. */
    void cancel() {
        switch (state) {
            case CREATED -> {
                state = State.CANCELED;
                machines.dropUnsent(this);
                CanceledFailure canceled = new CanceledFailure("child workflow \"" + command.workflowId()
                        + "\" canceled before it started");
                execution.completeExceptionally(canceled);
                result.completeExceptionally(failure(canceled, RetryState.CANCEL_REQUESTED));
            }
            case INITIATED, STARTED -> {
                if (!cancelRequested) {
                    cancelRequested = true;
                    context.requestCancelExternal(command.workflowId(), runId);
                }
            }
            default -> {
                // Already closed.
            }
        }
    }

    void onEvent(HistoryEvent event) {
        switch (event.attributes()) {
            case EventAttributes.ChildWorkflowExecutionStarted s -> {
                transition(State.INITIATED, State.STARTED, event);
                startedEventId = event.eventId();
                runId = s.runId();
                execution.complete(new WorkflowExecution(s.workflowId(), s.runId()));
            }
            case EventAttributes.StartChildWorkflowExecutionFailed f -> {
                transition(State.INITIATED, State.FAILED, event);
                RepriseFailure cause = io.reprise.failure.ApplicationFailure.newNonRetryableFailure(
                        "child workflow \"" + f.workflowId() + "\" could not start: " + f.cause(), f.cause());
                ChildWorkflowFailure failure = failure(cause, RetryState.NON_RETRYABLE_FAILURE);
                execution.completeExceptionally(failure);
                result.completeExceptionally(failure);
            }
            case EventAttributes.ChildWorkflowExecutionCompleted c -> {
                close(c.runId(), event);
                result.complete(c.result());
            }
            case EventAttributes.ChildWorkflowExecutionFailed f -> {
                close(f.runId(), event);
                result.completeExceptionally(failure(failures.toException(f.failure()), RetryState.NON_RETRYABLE_FAILURE));
            }
            case EventAttributes.ChildWorkflowExecutionCanceled c -> {
                close(c.runId(), event);
                result.completeExceptionally(failure(new CanceledFailure("child workflow canceled"),
                        RetryState.CANCEL_REQUESTED));
            }
            case EventAttributes.ChildWorkflowExecutionTimedOut t -> {
                close(t.runId(), event);
                result.completeExceptionally(failure(new TimeoutFailure("child workflow timed out",
                        TimeoutType.START_TO_CLOSE, List.of(), null, null), RetryState.TIMEOUT));
            }
            case EventAttributes.ChildWorkflowExecutionTerminated t -> {
                close(t.runId(), event);
                result.completeExceptionally(failure(new TerminatedFailure("child workflow terminated"
                        + (t.reason() == null ? "" : ": " + t.reason()), null), RetryState.NON_RETRYABLE_FAILURE));
            }
            default -> throw new IllegalStateException("not a child workflow event: " + event);
        }
    }

    private void close(String closedRunId, HistoryEvent event) {
        if (state != State.STARTED && state != State.INITIATED) {
            throw new IllegalStateException("Child workflow " + describeCommand() + " received " + event
                    + " in state " + state + " (expected STARTED or INITIATED)");
        }
        state = State.CLOSED;
        runId = closedRunId;
    }

    private void transition(State from, State to, HistoryEvent event) {
        if (state != from) {
            throw new IllegalStateException("Child workflow " + describeCommand() + " received " + event
                    + " in state " + state + " (expected " + from + ")");
        }
        state = to;
    }

    private ChildWorkflowFailure failure(Throwable cause, RetryState retryState) {
        return new ChildWorkflowFailure(null, command.workflowId(), runId, command.workflowType(), initiatedEventId,
                startedEventId, retryState, cause);
    }

    @Override
    String describeCommand() {
        return "StartChildWorkflowExecution(workflowType=\"" + command.workflowType() + "\", workflowId=\""
                + command.workflowId() + "\")";
    }
}
