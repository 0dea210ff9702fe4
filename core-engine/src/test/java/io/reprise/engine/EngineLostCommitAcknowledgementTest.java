package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.ParentClosePolicy;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
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
 * but not those effects, and a parent waited for its child for ever. When the row cannot be read to tell either, the
 * commit counts as failed, and what would have been lost is made up later: a closed child is found closed when it
 * is reloaded, a started child when its start is made again.
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

    /**
     * When the row cannot be read to tell, the close counts as failed and the caller is told so; the child is
     * reloaded at once, found closed, and its close handled then: its parent hears of it.
     */
    @Test
    void aChildsCloseThatCommittedUnbeknownToTheEngineReachesItsParentWhenTheChildIsReloaded() {
        startWith("parent", child());
        complete(pollWorkflowTask());
        WorkflowTask childTask = pollWorkflowTask(CHILD_QUEUE);

        store.loseTheAcknowledgementOfTheNextCommitOf("child");
        store.failTheNextLoadOf("child");
        assertThatThrownBy(() -> complete(childTask, new Command.CompleteWorkflowExecution(json("\"shipped\""))))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.UNAVAILABLE));

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

    /**
     * When the row cannot be read to tell, the start counts as failed and is made again (after a second): the
     * repeated start finds the run its first one started, and makes it active, since nothing dispatched its task.
     */
    @Test
    void aChildStartThatCommittedUnbeknownToTheEngineIsDispatchedWhenTheStartIsMadeAgain() {
        store.loseTheAcknowledgementOfTheNextCommitOf("child");
        store.failTheNextLoadOf("child");
        startWith("parent", child());

        WorkflowTask childTask = pollWorkflowTask(CHILD_QUEUE);
        assertThat(childTask.execution().workflowId()).isEqualTo("child");
        WorkflowTask parentTask = pollWorkflowTask();
        assertThat(last(parentTask.history(), EventAttributes.ChildWorkflowExecutionStarted.class).runId())
                .isEqualTo(childTask.execution().runId());
    }
}
