package io.reprise.engine;

import static io.reprise.engine.EngineNamespacesTest.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.store.ExecutionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retention: a closed run and its history are deleted once its namespace's retention has passed
 * since it closed, not a millisecond earlier; open runs never are; a retention change applies to
 * runs already closed; a restarted engine keeps sweeping. Time moves on the manual clock.
 */
class EngineRetentionTest extends EngineTestBase {

    private static final Duration THREE_DAYS = Duration.ofDays(3);
    private static final Duration MILLI = Duration.ofMillis(1);


    @Test
    void aClosedRunAndItsHistoryAreDeletedExactlyWhenTheRetentionHasPassed() throws InterruptedException {
        clock.advance(Duration.ofHours(5));
        Instant closed = clock.now();
        WorkflowExecution run = startWith("order-1", new Command.CompleteWorkflowExecution(json("\"done\"")));
        assertThat(engine.describeWorkflow(NS, "order-1", null).closeTime()).isEqualTo(closed);

        clock.advanceTo(closed.plus(THREE_DAYS).minus(MILLI));
        awaitIdle();

        assertThat(engine.describeWorkflow(NS, "order-1", null).status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(history("order-1")).hasSize(5);
        assertThat(engine.awaitOutcome(NS, "order-1", run.runId(), Duration.ZERO)).isPresent();

        clock.advance(MILLI);
        awaitIdle();

        String notFound = "Workflow execution not found: namespace \"default\", workflowId \"order-1\"";
        assertRefused(() -> engine.describeWorkflow(NS, "order-1", null), EngineException.Code.NOT_FOUND, notFound);
        assertRefused(() -> engine.getHistory(NS, "order-1", null), EngineException.Code.NOT_FOUND, notFound);
        assertRefused(() -> engine.awaitOutcome(NS, "order-1", run.runId(), Duration.ZERO),
                EngineException.Code.NOT_FOUND, notFound + ", runId \"" + run.runId() + "\"");
        assertThat(engine.listExecutions(new ListExecutionsRequest(NS, null, 0, null)).executions()).isEmpty();
        ExecutionKey key = new ExecutionKey(NS, "order-1", run.runId());
        assertThat(store.load(key)).isEmpty();
        assertThat(store.readHistory(key, 1)).isEmpty();
    }

    @Test
    void openRunsAreNeverDeleted() throws InterruptedException {
        WorkflowExecution open = startWith("open", new Command.StartTimer("year", Duration.ofDays(365)));
        startWith("closed", new Command.CompleteWorkflowExecution(null));

        clock.advance(Duration.ofDays(10));
        awaitIdle();

        assertThat(engine.describeWorkflow(NS, "open", null).status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(listed()).containsExactly(open);
        assertRefused(() -> engine.describeWorkflow(NS, "closed", null), EngineException.Code.NOT_FOUND,
                "Workflow execution not found: namespace \"default\", workflowId \"closed\"");
        // The open run goes on and, once closed, has its own retention.
        engine.terminateWorkflow(NS, "open", null, "enough", List.of(), "client-1");
        clock.advance(THREE_DAYS.minus(MILLI));
        awaitIdle();
        assertThat(listed()).containsExactly(open);
        clock.advance(MILLI);
        awaitIdle();
        assertThat(listed()).isEmpty();
    }

    @Test
    void eachNamespaceKeepsItsClosedRunsForItsOwnRetention() throws InterruptedException {
        engine.registerNamespace(NamespaceConfig.of("billing").withRetention(Duration.ofDays(1)));
        WorkflowExecution inDefault = startWith("order-1", new Command.CompleteWorkflowExecution(null));
        StartWorkflowRequest r = request("order-1");
        engine.startWorkflow(new StartWorkflowRequest("billing", "order-1", r.workflowType(), r.taskQueue(), r.input(),
                null, null, null, null, null));
        complete(engine.pollWorkflowTask("billing", QUEUE, "worker-1", WAIT).orElseThrow(),
                new Command.CompleteWorkflowExecution(null));

        clock.advance(Duration.ofDays(1));
        awaitIdle();

        assertThat(engine.listExecutions(new ListExecutionsRequest("billing", null, 0, null)).executions()).isEmpty();
        assertThat(listed()).containsExactly(inDefault);
    }

    @Test
    void aShorterRetentionAppliesToRunsAlreadyClosed() throws InterruptedException {
        startWith("old", new Command.CompleteWorkflowExecution(null));
        clock.advance(Duration.ofDays(2));
        WorkflowExecution recent = startWith("recent", new Command.CompleteWorkflowExecution(null));

        engine.updateNamespace(NamespaceConfig.of(NS).withRetention(Duration.ofDays(1)));
        awaitIdle();

        assertThat(listed()).containsExactly(recent);
        clock.advance(Duration.ofDays(1).minus(MILLI));
        awaitIdle();
        assertThat(listed()).containsExactly(recent);
        clock.advance(MILLI);
        awaitIdle();
        assertThat(listed()).isEmpty();
    }

    @Test
    void aLongerRetentionAppliesToRunsAlreadyClosed() throws InterruptedException {
        WorkflowExecution run = startWith("order-1", new Command.CompleteWorkflowExecution(null));

        engine.updateNamespace(NamespaceConfig.of(NS).withRetention(Duration.ofDays(5)));
        clock.advance(Duration.ofDays(5).minus(MILLI));
        awaitIdle();
        assertThat(listed()).containsExactly(run);

        clock.advance(MILLI);
        awaitIdle();
        assertThat(listed()).isEmpty();
    }

    @Test
    void aBacklogIsDeletedInBatches() throws InterruptedException {
        int runs = RetentionSweeper.BATCH_SIZE * 2 + 5;
        for (int i = 0; i < runs; i++) {
            startWith("order-" + i, new Command.CompleteWorkflowExecution(null));
        }
        WorkflowExecution open = start("still-open");
        assertThat(engine.listExecutions(new ListExecutionsRequest(NS, null, 1000, null)).executions())
                .hasSize(runs + 1);

        clock.advance(THREE_DAYS);
        awaitIdle();

        assertThat(listed()).containsExactly(open);
    }

    @Test
    void aRestartedEngineDeletesWhatBecameDueWhileItWasDown() throws InterruptedException {
        startWith("order-1", new Command.CompleteWorkflowExecution(null));
        engine.close();

        clock.advance(THREE_DAYS);
        store = reopenStore();
        engine = newEngine();
        awaitIdle();

        assertThat(listed()).isEmpty();
    }

    @Test
    void aRestartedEngineKeepsSweepingWithTheRetentionItWasGiven() throws InterruptedException {
        engine.updateNamespace(NamespaceConfig.of(NS).withRetention(Duration.ofDays(2)));
        WorkflowExecution first = startWith("order-1", new Command.CompleteWorkflowExecution(null));
        clock.advance(Duration.ofDays(1));
        WorkflowExecution second = startWith("order-2", new Command.CompleteWorkflowExecution(null));
        engine.close();

        store = reopenStore();
        engine = newEngine();
        assertThat(engine.describeNamespace(NS).retention()).isEqualTo(Duration.ofDays(2));
        assertThat(listed()).containsExactlyInAnyOrder(first, second);

        clock.advance(Duration.ofDays(1));
        awaitIdle();
        assertThat(listed()).containsExactly(second);
        clock.advance(Duration.ofDays(1));
        awaitIdle();
        assertThat(listed()).isEmpty();
    }

    private List<WorkflowExecution> listed() {
        List<WorkflowExecution> executions = new ArrayList<>();
        for (WorkflowExecutionInfo info : engine.listExecutions(new ListExecutionsRequest(NS, null, 1000, null))
                .executions()) {
            executions.add(info.execution());
        }
        return executions;
    }

    /** Waits (real time) until the engine has nothing due or in progress: a due sweep has finished. */
    void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (engine.isBusy()) {
            assertThat(System.nanoTime()).as("the engine becomes idle").isLessThan(deadline);
            Thread.sleep(1);
        }
    }
}
