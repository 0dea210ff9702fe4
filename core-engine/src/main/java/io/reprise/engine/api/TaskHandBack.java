package io.reprise.engine.api;

/**
 * What a remote transport asks of an engine besides its {@link EngineService} calls: to take back a task that a
 * poll returned but that never reached the worker, because the poll's call was cancelled (the worker gone, its
 * deadline passed) between the engine handing the task out and the answer being sent. Without it the task stays
 * started until its Start-To-Close timeout; with it the task goes back to its queue at once, as if nobody had polled
 * it. The embedded engine offers it; a transport over an {@link EngineService} without it leaves such tasks to their
 * timeouts.
 */
public interface TaskHandBack {

    /**
     * Puts the started Workflow Task of {@code taskToken} back in its queue, unstarted, if it is still the run's
     * current task and its start was not written to the store yet (otherwise it times out as usual); a query task
     * (polled from the same queues) goes back to its queue while its caller still waits. Never fails: an unknown or
     * stale token is ignored.
     */
    void handBackWorkflowTask(byte[] taskToken);

    /**
     * Puts the started attempt of {@code taskToken} back in its queue, unstarted, if it is still the activity's
     * current attempt and has not heartbeated (otherwise it times out as usual). The attempt keeps its number:
     * it never ran. Never fails: an unknown or stale token is ignored.
     */
    void handBackActivityTask(byte[] taskToken);
}
