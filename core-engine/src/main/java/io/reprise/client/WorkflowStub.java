package io.reprise.client;

import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.failure.TimeoutFailure;
import io.reprise.failure.TimeoutType;
import io.reprise.failure.WorkflowFailedException;
import io.reprise.internal.failure.FailureConverter;
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
        if (options == null || workflowType == null) {
            throw new IllegalStateException("This stub is bound to the existing execution " + execution
                    + "; create a stub with WorkflowOptions to start a new one");
        }
        if (execution != null) {
            throw new IllegalStateException("This stub already started " + execution
                    + "; create a new stub for another execution");
        }
        DataConverter converter = client.getOptions().getDataConverter();
        List<Payload> input = converter.toPayloads(args);
        int limit = client.getOptions().getMaxPayloadSize();
        for (Payload p : input) {
            if (p.size() > limit) {
                throw new IllegalArgumentException("Workflow argument of " + p.size()
                        + " bytes exceeds the payload limit of " + limit
                        + " bytes; pass a reference (an id, a URL) instead of the data");
            }
        }
        String workflowId = options.workflowIdOrRandom();
        StartWorkflowRequest request = new StartWorkflowRequest(client.getOptions().getNamespace(), workflowId,
                workflowType, options.getTaskQueue(), input, options.getWorkflowExecutionTimeout(),
                options.getWorkflowRunTimeout(), options.getWorkflowTaskTimeout(), client.getOptions().getIdentity(),
                java.util.UUID.randomUUID().toString());
        try {
            execution = client.getEngineService().startWorkflow(request);
        } catch (EngineException e) {
            throw client.translate(e, workflowId);
        }
        return execution;
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
        return awaitResult(timeout, resultClass, resultClass);
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
                return decode(outcome.get(), resultClass, resultType);
            }
        }
    }

    private <R> R decode(WorkflowOutcome outcome, Class<R> resultClass, Type resultType) {
        DataConverter converter = client.getOptions().getDataConverter();
        FailureConverter failures = new FailureConverter(converter);
        WorkflowExecution ex = outcome.execution();
        return switch (outcome.closeEvent().attributes()) {
            case EventAttributes.WorkflowExecutionCompleted c -> {
                if (resultClass == void.class || resultClass == Void.class) {
                    yield null;
                }
                yield converter.fromPayload(c.result(), resultClass, resultType);
            }
            case EventAttributes.WorkflowExecutionFailed f -> throw new WorkflowFailedException(ex.workflowId(),
                    ex.runId(), outcome.workflowType(), outcome.status().name(), failures.toException(f.failure()));
            case EventAttributes.WorkflowExecutionTimedOut t -> throw new WorkflowFailedException(ex.workflowId(),
                    ex.runId(), outcome.workflowType(), outcome.status().name(),
                    new TimeoutFailure("workflow execution timed out", TimeoutType.START_TO_CLOSE, List.of(),
                            converter, null));
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
