package io.reprise.engine;

import static io.reprise.engine.api.EventType.WorkflowExecutionContinuedAsNew;
import static io.reprise.engine.api.EventType.WorkflowExecutionStarted;
import static io.reprise.engine.api.EventType.WorkflowTaskCompleted;
import static io.reprise.engine.api.EventType.WorkflowTaskScheduled;
import static io.reprise.engine.api.EventType.WorkflowTaskStarted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes.WorkflowExecutionContinuedAsNew;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.ConcurrentUpdateException;
import io.reprise.engine.store.ExecutionKey;
import io.reprise.engine.store.ExecutionRow;
import io.reprise.engine.store.HistoryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A transition that closes a run and starts its successor (here continue-as-new; a retry and the next
 * cron run take the same path) commits both runs in one store transaction or neither: on PostgreSQL
 * inside a savepoint, on SQLite in the transition's savepoint. The failure branch uses a real conflict in
 * the store (the successor's Run Id already taken), not an injected exception.
 */
class EngineSuccessorRunTest extends EngineTestBase {

    private static Command continueAsNew(String input) {
        return new Command.ContinueAsNewWorkflowExecution("OrderWorkflow", QUEUE, List.of(json(input)), null, null);
    }

    @Test
    void continueAsNewClosesTheRunAndStartsTheNextInOneCommit() {
        WorkflowExecution first = start("order-1");
        complete(pollWorkflowTask(), continueAsNew("\"second\""));

        String nextRunId = last(engine.getHistory(NS, "order-1", first.runId()), WorkflowExecutionContinuedAsNew.class)
                .newExecutionRunId();
        ExecutionRow closed = store.load(new ExecutionKey(NS, "order-1", first.runId())).orElseThrow();
        assertThat(closed.status()).isEqualTo("CONTINUED_AS_NEW");
        assertThat(closed.version()).isEqualTo(2);
        assertThat(closed.lastEventId()).isEqualTo(5);
        ExecutionRow next = store.load(new ExecutionKey(NS, "order-1", nextRunId)).orElseThrow();
        assertThat(next.status()).isEqualTo("RUNNING");
        assertThat(next.version()).isEqualTo(1);
        assertThat(store.readHistory(next.key(), 1)).extracting(HistoryBatch::lastEventId).containsExactly(2L);
        assertThat(store.loadLatestRun(NS, "order-1")).get().extracting(ExecutionRow::key).isEqualTo(next.key());

        WorkflowTask task = pollWorkflowTask();
        assertThat(task.execution()).isEqualTo(new WorkflowExecution("order-1", nextRunId));
        assertThat(types(task.history())).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted);
    }

    @Test
    void aSuccessorWhoseRunIdIsTakenLeavesTheClosingRunAsItWasAndItsTaskRunsAgain() {
        WorkflowExecution first = start("order-2");
        ExecutionKey firstKey = new ExecutionKey(NS, "order-2", first.runId());
        WorkflowTask task = pollWorkflowTask();
        store.takeTheRunIdOfTheNextSuccessorOf("order-2");

        assertThatThrownBy(() -> complete(task, continueAsNew("\"second\"")))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE))
                .hasMessageContaining("nothing was changed, retry the request")
                .cause().isExactlyInstanceOf(ConcurrentUpdateException.class)
                .hasMessage("Workflow execution " + store.taken().key() + " already exists (version 1); the transition"
                        + " expected a new execution and was not applied");

        // The closing run's update was rolled back with the successor's insert: the store has it as it was.
        ExecutionRow stored = store.load(firstKey).orElseThrow();
        assertThat(stored.status()).isEqualTo("RUNNING");
        assertThat(stored.version()).isEqualTo(1);
        assertThat(stored.lastEventId()).isEqualTo(2);
        assertThat(store.readHistory(firstKey, 1)).extracting(HistoryBatch::lastEventId).containsExactly(2L);
        assertThat(store.loadLatestRun(NS, "order-2")).get().extracting(ExecutionRow::key).isEqualTo(firstKey);
        // The run that took the successor's Run Id is untouched.
        assertThat(store.load(store.taken().key())).get().usingRecursiveComparison().isEqualTo(store.taken());
        assertThat(store.readHistory(store.taken().key(), 1)).extracting(HistoryBatch::lastEventId).containsExactly(1L);
        assertThat(engine.describeWorkflow(NS, "order-2", null).status()).isEqualTo(WorkflowExecutionStatus.RUNNING);

        // The workflow task is dispatched again, and this time the next run starts (with another Run Id).
        WorkflowTask again = pollWorkflowTask();
        assertThat(again.execution()).isEqualTo(first);
        assertThat(again.startedEventId()).isEqualTo(3);
        complete(again, continueAsNew("\"second\""));

        List<io.reprise.engine.api.HistoryEvent> closedHistory = engine.getHistory(NS, "order-2", first.runId());
        assertThat(types(closedHistory)).containsExactly(WorkflowExecutionStarted, WorkflowTaskScheduled,
                WorkflowTaskStarted, WorkflowTaskCompleted, WorkflowExecutionContinuedAsNew);
        String nextRunId = last(closedHistory, WorkflowExecutionContinuedAsNew.class).newExecutionRunId();
        assertThat(nextRunId).isNotEqualTo(store.taken().key().runId());
        assertThat(store.load(firstKey)).get().extracting(ExecutionRow::status).isEqualTo("CONTINUED_AS_NEW");
        assertThat(store.load(new ExecutionKey(NS, "order-2", nextRunId))).get().extracting(ExecutionRow::status)
                .isEqualTo("RUNNING");
        assertThat(pollWorkflowTask().execution()).isEqualTo(new WorkflowExecution("order-2", nextRunId));
    }
}
