package io.reprise.engine.api;

/** Why a Workflow Task failed. */
public enum WorkflowTaskFailedCause {
    /** Workflow code threw an exception that is not a {@code RepriseFailure}. */
    WORKFLOW_WORKER_UNHANDLED_FAILURE,
    /** Replaying the code produced commands that do not match the history. */
    NON_DETERMINISTIC_ERROR,
    /** The worker that polled the task has no implementation of the Workflow Type. */
    WORKFLOW_TYPE_NOT_REGISTERED,
    /** A workflow thread did not yield within the deadlock detection timeout. */
    POTENTIAL_DEADLOCK,
    /** The engine rejected the commands the task completed with. */
    BAD_COMMAND,
    /**
     * Written by the engine: the task completed with a command closing the run while new events
     * (an activity result, a fired timer) arrived that its code had not seen. The events follow and
     * a new task (full history) delivers them, so the code can decide again.
     */
    UNHANDLED_COMMAND
}
