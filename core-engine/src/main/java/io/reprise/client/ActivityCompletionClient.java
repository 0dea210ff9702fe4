package io.reprise.client;

import io.reprise.activity.ActivityCanceledException;
import io.reprise.common.DataConverter;
import io.reprise.common.Payload;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.Failure;
import io.reprise.internal.failure.FailureConverter;
import java.util.List;
import java.util.Objects;

/**
 * Completes, fails, heartbeats or cancels activities from outside the activity method: those that
 * called {@code ActivityExecutionContext.doNotCompleteOnReturn()} (asynchronous completion), or
 * any running activity (heartbeats from an external process). An activity is named by the task
 * token of its current attempt ({@code ActivityInfo.taskToken()}), or by Workflow Id (and
 * optionally Run Id; {@code null} = the latest run) and Activity Id. Get one from
 * {@link WorkflowClient#newActivityCompletionClient()}. Thread-safe.
 *
 * <p>Every method throws {@link ActivityNotFoundException}, naming the workflow and the activity,
 * when the attempt is not current (stale token, activity closed, workflow closed) — and then
 * changes nothing — and {@link IllegalArgumentException} for a malformed token or bad argument.
 */
public final class ActivityCompletionClient {

    private final EngineService engine;
    private final String namespace;
    private final String identity;
    private final DataConverter converter;
    private final FailureConverter failures;

    ActivityCompletionClient(WorkflowClient client) {
        this.engine = client.getEngineService();
        this.namespace = client.getOptions().getNamespace();
        this.identity = client.getOptions().getIdentity();
        this.converter = client.getOptions().getDataConverter();
        this.failures = new FailureConverter(converter);
    }

    /** Completes the attempt with {@code result} (any value the data converter serializes, or {@code null}). */
    public void complete(byte[] taskToken, Object result) {
        call(() -> engine.completeActivityTask(taskToken, converter.toPayload(result), identity));
    }

    public void complete(String workflowId, String runId, String activityId, Object result) {
        call(() -> engine.completeActivityTaskById(namespace, workflowId, runId, activityId,
                converter.toPayload(result), identity));
    }

    /** Fails the attempt; the activity's retry policy decides whether it runs again. */
    public void completeExceptionally(byte[] taskToken, Exception error) {
        Failure failure = failures.toFailure(Objects.requireNonNull(error, "error"));
        call(() -> engine.failActivityTask(taskToken, failure, identity));
    }

    public void completeExceptionally(String workflowId, String runId, String activityId, Exception error) {
        Failure failure = failures.toFailure(Objects.requireNonNull(error, "error"));
        call(() -> engine.failActivityTaskById(namespace, workflowId, runId, activityId, failure, identity));
    }

    /**
     * Records a heartbeat with {@code details} (not throttled: each call reaches the engine).
     *
     * @throws ActivityCanceledException when the workflow asked to cancel the activity; report it
     *     with {@link #reportCancellation}
     */
    public void heartbeat(byte[] taskToken, Object details) {
        List<Payload> payloads = payloads(details);
        boolean cancel = call(() -> engine.recordActivityHeartbeat(taskToken, payloads, identity)).cancelRequested();
        if (cancel) {
            throw new ActivityCanceledException("The workflow asked to cancel this activity; report it with "
                    + "reportCancellation");
        }
    }

    /** Like {@link #heartbeat(byte[], Object)}, naming the activity by ids. */
    public void heartbeat(String workflowId, String runId, String activityId, Object details) {
        List<Payload> payloads = payloads(details);
        boolean cancel = call(() -> engine.recordActivityHeartbeatById(namespace, workflowId, runId, activityId,
                payloads, identity)).cancelRequested();
        if (cancel) {
            throw new ActivityCanceledException("The workflow asked to cancel activity \"" + activityId
                    + "\" of workflow \"" + workflowId + "\"; report it with reportCancellation");
        }
    }

    /** Reports that the activity stopped because it was asked to cancel; the workflow sees it canceled. */
    public void reportCancellation(byte[] taskToken, Object details) {
        call(() -> engine.reportActivityTaskCanceled(taskToken, payloads(details), identity));
    }

    public void reportCancellation(String workflowId, String runId, String activityId, Object details) {
        call(() -> engine.reportActivityTaskCanceledById(namespace, workflowId, runId, activityId,
                payloads(details), identity));
    }

    private List<Payload> payloads(Object details) {
        return details == null ? List.of() : List.of(converter.toPayload(details));
    }

    private static void call(Runnable call) {
        call(() -> {
            call.run();
            return null;
        });
    }

    private static <T> T call(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (EngineException e) {
            throw switch (e.getCode()) {
                case NOT_FOUND -> new ActivityNotFoundException(e.getMessage(), e);
                case INVALID_ARGUMENT -> new IllegalArgumentException(e.getMessage(), e);
                default -> e;
            };
        }
    }
}
