package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A commit the store applied but reported failed, as a connection that dies during PostgreSQL's {@code COMMIT} makes
 * one ({@code pg_terminate_backend}, a failover): it counts as committed, so the effects that only follow a commit
 * still happen. Before, the transition counted as not applied and the run was reloaded, which brings back its state
 * but not those effects, and a parent waited for its child for ever.
 */
class EngineLostCommitAcknowledgementTest extends EngineTestBase {

    private static final String CHILD_QUEUE = "children";

    private static Command.StartChildWorkflowExecution child() {
        return new Command.StartChildWorkflowExecution("child", "ShipmentWorkflow", CHILD_QUEUE, List.of(), null,
                null, null, null, null, ParentClosePolicy.ABANDON, null);
    }

    @Test
    void aChildsCloseWhoseCommitWasAppliedButReportedFailedReachesItsParent() {
        startWith("parent", child());
        WorkflowTask parentTask = pollWorkflowTask();
        assertThat(types(parentTask.history())).contains(EventType.ChildWorkflowExecutionStarted);
        complete(parentTask); // the parent waits for its child
        WorkflowTask childTask = pollWorkflowTask(CHILD_QUEUE);

        store.loseTheAcknowledgementOfTheNextCommitOf("child");
        complete(childTask, new Command.CompleteWorkflowExecution(json("\"shipped\"")));

        assertThat(engine.describeWorkflow(NS, "child", null).status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        WorkflowTask parentAgain = pollWorkflowTask();
        assertThat(parentAgain.execution().workflowId()).isEqualTo("parent");
        assertThat(last(parentAgain.history(), EventAttributes.ChildWorkflowExecutionCompleted.class).result())
                .isEqualTo(json("\"shipped\""));
    }

    @Test
    void aChildsStartWhoseCommitWasAppliedButReportedFailedIsDispatched() {
        store.loseTheAcknowledgementOfTheNextCommitOf("child");
        startWith("parent", child());

        WorkflowTask childTask = pollWorkflowTask(CHILD_QUEUE);
        assertThat(childTask.execution().workflowId()).isEqualTo("child");
        WorkflowTask parentTask = pollWorkflowTask();
        assertThat(last(parentTask.history(), EventAttributes.ChildWorkflowExecutionStarted.class).runId())
                .isEqualTo(childTask.execution().runId());
        assertThat(types(history("child"))).containsExactly(EventType.WorkflowExecutionStarted,
                EventType.WorkflowTaskScheduled, EventType.WorkflowTaskStarted);
    }
}
