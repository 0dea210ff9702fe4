package io.reprise.failure;

/** Which timeout fired. */
public enum TimeoutType {
    /** One attempt ran longer than its Start-To-Close Timeout. */
    START_TO_CLOSE,
    /** The task waited in its Task Queue longer than its Schedule-To-Start Timeout; never retried. */
    SCHEDULE_TO_START,
    /** The whole execution, retries included, ran longer than its Schedule-To-Close Timeout. */
    SCHEDULE_TO_CLOSE,
    /** No Heartbeat arrived within the Heartbeat Timeout. */
    HEARTBEAT
}
