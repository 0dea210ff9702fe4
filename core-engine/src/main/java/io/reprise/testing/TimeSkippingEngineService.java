package io.reprise.testing;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.ExecutionDescription;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowOutcome;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.api.WorkflowTaskFailedCause;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The engine as the test client sees it: while a client waits for a workflow's outcome and
 * nothing is in progress, the clock jumps to the next timer, so sleeps, retries and timeouts
 * pass in milliseconds.
 */
final class TimeSkippingEngineService implements EngineService {

    private static final Duration STEP = Duration.ofMillis(5);

    private final EngineService delegate;
    private final TimeSkipper skipper;
    private final boolean skipping;

    TimeSkippingEngineService(EngineService delegate, TimeSkipper skipper, boolean skipping) {
        this.delegate = delegate;
        this.skipper = skipper;
        this.skipping = skipping;
    }

    @Override
    public Optional<WorkflowOutcome> awaitOutcome(String namespace, String workflowId, String runId, Duration wait) {
        if (!skipping) {
            return delegate.awaitOutcome(namespace, workflowId, runId, wait);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<WorkflowOutcome> outcome = delegate.awaitOutcome(namespace, workflowId, runId, STEP);
            if (outcome.isPresent() || System.nanoTime() >= deadline) {
                return outcome;
            }
            skipper.skipIfIdle();
        }
    }

    @Override
    public WorkflowExecution startWorkflow(StartWorkflowRequest request) {
        return delegate.startWorkflow(request);
    }

    @Override
    public ExecutionDescription describeWorkflow(String namespace, String workflowId, String runId) {
        return delegate.describeWorkflow(namespace, workflowId, runId);
    }

    @Override
    public List<HistoryEvent> getHistory(String namespace, String workflowId, String runId) {
        return delegate.getHistory(namespace, workflowId, runId);
    }

    @Override
    public ListExecutionsResponse listExecutions(ListExecutionsRequest request) {
        return delegate.listExecutions(request);
    }

    @Override
    public Optional<WorkflowTask> pollWorkflowTask(String namespace, String taskQueue, String identity, Duration wait) {
        return delegate.pollWorkflowTask(namespace, taskQueue, identity, wait);
    }

    @Override
    public void completeWorkflowTask(byte[] taskToken, List<Command> commands, String identity, String stickyTaskQueue) {
        delegate.completeWorkflowTask(taskToken, commands, identity, stickyTaskQueue);
    }

    @Override
    public void failWorkflowTask(byte[] taskToken, WorkflowTaskFailedCause cause, Failure failure, String identity) {
        delegate.failWorkflowTask(taskToken, cause, failure, identity);
    }

    @Override
    public Optional<ActivityTask> pollActivityTask(String namespace, String taskQueue, String identity, Duration wait) {
        return delegate.pollActivityTask(namespace, taskQueue, identity, wait);
    }

    @Override
    public void completeActivityTask(byte[] taskToken, Payload result, String identity) {
        delegate.completeActivityTask(taskToken, result, identity);
    }

    @Override
    public void failActivityTask(byte[] taskToken, Failure failure, String identity) {
        delegate.failActivityTask(taskToken, failure, identity);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
