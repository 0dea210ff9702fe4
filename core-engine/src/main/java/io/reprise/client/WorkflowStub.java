package io.reprise.client;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.common.WorkflowExecution;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.RandomIds;
import io.reprise.engine.api.RequestCancelWorkflowRequest;
import io.reprise.engine.api.SignalWithStartWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.TerminateWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.RepriseFailure;
import io.reprise.failure.TerminatedFailure;
import io.reprise.failure.TimeoutFailure;
import io.reprise.failure.TimeoutType;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.internal.failure.FailureConverter;
import io.reprise.internal.mapping.ExecutionMapping;
import io.reprise.internal.mapping.RetryPolicies;
import io.reprise.internal.mapping.SearchAttributeMapping;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * An untyped handle on one Workflow Execution: start it, wait for its result, describe it,
 * fetch its history. Get one from {@link WorkflowClient} or from a typed stub with {@link #fromTyped}.
 */
public final class WorkflowStub {

    private static final Duration POLL_CHUNK = Duration.ofSeconds(30);

    private final WorkflowClient client;
    private final String workflowType;
    private final WorkflowOptions options;
    private volatile WorkflowExecution execution;

    WorkflowStub(WorkflowClient client, String workflowType, WorkflowOptions options, WorkflowExecution execution) {
        this.client = client;
        this.workflowType = workflowType;
        this.options = options;
        this.execution = execution;
    }

    /** The untyped stub behind a typed stub created by {@link WorkflowClient#newWorkflowStub}. */
    public static WorkflowStub fromTyped(Object typedStub) {
        return TypedWorkflowStub.untyped(typedStub);
    }

    /** The Workflow Type, if known (stubs for an existing Workflow Id may not know it). */
    public String getWorkflowType() {
        return workflowType;
    }

    /** Whether this stub was created for an existing execution (it cannot start one). */
    boolean isBound() {
        return options == null;
    }

    /** The execution this stub started or is bound to, if any. */
    public Optional<WorkflowExecution> getExecution() {
        return Optional.ofNullable(execution);
    }

    /**
     * Starts the workflow.
     *
     * @throws WorkflowExecutionAlreadyStarted when a run with this Workflow Id is running
     * @throws IllegalArgumentException for bad options or arguments (nothing is started)
     * @throws IllegalStateException when this stub already started or is bound to an execution
     */
    public WorkflowExecution start(Object... args) {
        requireStartable();
        List<Payload> input = checked(client.getOptions().getDataConverter().toPayloads(args), "Workflow argument");
        StartWorkflowRequest request = startRequest(input);
        try {
            execution = ExecutionMapping.toPublic(client.getEngineService().startWorkflow(request));
        } catch (EngineException e) {
            throw client.translate(e, request.workflowId());
        }
        return execution;
    }

    private StartWorkflowRequest startRequest(List<Payload> input) {
        return new StartWorkflowRequest(client.getOptions().getNamespace(), options.workflowIdOrRandom(),
                workflowType, options.getTaskQueue(), input, options.getWorkflowExecutionTimeout(),
                options.getWorkflowRunTimeout(), options.getWorkflowTaskTimeout(), client.getOptions().getIdentity(),
                newRequestId(), options.getWorkflowIdReusePolicy(),
                !options.isErrorWhenAlreadyStarted(),
                RetryPolicies.toPolicy(options.getRetryOptions()),
                options.getCronSchedule(),
                memoPayloads(), SearchAttributeMapping.toIndexedValues(options.getTypedSearchAttributes()),
                client.propagation().currentHeader());
    }

    /** The options' memo, each value converted with the client's DataConverter (the engine checks the sizes). */
    private java.util.Map<String, Payload> memoPayloads() {
        java.util.Map<String, Payload> memo = new java.util.LinkedHashMap<>();
        DataConverter converter = client.getOptions().getDataConverter();
        options.getMemo().forEach((key, value) -> memo.put(key, converter.toPayload(value)));
        return memo;
    }

    private void requireStartable() {
        if (options == null || workflowType == null) {
            throw new IllegalStateException("This stub is bound to the existing execution " + execution
                    + "; create a stub with WorkflowOptions to start a new one");
        }
        if (execution != null) {
            throw new IllegalStateException("This stub already started " + execution
                    + "; create a new stub for another execution");
        }
    }

    /**
     * Sends the signal {@code signalName} to the running run of this stub's Workflow Id, or starts a
     * run with {@code startArgs} and delivers the signal before its first workflow task. Either way
     * the signal is delivered exactly once.
     *
     * @return the run that got the signal
     */
    public WorkflowExecution signalWithStart(String signalName, Object[] signalArgs, Object... startArgs) {
        requireStartable();
        DataConverter converter = client.getOptions().getDataConverter();
        List<Payload> input = checked(converter.toPayloads(startArgs), "Workflow argument");
        List<Payload> signalInput = checked(converter.toPayloads(signalArgs == null ? new Object[0] : signalArgs),
                "Signal argument");
        StartWorkflowRequest request = startRequest(input);
        try {
            execution = ExecutionMapping.toPublic(client.getEngineService().signalWithStartWorkflow(
                    new SignalWithStartWorkflowRequest(request, signalName, signalInput, request.header())));
        } catch (EngineException e) {
            throw client.translate(e, request.workflowId());
        }
        return execution;
    }

    /**
     * Sends a signal: recorded in the run's history and delivered to its {@code @SignalMethod}
     * {@code signalName}, in order with other signals. Returns once it is recorded. The call carries a new request
     * id, so that if it reaches the engine twice (a transport that retries it) the signal is recorded once.
     *
     * @throws WorkflowNotFoundException when the run does not exist or is closed
     * @throws IllegalArgumentException when the workflow has no signal of that name, or for bad arguments
     */
    public void signal(String signalName, Object... args) {
        WorkflowExecution target = requireExecution();
        List<Payload> input = checked(client.getOptions().getDataConverter().toPayloads(args), "Signal argument");
        try {
            client.getEngineService().signalWorkflow(new SignalWorkflowRequest(client.getOptions().getNamespace(),
                    target.workflowId(), target.runId(), signalName, input, client.getOptions().getIdentity(),
                    newRequestId(), client.propagation().currentHeader()));
        } catch (EngineException e) {
            throw client.translate(e, target.workflowId());
        }
    }

    /**
     * Asks the run's {@code @QueryMethod} {@code queryType} (also on a closed run). Nothing is recorded.
     *
     * @throws WorkflowQueryException when there is no such query, the query method threw, or no worker answered
     * @throws WorkflowNotFoundException when the run does not exist
     */
    public <R> R query(String queryType, Class<R> resultClass, Object... args) {
        return query(queryType, resultClass, resultClass, args);
    }

    /** Like {@link #query(String, Class, Object...)}, reading the result as {@code resultType} (e.g. a generic list). */
    public <R> R query(String queryType, Class<R> resultClass, Type resultType, Object... args) {
        WorkflowExecution target = requireExecution();
        DataConverter converter = client.getOptions().getDataConverter();
        List<Payload> input = checked(converter.toPayloads(args), "Query argument");
        MessageResult answer;
        try {
            answer = client.getEngineService().queryWorkflow(new QueryWorkflowRequest(
                    client.getOptions().getNamespace(), target.workflowId(), target.runId(), queryType, input, null));
        } catch (EngineException e) {
            if (e.getCode() == EngineException.Code.DEADLINE_EXCEEDED) {
                throw new WorkflowQueryException(target.workflowId(), queryType, e.getMessage(), e);
            }
            throw client.translate(e, target.workflowId());
        }
        if (!answer.isSuccess()) {
            Throwable cause = new FailureConverter(converter).toException(answer.failure());
            throw new WorkflowQueryException(target.workflowId(), queryType, "Query \"" + queryType
                    + "\" of workflow " + target.workflowId() + " failed: " + messageOf(cause), cause);
        }
        return decodeResult(answer.result(), resultClass, resultType);
    }

    /**
     * Sends an update and waits for its handler's result. A new update id is generated; see
     * {@link #update(String, String, Class, Object...)} to choose one (repeating an id returns the
     * first call's result instead of running the update again).
     *
     * @throws WorkflowUpdateException when it was rejected (no such update, or its validator threw) or its handler threw
     * @throws WorkflowNotFoundException when the run does not exist or is closed
     */
    public <R> R update(String updateName, Class<R> resultClass, Object... args) {
        return update(updateName, RandomIds.next(), resultClass, args);
    }

    /** Like {@link #update(String, Class, Object...)} with the caller's update id. */
    public <R> R update(String updateName, String updateId, Class<R> resultClass, Object... args) {
        return update(updateName, updateId, resultClass, resultClass, args);
    }

    /** Like {@link #update(String, String, Class, Object...)}, reading the result as {@code resultType}. */
    public <R> R update(String updateName, String updateId, Class<R> resultClass, Type resultType, Object... args) {
        WorkflowExecution target = requireExecution();
        DataConverter converter = client.getOptions().getDataConverter();
        List<Payload> input = checked(converter.toPayloads(args), "Update argument");
        MessageResult answer;
        try {
            answer = client.getEngineService().updateWorkflow(new UpdateWorkflowRequest(
                    client.getOptions().getNamespace(), target.workflowId(), target.runId(), updateId, updateName,
                    input, client.getOptions().getIdentity(), null, newRequestId()));
        } catch (EngineException e) {
            if (e.getCode() == EngineException.Code.DEADLINE_EXCEEDED) {
                throw new WorkflowUpdateException(target.workflowId(), updateName, updateId, false, e.getMessage(), e);
            }
            throw client.translate(e, target.workflowId());
        }
        if (!answer.isSuccess()) {
            Throwable cause = new FailureConverter(converter).toException(answer.failure());
            throw new WorkflowUpdateException(target.workflowId(), updateName, updateId, answer.rejected(),
                    "Update \"" + updateName + "\" of workflow " + target.workflowId()
                            + (answer.rejected() ? " was rejected: " : " failed: ") + messageOf(cause), cause);
        }
        return decodeResult(answer.result(), resultClass, resultType);
    }

    /**
     * Asks the run to cancel: its code sees a {@code CanceledFailure} at its next blocking point,
     * may clean up (in a detached cancellation scope), and the run ends as canceled. Returns once
     * the request is recorded; asking again changes nothing.
     *
     * @throws WorkflowNotFoundException when the run does not exist or is closed
     */
    public void cancel() {
        cancel(null);
    }

    /** Like {@link #cancel()}, with a reason recorded in the history. */
    public void cancel(String reason) {
        WorkflowExecution target = requireExecution();
        try {
            client.getEngineService().requestCancelWorkflow(new RequestCancelWorkflowRequest(
                    client.getOptions().getNamespace(), target.workflowId(), target.runId(), reason,
                    client.getOptions().getIdentity(), newRequestId()));
        } catch (EngineException e) {
            throw client.translate(e, target.workflowId());
        }
    }

    /**
     * Ends the run at once: no workflow code runs (no cleanup), its pending activities are
     * abandoned, and the result is a {@code WorkflowFailedException} caused by a {@code TerminatedFailure}.
     *
     * @throws WorkflowNotFoundException when the run does not exist or is closed
     */
    public void terminate(String reason, Object... details) {
        WorkflowExecution target = requireExecution();
        List<Payload> payloads = checked(client.getOptions().getDataConverter().toPayloads(details),
                "Termination detail");
        try {
            client.getEngineService().terminateWorkflow(new TerminateWorkflowRequest(
                    client.getOptions().getNamespace(), target.workflowId(), target.runId(), reason, payloads,
                    client.getOptions().getIdentity(), newRequestId()));
        } catch (EngineException e) {
            throw client.translate(e, target.workflowId());
        }
    }

    /**
     * A request id for one user call: every attempt to send that call (a transport's retry) carries the same one,
     * so the engine applies it once.
     */
    private static String newRequestId() {
        return RandomIds.next();
    }

    private static String messageOf(Throwable failure) {
        return failure instanceof RepriseFailure reprise ? reprise.getOriginalMessage() : failure.getMessage();
    }

    private List<Payload> checked(List<Payload> payloads, String what) {
        int limit = client.getOptions().getMaxPayloadSize();
        for (Payload p : payloads) {
            if (p.size() > limit) {
                throw new IllegalArgumentException(what + " of " + p.size() + " bytes exceeds the payload limit of "
                        + limit + " bytes; pass a reference (an id, a URL) instead of the data");
            }
        }
        return payloads;
    }

    private <R> R decodeResult(Payload result, Class<R> resultClass, Type resultType) {
        if (result == null || resultClass == void.class || resultClass == Void.class) {
            return null;
        }
        return client.getOptions().getDataConverter().fromPayload(result, resultClass, resultType);
    }

    /** Waits for the result as {@code resultClass}. */
    public <R> R getResult(Class<R> resultClass) {
        return getResult(resultClass, resultClass);
    }

    /**
     * Waits for the result, read as {@code resultType} (a generic type such as {@code List<Order>}).
     *
     * @throws WorkflowFailedException when the execution failed, timed out, was canceled or terminated
     */
    public <R> R getResult(Class<R> resultClass, Type resultType) {
        try {
            return awaitResult(null, resultClass, resultType);
        } catch (TimeoutException e) {
            throw new IllegalStateException("unreachable: no timeout was given", e);
        }
    }

    /**
     * Waits at most {@code timeout} for the result.
     *
     * @throws TimeoutException when the execution is still running at the deadline
     */
    public <R> R getResult(Duration timeout, Class<R> resultClass) throws TimeoutException {
        return getResult(timeout, resultClass, resultClass);
    }

    /**
     * Waits at most {@code timeout} for the result, read as {@code resultType} (a generic type such as
     * {@code List<Order>}).
     *
     * @throws TimeoutException when the execution is still running at the deadline
     * @throws WorkflowFailedException when the execution failed, timed out, was canceled or terminated
     */
    public <R> R getResult(Duration timeout, Class<R> resultClass, Type resultType) throws TimeoutException {
        if (timeout == null) {
            throw new IllegalArgumentException("timeout is null; pass how long to wait, or call getResult(Class, "
                    + "Type) to wait without a limit");
        }
        return awaitResult(timeout, resultClass, resultType);
    }

    private <R> R awaitResult(Duration timeout, Class<R> resultClass, Type resultType) throws TimeoutException {
        WorkflowExecution target = requireExecution();
        Instant deadline = timeout == null ? null : Instant.now().plus(timeout);
        EngineService engine = client.getEngineService();
        String namespace = client.getOptions().getNamespace();
        while (true) {
            Duration wait = POLL_CHUNK;
            if (deadline != null) {
                Duration left = Duration.between(Instant.now(), deadline);
                if (left.isNegative() || left.isZero()) {
                    throw new TimeoutException("Workflow " + target.workflowId() + " did not complete within " + timeout);
                }
                wait = left.compareTo(POLL_CHUNK) < 0 ? left : POLL_CHUNK;
            }
            Optional<WorkflowOutcome> outcome;
            try {
                outcome = engine.awaitOutcome(namespace, target.workflowId(), target.runId(), wait);
            } catch (EngineException e) {
                throw client.translate(e, target.workflowId());
            }
            if (outcome.isPresent()) {
                String next = nextRunId(outcome.get());
                if (next != null) {
                    // Continued as new, retried, or the next cron run: the result is the chain's.
                    target = new WorkflowExecution(target.workflowId(), next);
                    continue;
                }
                return decode(outcome.get(), resultClass, resultType);
            }
        }
    }

    private static String nextRunId(WorkflowOutcome outcome) {
        return switch (outcome.closeEvent().attributes()) {
            case EventAttributes.WorkflowExecutionContinuedAsNew c -> c.newExecutionRunId();
            case EventAttributes.WorkflowExecutionCompleted c -> c.newExecutionRunId();
            case EventAttributes.WorkflowExecutionFailed f -> f.newExecutionRunId();
            case EventAttributes.WorkflowExecutionTimedOut t -> t.newExecutionRunId();
            default -> null;
        };
    }

    private <R> R decode(WorkflowOutcome outcome, Class<R> resultClass, Type resultType) {
        DataConverter converter = client.getOptions().getDataConverter();
        FailureConverter failures = new FailureConverter(converter);
        io.reprise.engine.api.WorkflowExecution ex = outcome.execution();
        return switch (outcome.closeEvent().attributes()) {
            case EventAttributes.WorkflowExecutionCompleted c -> {
                if (resultClass == void.class || resultClass == Void.class) {
                    yield null;
                }
                yield converter.fromPayload(c.result(), resultClass, resultType);
            }
            case EventAttributes.WorkflowExecutionFailed f -> throw new WorkflowFailedException(ex.workflowId(),
                    ex.runId(), outcome.workflowType(), ExecutionMapping.toPublic(outcome.status()), failures.toException(f.failure()));
            case EventAttributes.WorkflowExecutionTimedOut t -> throw new WorkflowFailedException(ex.workflowId(),
                    ex.runId(), outcome.workflowType(), ExecutionMapping.toPublic(outcome.status()),
                    new TimeoutFailure("workflow execution timed out", TimeoutType.START_TO_CLOSE, List.of(),
                            converter, null));
            case EventAttributes.WorkflowExecutionCanceled c -> throw new WorkflowFailedException(ex.workflowId(),
                    ex.runId(), outcome.workflowType(), ExecutionMapping.toPublic(outcome.status()),
                    new CanceledFailure("workflow execution canceled"));
            case EventAttributes.WorkflowExecutionTerminated t -> throw new WorkflowFailedException(ex.workflowId(),
                    ex.runId(), outcome.workflowType(), ExecutionMapping.toPublic(outcome.status()),
                    new TerminatedFailure("workflow execution terminated" + (t.reason() == null ? ""
                            : ": " + t.reason()), null));
            default -> throw new IllegalStateException("unexpected close event " + outcome.closeEvent());
        };
    }

    /** Describes the execution. */
    public WorkflowExecutionDescription describe() {
        WorkflowExecution target = requireExecution();
        return client.describe(target.workflowId(), target.runId());
    }

    /** The execution's history so far. */
    public WorkflowHistory fetchHistory() {
        WorkflowExecution target = requireExecution();
        return client.fetchHistory(target.workflowId(), target.runId());
    }

    private WorkflowExecution requireExecution() {
        WorkflowExecution e = execution;
        if (e == null) {
            throw new IllegalStateException("The workflow was not started yet: call start(...) first");
        }
        return e;
    }
}
