package io.reprise.engine;

import static io.reprise.engine.api.EventType.ActivityTaskCompleted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a failed store commit does to each kind of call (the commit fails before the store applies it). */
class EngineCommitFailureTest extends EngineTestBase {

    @Test
    void failedCommitChangesNothingAndTheCallCanBeRetried() {
        startWith("order-8", activity("ChargeCard", Duration.ofSeconds(30)));
        ActivityTask task = pollActivity();
        store.failNextCommits(1);

        assertThatThrownBy(() -> engine.completeActivityTask(task.taskToken(), json("1"), "activity-worker"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE))
                .hasMessageContaining("nothing was changed, retry the request");
        assertThat(history("order-8")).hasSize(5);

        engine.completeActivityTask(task.taskToken(), json("1"), "activity-worker");
        assertThat(types(pollWorkflowTask().history())).contains(ActivityTaskCompleted);
    }

    @Test
    void aStartNotYetWrittenIsLostWithAFailedCommitAndTheTaskIsDispatchedAgain() {
        start("order-10");
        WorkflowTask first = pollWorkflowTask();
        store.failNextCommits(1);

        assertThatThrownBy(() -> engine.completeWorkflowTask(first.taskToken(), List.of(), "worker-1", null))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));

        WorkflowTask task = pollWorkflowTask();
        assertThat(task.execution().workflowId()).isEqualTo("order-10");
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(task.startedEventId()).isEqualTo(3);
        assertThat(history("order-10")).hasSize(3);
    }

    @Test
    void anActivityStartWhoseCommitFailedIsNotHandedOutAndTheTaskIsDispatchedAgain() {
        startWith("order-11", activity("ChargeCard", Duration.ofSeconds(30)));
        store.failNextCommits(1);

        assertThatThrownBy(() -> engine.pollActivityTask(NS, QUEUE, "activity-worker", WAIT))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));

        ActivityTask task = pollActivity();
        assertThat(task.attempt()).isEqualTo(1);
        assertThat(engine.describeWorkflow(NS, "order-11", null).pendingActivities().get(0).state())
                .isEqualTo("STARTED");
    }

    @Test
    void startWhoseCommitFailedLeavesNoTraceAndCanBeRetried() {
        store.failNextCommits(1);

        assertThatThrownBy(() -> start("order-9")).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));
        assertThatThrownBy(() -> engine.describeWorkflow(NS, "order-9", null))
                .hasMessageStartingWith("Workflow execution not found");
        assertNoWorkflowTask(QUEUE);

        WorkflowExecution execution = start("order-9");
        assertThat(pollWorkflowTask().execution()).isEqualTo(execution);
    }
}
