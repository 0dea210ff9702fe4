package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one boundary between the engine and its clients and workers. Messages are immutable
 * data; nothing crosses by reference. Errors are {@link EngineException}s and a refused call
 * changes nothing.
 *
 * <p>Polls are long polls: they wait up to {@code wait} for a task and return empty when none
 * came. A polling thread that is interrupted returns empty promptly.
 */
public interface EngineService extends AutoCloseable {

    /** Starts a run; returns its Run Id. Fails with {@code ALREADY_EXISTS} when the Workflow Id is running. */
    WorkflowExecution startWorkflow(StartWorkflowRequest request);

    /** Describes a run; {@code runId == null} means the latest run of the Workflow Id. */
    ExecutionDescription describeWorkflow(String namespace, String workflowId, String runId);

    /**
     * The full history of a run; {@code runId == null} means the latest run. The default reads it page by page
     * through {@link #getHistory(GetHistoryRequest)}; an engine may read it whole.
     */
    default List<HistoryEvent> getHistory(String namespace, String workflowId, String runId) {
        List<HistoryEvent> events = new ArrayList<>();
        String token = null;
        do {
            HistoryPage page = getHistory(new GetHistoryRequest(namespace, workflowId, runId, 0, token));
            events.addAll(page.events());
            token = page.nextPageToken();
        } while (token != null);
        return events;
    }

    /**
     * One page of a run's history, oldest event first: at most the request's page size, with a token for the next
     * page while the run has more events.
     *
     * @throws EngineException {@code NOT_FOUND} for an unknown run; {@code INVALID_ARGUMENT} for a bad page size,
     *     or a page token that is malformed or belongs to another run (the message names it)
     */
    HistoryPage getHistory(GetHistoryRequest request);

    /**
     * A page of the runs of a namespace, newest first, that pass the request's status and query.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} for a bad page size, page token or query (the message
     *     names the query's position: {@code Invalid query at position 27: …})
     */
    ListExecutionsResponse listExecutions(ListExecutionsRequest request);

    /**
     * How many runs of a namespace pass a visibility query ({@code null} or blank: every run). The default
     * pages through {@link #listExecutions}; an engine counts without building the pages.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} for a bad query, naming its position
     */
    default long countExecutions(String namespace, String query) {
        long count = 0;
        String token = null;
        do {
            ListExecutionsResponse page = listExecutions(new ListExecutionsRequest(namespace, null,
                    ListExecutionsRequest.MAX_PAGE_SIZE, token, query));
            count += page.executions().size();
            token = page.nextPageToken();
        } while (token != null);
        return count;
    }

