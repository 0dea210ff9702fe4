package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.Failure;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.ListExecutionsResponse;
import io.reprise.engine.api.TaskQueueBacklog;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.failure.TimeoutType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The engine's read-only views: listing runs, task queue backlog, store reachability, metrics. */
class EngineObservabilityTest extends EngineTestBase {

    final List<String> recorded = new CopyOnWriteArrayList<>();

    @Override
    Engine newEngine() {
        return Engine.builder().store(store).clock(clock).options(options()).metricsListener(new EngineMetricsListener() {
            @Override
            public void workflowStarted(String namespace, String taskQueue, String workflowType) {
                recorded.add("started " + namespace + "/" + taskQueue + "/" + workflowType);
            }

            @Override
            public void workflowClosed(String namespace, String taskQueue, String workflowType,
                    WorkflowExecutionStatus status, Duration endToEnd) {
                recorded.add("closed " + workflowType + " " + status + " after " + endToEnd);
            }

            @Override
            public void activityTimedOut(String namespace, String taskQueue, String activityType, TimeoutType type) {
                recorded.add("timed out " + activityType + " " + type);
            }
        }).build();
    }

    private ListExecutionsResponse list(WorkflowExecutionStatus status, int pageSize, String token) {
        return engine.listExecutions(new ListExecutionsRequest(NS, status, pageSize, token));
    }

    private static List<String> ids(ListExecutionsResponse page) {
        return page.executions().stream().map(e -> e.execution().workflowId()).toList();
    }

    @Test
    void listsRunsNewestFirstPageByPage() {
        for (String id : List.of("a", "b", "c", "d", "e")) {
            start(id);
            clock.advance(Duration.ofSeconds(1));
        }

        ListExecutionsResponse first = list(null, 2, null);
        assertThat(ids(first)).containsExactly("e", "d");
        ListExecutionsResponse second = list(null, 2, first.nextPageToken());
        assertThat(ids(second)).containsExactly("c", "b");
        ListExecutionsResponse last = list(null, 2, second.nextPageToken());
        assertThat(ids(last)).containsExactly("a");
        assertThat(last.nextPageToken()).isNull();

        WorkflowExecutionInfo a = last.executions().get(0);
        assertThat(a.workflowType()).isEqualTo("OrderWorkflow");
        assertThat(a.taskQueue()).isEqualTo(QUEUE);
        assertThat(a.status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(a.startTime()).isEqualTo(T0);
        assertThat(a.closeTime()).isNull();
        assertThat(a.historyLength()).isEqualTo(2);
    }

    @Test
    void runsStartedInTheSameMillisecondArePagedWithoutGapsOrRepeats() {
        for (int i = 0; i < 7; i++) {
            start("same-" + i);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ListExecutionsResponse page = list(null, 3, token);
            seen.addAll(ids(page));
            token = page.nextPageToken();
        } while (token != null);
        assertThat(seen).containsExactly("same-6", "same-5", "same-4", "same-3", "same-2", "same-1", "same-0");
    }

    @Test
    void filtersByStatus() {
        WorkflowExecution done = startWith("done", new Command.CompleteWorkflowExecution(json("\"ok\"")));
        clock.advance(Duration.ofSeconds(1));
        startWith("broken", new Command.FailWorkflowExecution(Failure.application("boom", "Boom", true, null, null)));
        clock.advance(Duration.ofSeconds(1));
        start("running");

        assertThat(ids(list(WorkflowExecutionStatus.COMPLETED, 0, null))).containsExactly("done");
        assertThat(ids(list(WorkflowExecutionStatus.RUNNING, 0, null))).containsExactly("running");
        assertThat(ids(list(null, 0, null))).containsExactly("running", "broken", "done");
        WorkflowExecutionInfo completed = list(WorkflowExecutionStatus.COMPLETED, 0, null).executions().get(0);
        assertThat(completed.execution()).isEqualTo(done);
        assertThat(completed.closeTime()).isEqualTo(T0);
    }

    @Test
    void badPageSizesAndTokensAreRefused() {
        assertThatThrownBy(() -> list(null, -1, null)).isInstanceOf(EngineException.class)
                .hasMessage("Page size must be between 1 and 1000 (0 for the default, 100), got -1");
        assertThatThrownBy(() -> list(null, 1001, null)).isInstanceOf(EngineException.class)
                .hasMessageContaining("got 1001");
        assertThatThrownBy(() -> list(null, 10, "not-a-token")).isInstanceOf(EngineException.class)
                .hasMessage("Malformed page token \"not-a-token\": pass the nextPageToken of the previous page "
                        + "unchanged, or none for the first page")
                .extracting(e -> ((EngineException) e).getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT);
    }

    @Test
    void backlogCountsTheTasksWaitingInATaskQueue() {
        assertThat(engine.taskQueueBacklog(NS, QUEUE)).isEqualTo(new TaskQueueBacklog(0, 0));
        start("one");
        start("two");
        assertThat(engine.taskQueueBacklog(NS, QUEUE)).isEqualTo(new TaskQueueBacklog(2, 0));

        complete(pollWorkflowTask(), activity("ChargeCard", Duration.ofMinutes(1)));
        assertThat(engine.taskQueueBacklog(NS, QUEUE)).isEqualTo(new TaskQueueBacklog(1, 1));
        assertThat(engine.taskQueueBacklog(NS, "elsewhere")).isEqualTo(new TaskQueueBacklog(0, 0));
    }

    @Test
    void pingStoreAnswersUntilTheStoreIsClosed() {
        engine.pingStore();
        store.close();
        assertThatThrownBy(engine::pingStore).isInstanceOf(EngineException.class)
                .hasMessageContaining("the store is closed")
                .extracting(e -> ((EngineException) e).getCode()).isEqualTo(EngineException.Code.UNAVAILABLE);
        engine.close();
        assertThatThrownBy(engine::pingStore).hasMessage("The engine is closed; build a new one");
    }

    @Test
    void metricsListenerHearsStartsClosesAndActivityTimeoutsOnce() {
        startWith("ok", activity("ChargeCard", Duration.ofSeconds(30)));
        pollActivity();
        clock.advance(Duration.ofSeconds(31));
        awaitRecorded("timed out ChargeCard START_TO_CLOSE");
        startWith("done", new Command.CompleteWorkflowExecution(json("\"ok\"")));

        assertThat(recorded).containsExactly(
                "started default/orders/OrderWorkflow",
                "timed out ChargeCard START_TO_CLOSE",
                "started default/orders/OrderWorkflow",
                "closed OrderWorkflow COMPLETED after PT0S");
    }

    private void awaitRecorded(String entry) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!recorded.contains(entry)) {
            assertThat(System.nanoTime()).as("recorded %s", entry).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
