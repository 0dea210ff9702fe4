package io.reprise.engine.api;

import io.reprise.common.Payload;
import java.time.Duration;
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

    /** The full history of a run; {@code runId == null} means the latest run. */
    List<HistoryEvent> getHistory(String namespace, String workflowId, String runId);

    /**
     * A page of the runs of a namespace, newest first.
     *
     * @throws EngineException {@code INVALID_ARGUMENT} for a bad page size or page token
     */
    ListExecutionsResponse listExecutions(ListExecutionsRequest request);

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
    void completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity, String stickyTaskQueue);

    /** Fails a Workflow Task; the engine schedules a new attempt. */
    void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity);

    /** Long-polls an Activity Task. */
    Optional<ActivityTask> pollActivityTask(String namespace, String taskQueue, String identity, Duration wait);

    /** Completes an attempt. {@code NOT_FOUND} when the attempt is no longer current. */
    void completeActivityTask(byte[] taskToken, Payload result, String identity);

    /** Fails an attempt; the engine retries it per the activity's retry policy. */
    void failActivityTask(byte[] taskToken, Failure failure, String identity);

    /** Stops the engine: polls return empty, timers stop, the store is closed. */
    @Override
    void close();
}
