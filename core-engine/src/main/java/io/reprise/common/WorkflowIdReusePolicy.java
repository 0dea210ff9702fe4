package io.reprise.common;

/**
 * Whether a new run may start with the Workflow Id of an earlier, closed run. A running run
 * always blocks a start with {@code ALREADY_EXISTS}, except with {@link #TERMINATE_IF_RUNNING}.
 */
public enum WorkflowIdReusePolicy {
    /** Any closed run allows a new one (the default). */
    ALLOW_DUPLICATE,
    /** Only when the latest run did not complete successfully (failed, canceled, terminated, timed out). */
    ALLOW_DUPLICATE_FAILED_ONLY,
    /** Never: a Workflow Id that was ever used cannot start again. */
    REJECT_DUPLICATE,
    /** A running run is terminated and the new one started in its place; closed runs allow a new one. */
    TERMINATE_IF_RUNNING
}
