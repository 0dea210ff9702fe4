package io.reprise.engine;

import io.reprise.common.Payload;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.MessageResult;
import io.reprise.engine.api.NotOwnerException;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.SignalWorkflowRequest;
import io.reprise.engine.api.UpdateWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowQuery;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.history.AcceptUpdateProcessor;
import io.reprise.engine.history.Checks;
import io.reprise.engine.history.EventCodec;
import io.reprise.engine.history.RecentRequests;
import io.reprise.engine.history.SignalWorkflowProcessor;
import io.reprise.engine.history.TransitionContext;
import io.reprise.engine.matching.MatchingService;
import io.reprise.engine.matching.TaskQueueId;
import io.reprise.engine.matching.TaskQueueKind;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionStore;
import io.reprise.engine.timer.Deadlines;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Delivers messages to a run's workflow code: records signals, and carries queries and updates to
 * a worker and back. A query (or an update's validation) is a task on the run's Workflow Task Queue
 * that lives in memory only; its caller waits for the worker's answer until its deadline.
 */
final class WorkflowMessageHandler {

    private final ExecutionStore store;
    private final Transitions transitions;
    private final MatchingService matching;
    private final RunLookup lookup;
    private final int maxPayloadSize;
    /** Query tasks whose callers wait for an answer, by id. */
    private final Map<Long, QueryTaskRef> queries = new ConcurrentHashMap<>();
    private final AtomicLong queryIds = new AtomicLong();

    WorkflowMessageHandler(ExecutionStore store, Transitions transitions, MatchingService matching, RunLookup lookup,
            int maxPayloadSize) {
        this.store = store;
        this.transitions = transitions;
        this.matching = matching;
        this.lookup = lookup;
        this.maxPayloadSize = maxPayloadSize;
    }

    /**
     * Records a signal on a running run (WorkflowExecutionSignaled) and schedules a workflow task for it. A request
     * id the run already applied records nothing, even on a run that closed since.
     */
    void signal(SignalWorkflowRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("The signal request is required");
        }
        RequestValidation.requireName(request.signalName(), "Signal name", "pass the name of a @SignalMethod of the "
                + "workflow");
        RequestValidation.check(Checks.optionalName(request.requestId(), "Request id"));
        RequestValidation.check(Checks.payloads(request.input(), "signal input", maxPayloadSize));
        RequestValidation.check(Checks.header(request.header(), "signal header", maxPayloadSize));
        RunEntry run = lookup.findRun(request.namespace(), request.workflowId(), request.runId());
        transitions.locked(run, state -> {
            if (state.recentRequests().contains(request.requestId())) {
                return null; // a retry of a call already applied
            }
            RunLookup.requireRunning(state, "signal it");
            String problem = SignalWorkflowProcessor.check(state, request.signalName());
            if (problem != null) {
                throw EngineException.invalidArgument(problem);
            }
            TransitionContext tx = transitions.begin(state);
            SignalWorkflowProcessor.signal(tx, new EventAttributes.WorkflowExecutionSignaled(request.signalName(),
                    request.input(), request.identity(), request.header()), request.requestId());
            transitions.commit(run, tx);
            return null;
        });
    }

    /** Asks a worker to answer a query of the run, and waits for the answer until the request's timeout. */
    MessageResult query(QueryWorkflowRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("A query request is required");
        }
        RequestValidation.requireName(request.queryType(), "Query type", "pass the name of a @QueryMethod of the "
                + "workflow");
        RequestValidation.check(Checks.payloads(request.input(), "query input", maxPayloadSize));
        Duration timeout = request.timeout() == null ? QueryWorkflowRequest.DEFAULT_TIMEOUT : request.timeout();
        RunEntry run = lookup.findRun(request.namespace(), request.workflowId(), request.runId());
        return askWorker(run, new WorkflowQuery(WorkflowQuery.Kind.QUERY, request.queryType(), request.input()),
                Deadlines.after(timeout), "query \"" + request.queryType() + "\"");
    }

    /**
     * A cluster node lost the shard of the runs {@code selected} picks: their query tasks leave the queues and their
     * callers get the refusal {@code refusal} makes, to ask the shard's new owner.
     */
    void dropQueries(Predicate<ExecutionKey> selected, Function<ExecutionKey, NotOwnerException> refusal) {
        for (QueryTaskRef query : queries.values()) {
            if (selected.test(query.key)) {
                query.markStale();
                query.answer.completeExceptionally(refusal.apply(query.key));
            }
        }
    }

    /** Hands a query to the poller that took it, unless its caller stopped waiting ({@code null} then). */
    WorkflowTask startQueryTask(QueryTaskRef query) {
        if (query.answer.isDone() || !queries.containsKey(query.id)) {
            return null;
        }
        return new WorkflowTask(TaskToken.queryTask(query.key, query.id).encode(), query.key.namespace(),
                new WorkflowExecution(query.key.workflowId(), query.key.runId()), query.workflowType, 0, 0, 1,
                List.of(), query.query);
    }

    /**
     * Takes back a query task a poll took but could not deliver (see {@link io.reprise.engine.api.TaskHandBack}):
     * queued again while its caller still waits for an answer; otherwise ignored.
     */
    void handBackQueryTask(byte[] taskToken) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.QUERY_TASK);
        QueryTaskRef query = queries.get(token.scheduledEventId());
        if (query != null && query.key.equals(token.key()) && !query.answer.isDone()) {
            matching.dispatch(query.queue, query);
        }
    }

    /** A worker's answer to a query task: its caller gets it. */
    void respondQueryTask(byte[] taskToken, Payload result, Failure failure) {
        TaskToken token = TaskToken.decode(taskToken, TaskToken.Kind.QUERY_TASK);
        if (failure != null) {
            RequestValidation.check(Checks.failure(failure, "failure", maxPayloadSize));
        } else {
            RequestValidation.check(Checks.payload(result, "result", maxPayloadSize));
        }
        QueryTaskRef query = queries.get(token.scheduledEventId());
        if (query == null || !query.key.equals(token.key())) {
            throw EngineException.notFound("Query task not found or no longer current: workflowId \""
                    + token.key().workflowId() + "\", runId \"" + token.key().runId() + "\" (its caller stopped "
                    + "waiting)");
        }
        query.answer.complete(failure != null ? MessageResult.failure(failure)
                : MessageResult.success(result));
    }

    /**
     * Runs an update: a worker validates it, the engine records it as accepted, and the caller waits
     * for its result until the request's timeout. A second request with the same update id waits
     * for the first one's result; so does one with the request id of a call the run accepted an update for
     * (also after a restart: a completed update's result is then read from the history).
     */
    MessageResult update(UpdateWorkflowRequest request) {
        if (request == null) {
            throw EngineException.invalidArgument("An update request is required");
        }
        RequestValidation.requireName(request.updateName(), "Update name", "pass the name of an @UpdateMethod of "
                + "the workflow");
        RequestValidation.requireName(request.updateId(), "Update id", "pass a unique id for the update");
        RequestValidation.check(Checks.payloads(request.input(), "update input", maxPayloadSize));
        RequestValidation.check(Checks.optionalName(request.requestId(), "Request id"));
        Duration timeout = request.timeout() == null ? UpdateWorkflowRequest.DEFAULT_TIMEOUT : request.timeout();
        long deadline = Deadlines.after(timeout);
        RunEntry run = lookup.findRun(request.namespace(), request.workflowId(), request.runId());
        String what = "update \"" + request.updateName() + "\" (id \"" + request.updateId() + "\")";
        if (request.requestId() != null) {
            String accepted = transitions.locked(run, state -> state.recentRequests().updateIdOf(request.requestId()));
            if (accepted != null) {
                return awaitAccepted(run, accepted, deadline, timeout, what);
            }
        }
        CompletableFuture<MessageResult> result = run.existingUpdate(request.updateId());
        if (result == null) {
            transitions.locked(run, state -> RunLookup.requireRunning(state, "update it"));
            MessageResult validation = askWorker(run, new WorkflowQuery(WorkflowQuery.Kind.VALIDATE_UPDATE,
                    request.updateName(), request.input()), deadline, "validation of " + what);
            if (!validation.isSuccess()) {
                return MessageResult.rejection(validation.failure());
            }
            CompletableFuture<MessageResult> future = run.update(request.updateId());
            result = future;
            try {
                transitions.locked(run, state -> {
                    RunLookup.requireRunning(state, "update it");
                    if (state.isUpdatePending(request.updateId())) {
                        return null; // accepted by a concurrent request with the same id
                    }
                    TransitionContext tx = transitions.begin(state);
                    AcceptUpdateProcessor.accept(tx, request.updateId(), request.updateName(), request.input(),
                            request.identity(), request.requestId());
                    transitions.commit(run, tx);
                    return null;
                });
            } catch (RuntimeException e) {
                run.forgetUpdate(request.updateId(), future);
                throw e;
            }
        }
        return await(result, deadline, what, () -> "The " + what + " of " + run.key + " did not complete within "
                + timeout + "; it was accepted and keeps running");
    }

    /**
     * Waits for (or returns) the result of an update the run accepted before: from this engine's caller of it, or,
     * when none waits here (the engine restarted since), once its handler completes, or from its
     * WorkflowExecutionUpdateCompleted when it already did.
     *
     * @throws EngineException {@code NOT_FOUND} when the run closed before the update completed
     */
    private MessageResult awaitAccepted(RunEntry run, String updateId, long deadline, Duration timeout, String what) {
        CompletableFuture<MessageResult> result = run.existingUpdate(updateId);
        if (result == null) {
            result = transitions.locked(run, state -> state.isUpdatePending(updateId) ? run.update(updateId) : null);
        }
        if (result == null) {
            // Completed in this run, or in an earlier run of its chain: a run inherits the request ids of the run
            // it continues (continue-as-new, retry, cron), so an update accepted there is looked up there.
            ExecutionKey key = run.key;
            for (int hops = 0; key != null && hops <= RecentRequests.MAX; hops++) {
                ExecutionKey current = key;
                List<HistoryEvent> history = RunLookup.storeRead(current, () -> EventCodec.read(store, current, 1,
                        Long.MAX_VALUE));
                key = null;
                for (HistoryEvent event : history) {
                    if (event.attributes() instanceof EventAttributes.WorkflowExecutionUpdateCompleted completed
                            && completed.updateId().equals(updateId)) {
                        return completed.failure() == null ? MessageResult.success(completed.result())
                                : MessageResult.failure(completed.failure());
                    }
                    if (event.attributes() instanceof EventAttributes.WorkflowExecutionStarted started
                            && started.continuedExecutionRunId() != null) {
                        key = new ExecutionKey(current.namespace(), current.workflowId(),
                                started.continuedExecutionRunId());
                    }
                }
            }
            throw EngineException.notFound("The run of workflow " + run.key.workflowId() + " that accepted update \""
                    + updateId + "\" closed before the update completed");
        }
        return await(result, deadline, what, () -> "The " + what + " of " + run.key + " did not complete within "
                + timeout + "; it was accepted and keeps running");
    }

    /**
     * Puts a query task on the run's task queue and waits for a worker's answer until
     * {@code deadlineNanos}. Closed runs are asked too: a worker replays their history.
     */
    private MessageResult askWorker(RunEntry run, WorkflowQuery query, long deadlineNanos, String what) {
        record Target(String taskQueue, String workflowType) {
        }
        Target target = transitions.locked(run, state -> new Target(state.taskQueue(), state.workflowType()));
        QueryTaskRef ref = new QueryTaskRef(queryIds.incrementAndGet(), run.key, target.workflowType(), query,
                new TaskQueueId(run.key.namespace(), target.taskQueue(), TaskQueueKind.WORKFLOW));
        queries.put(ref.id, ref);
        try {
            matching.dispatch(ref.queue, ref);
            return await(ref.answer, deadlineNanos, what + " of " + run.key, () -> "No worker answered the " + what
                    + " of " + run.key + " in time; is a worker polling task queue \"" + target.taskQueue()
                    + "\" with workflow type \"" + target.workflowType() + "\" registered?");
        } finally {
            ref.markStale();
            queries.remove(ref.id);
        }
    }

    /**
     * Waits for a worker's answer (a query's, or an update's result) until {@code deadlineNanos}.
     *
     * @throws EngineException {@code DEADLINE_EXCEEDED} with {@code timeoutMessage} at the deadline; the
     *     failure the answer completed with, if an {@link EngineException}
     */
    private static MessageResult await(CompletableFuture<MessageResult> answer, long deadlineNanos, String what,
            Supplier<String> timeoutMessage) {
        try {
            return answer.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new EngineException(EngineException.Code.DEADLINE_EXCEEDED, timeoutMessage.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException(EngineException.Code.UNAVAILABLE, "Interrupted while waiting for the " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NotOwnerException notOwner) {
                throw RunEntry.copy(notOwner); // a cluster node lost the run's shard while the caller waited
            }
            if (e.getCause() instanceof EngineException engineException) {
                throw new EngineException(engineException.getCode(), engineException.getMessage(), engineException);
            }
            throw new EngineException(EngineException.Code.INTERNAL, "The " + what + " failed: " + e.getCause(),
                    e.getCause());
        }
    }
}
