package io.reprise.engine.history;

/**
 * Nobody polled the worker's sticky queue within the sticky Schedule-To-Start timeout: the worker
 * is probably gone. The task moves to the run's normal queue, where any worker gets it with the
 * full history, and the run forgets the sticky queue until a worker asks again.
 *
 * <p>This changes in-memory state only and appends no event: the event ids the worker has seen
 * stay valid, and after a restart every task goes to the normal queue anyway.
 */
final class StickyQueueTimeoutProcessor {

    private StickyQueueTimeoutProcessor() {
    }

    static void moveToNormalQueue(TransitionContext tx) {
        MutableState state = tx.state();
        WorkflowTaskState task = state.workflowTask;
        task.retireQueuedTask();
        task.taskQueue = state.taskQueue;
        task.stickyDeadline = null;
        state.stickyTaskQueue = null;
    }
}
