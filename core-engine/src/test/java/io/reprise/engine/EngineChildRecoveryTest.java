package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a parent asked of its children survives an engine that stopped before delivering it. */
class EngineChildRecoveryTest extends EngineTestBase {

    private static final String CHILD_QUEUE = "children";

    private WorkflowExecutionStatus status(String workflowId) {
        return engine.describeWorkflow(NS, workflowId, null).status();
    }

    private void awaitStatus(String workflowId, WorkflowExecutionStatus expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (status(workflowId) == expected) {
                    return;
                }
            } catch (EngineException e) {
                // not there yet
            }
            Thread.onSpinWait();
        }
        assertThat(status(workflowId)).isEqualTo(expected);
    }

    @Test
    void aChildWhoseParentClosedWithoutApplyingItsClosePolicyIsTerminatedWhenTheEngineRecovers() {
        startWith("parent", new Command.StartChildWorkflowExecution("child", "OrderWorkflow", CHILD_QUEUE, List.of(),
                null, null, null, null, null, ParentClosePolicy.TERMINATE, null));
        // The engine starts the child, then gives the parent a workflow task with ChildWorkflowExecutionStarted.
        WorkflowTask parentTask = pollWorkflowTask();
        assertThat(types(parentTask.history())).contains(EventType.ChildWorkflowExecutionStarted);
        assertThat(status("child")).isEqualTo(WorkflowExecutionStatus.RUNNING);

        // The parent completes, but terminating its child cannot be committed (the process as good as dies).
        store.failCommitsOf("child");
        complete(parentTask, new Command.CompleteWorkflowExecution(json("\"done\"")));
        engine.close();
        store = reopenStore(); // the restarted process's disk works again
        engine = newEngine();
        assertThat(status("parent")).isEqualTo(WorkflowExecutionStatus.COMPLETED);

        awaitStatus("child", WorkflowExecutionStatus.TERMINATED);
        List<io.reprise.engine.api.HistoryEvent> history = history("child");
        assertThat(last(history, EventAttributes.WorkflowExecutionTerminated.class).reason())
                .contains("ParentClosePolicy.TERMINATE");
    }

    @Test
    void anAbandonedChildKeepsRunningWhenTheEngineRecovers() {
        startWith("parent", new Command.StartChildWorkflowExecution("child", "OrderWorkflow", CHILD_QUEUE, List.of(),
                null, null, null, null, null, ParentClosePolicy.ABANDON, null));
        WorkflowTask parentTask = pollWorkflowTask();
        complete(parentTask, new Command.CompleteWorkflowExecution(json("\"done\"")));
        engine.close();
        store = reopenStore();
        engine = newEngine();

        assertThat(status("parent")).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        // The child's first workflow task is still there to be worked on.
        assertThat(pollWorkflowTask(CHILD_QUEUE).execution().workflowId()).isEqualTo("child");
        assertThat(status("child")).isEqualTo(WorkflowExecutionStatus.RUNNING);
    }
}