    /**
     * Waits up to {@code wait} for the run to close and returns its outcome; empty when it is
     * still running at the deadline. {@code runId == null} means the latest run.
     */
    Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait);

    /**
     * Long-polls a Workflow Task from a task queue (a normal queue, or a worker's sticky queue).
     */
    Optional<WorkflowTask> pollWorkflowTask(String namespace, String taskQueue, String identity, Duration wait);

    /**
     * Completes a Workflow Task with the commands its code produced.
     *
     * @param stickyTaskQueue the worker's sticky queue for the next task of this run, or {@code null}
     *     to send the next task to the normal queue with the full history
     * @throws EngineException {@code NOT_FOUND} when the task is no longer current (timed out, or the run closed),
     *     {@code INVALID_ARGUMENT} when a command is invalid; nothing is recorded and the task stays started,
     *     so the worker reports it with {@link #failWorkflowTask} (cause {@code BAD_COMMAND})
     */
    default void completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue) {
        completeWorkflowTask(taskToken, commands, identity, stickyTaskQueue, false, null);
    }

    /** Like the six-argument form, declaring no signal names. */
    default Optional<WorkflowTask> completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask) {
        return completeWorkflowTask(taskToken, commands, identity, stickyTaskQueue, forceNewWorkflowTask, null);
    }

    /**
     * Completes a Workflow Task; with {@code forceNewWorkflowTask} the engine also schedules and
     * starts a new Workflow Task of the run at once and returns it to the caller (Workflow Task
     * heartbeating, used while local activities run longer than the task's timeout allows). Its
     * history holds the events after the completed task's WorkflowTaskStarted.
     *
     * @param signalNames the signal names the workflow code handles, or {@code null} when not
     *     declared; once declared, signals with other names are refused with {@code INVALID_ARGUMENT}
     * @return the new task when {@code forceNewWorkflowTask} and the run is still open; otherwise empty
     */
    Optional<WorkflowTask> completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity,
            String stickyTaskQueue, boolean forceNewWorkflowTask, List<String> signalNames);

    /** Fails a Workflow Task; the engine schedules a new attempt. */
    void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity);

    /** Long-polls an Activity Task, with no Task Queue rate limit. */
    default Optional<ActivityTask> pollActivityTask(String namespace, String taskQueue, String identity,
            Duration wait) {
        return pollActivityTask(new PollActivityTaskRequest(namespace, taskQueue, identity, wait, null));
    }

    /**
     * Long-polls an Activity Task; the request may carry the Task Queue's dispatch rate. The attempt
     * is durably recorded as started before it is returned, so if the engine restarts while it runs,
     * the rerun is the next attempt.
     */
    Optional<ActivityTask> pollActivityTask(PollActivityTaskRequest request);

    /** Completes an attempt. {@code NOT_FOUND} when the attempt is no longer current. */
    void completeActivityTask(byte[] taskToken, Payload result, String identity);

    /** Fails an attempt; the engine retries it per the activity's retry policy (never after a cancel request). */
    void failActivityTask(byte[] taskToken, Failure failure, String identity);

    /**
     * Records a heartbeat of the current attempt: its details are kept (handed to the next attempt
     * and to a timeout failure) and its Heartbeat Timeout restarts.
     *
     * @return whether the workflow asked to cancel the activity
     * @throws EngineException {@code NOT_FOUND} when the attempt is no longer current or the run is closed
     */
    ActivityHeartbeatResponse recordActivityHeartbeat(byte[] taskToken, List<Payload> details, String identity);

    /** Like {@link #recordActivityHeartbeat}, for the open activity {@code activityId} of a run ({@code runId} may be null: the latest run). */
    ActivityHeartbeatResponse recordActivityHeartbeatById(String namespace, String workflowId, String runId,
            String activityId, List<Payload> details, String identity);

    /** Completes the current attempt of the open activity {@code activityId} of a run ({@code runId} may be null). */
    void completeActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Payload result, String identity);

    /** Fails the current attempt of the open activity {@code activityId} of a run ({@code runId} may be null). */
    void failActivityTaskById(String namespace, String workflowId, String runId, String activityId,
            Failure failure, String identity);

    /**
     * The attempt acknowledges a cancellation: ActivityTaskStarted and ActivityTaskCanceled are
     * recorded and the workflow gets a Workflow Task.
     */
    void reportActivityTaskCanceled(byte[] taskToken, List<Payload> details, String identity);

    /** Like {@link #reportActivityTaskCanceled} for the open activity {@code activityId} of a run. */
    void reportActivityTaskCanceledById(String namespace, String workflowId, String runId, String activityId,
            List<Payload> details, String identity);

    // ---------------------------------------------------------------- messages and lifecycle

    /**
     * Records a signal (WorkflowExecutionSignaled, with the request's header) and schedules a workflow task so the
     * workflow handles it. Signals are delivered in the order they were recorded. A request id the run already
     * applied records nothing and succeeds, even if the run closed since.
     *
     * @throws EngineException {@code NOT_FOUND} when the run does not exist or is closed;
     *     {@code INVALID_ARGUMENT} when the workflow declared its signals and has none named {@code signalName}
     */
    void signalWorkflow(SignalWorkflowRequest request);

    /** Like {@link #signalWorkflow(SignalWorkflowRequest)} without a request id or header. */
    default void signalWorkflow(String namespace, String workflowId, String runId, String signalName,
            List<Payload> input, String identity) {
        signalWorkflow(new SignalWorkflowRequest(namespace, workflowId, runId, signalName, input, identity));
    }

    /**
     * Signals the running run of the Workflow Id, or, when none runs, starts one with the request's start and
     * records the signal in the same transition (before its first workflow task). The start's request id identifies
     * the call: repeated while the run runs, it records no second signal.
     *
     * @return the run that got the signal
     */
    WorkflowExecution signalWithStartWorkflow(SignalWithStartWorkflowRequest request);

    /** Like {@link #signalWithStartWorkflow(SignalWithStartWorkflowRequest)} with a signal without a header. */
    default WorkflowExecution signalWithStartWorkflow(StartWorkflowRequest start, String signalName,
            List<Payload> signalInput) {
        return signalWithStartWorkflow(new SignalWithStartWorkflowRequest(start, signalName, signalInput));
    }

    /**
     * Asks a running run to cancel (WorkflowExecutionCancelRequested): its code sees a
     * {@code CanceledFailure} at its next blocking point and may clean up. Asking again is a no-op; a request id
     * the run already applied succeeds, even if the run closed since.
     *
     * @throws EngineException {@code NOT_FOUND} when the run does not exist or is closed
     */
    void requestCancelWorkflow(RequestCancelWorkflowRequest request);

    /** Like {@link #requestCancelWorkflow(RequestCancelWorkflowRequest)} without a request id. */
    default void requestCancelWorkflow(String namespace, String workflowId, String runId, String reason,
            String identity) {
        requestCancelWorkflow(new RequestCancelWorkflowRequest(namespace, workflowId, runId, reason, identity, null));
    }

    /**
     * Ends a running run at once (WorkflowExecutionTerminated): no workflow code runs; its pending
     * activities are abandoned (their heartbeats and completions get {@code NOT_FOUND}). A request id the run
     * already applied (the run is then closed by it) records nothing and succeeds.
     *
     * @throws EngineException {@code NOT_FOUND} when the run does not exist or is closed
     */
    void terminateWorkflow(TerminateWorkflowRequest request);

    /** Like {@link #terminateWorkflow(TerminateWorkflowRequest)} without a request id. */
    default void terminateWorkflow(String namespace, String workflowId, String runId, String reason,
            List<Payload> details, String identity) {
        terminateWorkflow(new TerminateWorkflowRequest(namespace, workflowId, runId, reason, details, identity, null));
    }

    /**
     * Answers a query through a worker of the run's task queue (from its cached run, or by replaying
     * the history); works on closed runs too. Nothing is recorded.
     *
     * @throws EngineException {@code NOT_FOUND} for an unknown run; {@code DEADLINE_EXCEEDED} when no
     *     worker answered within the request's timeout
     */
    MessageResult queryWorkflow(QueryWorkflowRequest request);

    /** A worker's answer to a query task ({@link WorkflowTask#query()}); exactly one of result and failure. */
    void respondQueryTask(byte[] taskToken, Payload result, Failure failure, String identity);

    /**
     * Validates, records and runs an update, and waits for its result (see {@link UpdateWorkflowRequest}). A
     * repeated update id, or a request id the run accepted an update for, waits for (or returns) that update's result
     * instead of running it again.
     *
     * @throws EngineException {@code NOT_FOUND} when the run does not exist or is closed;
     *     {@code DEADLINE_EXCEEDED} when there was no result within the timeout (an accepted update keeps running)
     */
    MessageResult updateWorkflow(UpdateWorkflowRequest request);

    // ---------------------------------------------------------------- the engine itself

    /** The engine's release, capabilities ({@link ServerInfo#REQUEST_ID} …), node and store kind. */
    ServerInfo getServerInfo();

    // ---------------------------------------------------------------- namespaces

    /**
     * Registers a namespace. Every request naming a namespace (start, signal, describe, list, poll,
     * …) is refused with {@code NOT_FOUND} unless the namespace is registered; the namespace
     * {@value NamespaceConfig#DEFAULT_NAMESPACE} always is.
     *
     * @return the namespace as registered (its retention defaults to {@link NamespaceConfig#DEFAULT_RETENTION})
     * @throws EngineException {@code ALREADY_EXISTS} when a namespace of that name exists;
     *     {@code INVALID_ARGUMENT} for a bad name or retention
     */
    NamespaceDescription registerNamespace(NamespaceConfig config);

    /**
     * Describes a registered namespace.
     *
     * @throws EngineException {@code NOT_FOUND} when it is not registered
     */
    NamespaceDescription describeNamespace(String name);

    /** Every registered namespace, by name. */
    List<NamespaceDescription> listNamespaces();

    /**
     * Changes the description and/or retention of a registered namespace ({@code null} fields are
     * kept). A new retention applies to the runs already closed as well.
     *
     * @return the namespace as updated
     * @throws EngineException {@code NOT_FOUND} when it is not registered; {@code INVALID_ARGUMENT}
     *     for a bad retention
     */
    NamespaceDescription updateNamespace(NamespaceConfig config);

    /** Stops the engine: polls return empty, timers stop, the store is closed. */
    @Override
    void close();
}
