package io.reprise.engine.matching;

/**
 * Which kind of task a queue holds. A workflow queue and an activity queue with the same name
 * are different queues: workers poll them with different calls.
 */
public enum TaskQueueKind {
    WORKFLOW,
    ACTIVITY
}
