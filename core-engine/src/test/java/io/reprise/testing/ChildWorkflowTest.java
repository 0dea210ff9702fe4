package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.ParentClosePolicy;
import io.reprise.common.WorkflowExecution;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EventAttributes;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.HistoryEvent;
import io.reprise.failure.ApplicationFailure;
import io.reprise.failure.CanceledFailure;
import io.reprise.failure.ChildWorkflowFailure;
import io.reprise.workflow.Async;
import io.reprise.workflow.CancellationScope;
import io.reprise.workflow.ChildWorkflowOptions;
import io.reprise.workflow.Promise;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Child workflows, parent close policies, and signalling or canceling other executions from workflow code. */
class ChildWorkflowTest {

    static final String QUEUE = "children";

    @WorkflowInterface
    public interface Greeter {
        @WorkflowMethod
        String greet(String name);
    }

    public static final class GreeterImpl implements Greeter {
        @Override
        public String greet(String name) {
            if (name.equals("nobody")) {
                throw ApplicationFailure.newFailure("cannot greet " + name, "NoName");
            }
            if (name.equals("sleepy")) {
                // Waits until canceled or terminated (a timer would fire when the test clock skips).
                Workflow.await(() -> false);
            }
            return "Hello " + name + " from " + Workflow.getInfo().workflowId() + " (parent "
                    + Workflow.getInfo().parentWorkflowId() + ")";
        }
    }

    @WorkflowInterface
    public interface Mailbox {
        @WorkflowMethod
        List<String> collect(int count);

        @SignalMethod
        void deliver(String letter);
    }

    public static final class MailboxImpl implements Mailbox {
        private final List<String> letters = new ArrayList<>();

        @Override
        public List<String> collect(int count) {
            Workflow.await(() -> letters.size() >= count);
            return letters;
        }

        @Override
        public void deliver(String letter) {
            letters.add(letter);
        }
    }

    @WorkflowInterface
    public interface Parent {
        @WorkflowMethod
        String run(String scenario);
    }

    public static final class ParentImpl implements Parent {
        @Override
        public String run(String scenario) {
            switch (scenario) {
                case "greet" -> {
                    return Workflow.newChildWorkflowStub(Greeter.class,
                            ChildWorkflowOptions.newBuilder().setWorkflowId("child-of-greet").build()).greet("Ada");
                }
                case "fail" -> {
                    try {
                        Workflow.newChildWorkflowStub(Greeter.class).greet("nobody");
                        return "unexpected";
                    } catch (ChildWorkflowFailure e) {
                        return "child failed: " + ((ApplicationFailure) e.getCause()).getOriginalMessage();
                    }
                }
                case "duplicate" -> {
                    try {
                        Workflow.newChildWorkflowStub(Greeter.class, ChildWorkflowOptions.newBuilder()
                                .setWorkflowId("taken").build()).greet("Ada");
                        return "unexpected";
                    } catch (ChildWorkflowFailure e) {
                        return "could not start: " + ((ApplicationFailure) e.getCause()).getType();
                    }
                }
                case "signal-external" -> {
                    Workflow.newExternalWorkflowStub(Mailbox.class, "mailbox").deliver("from a workflow");
                    try {
                        Workflow.newUntypedExternalWorkflowStub("no-such-mailbox").signal("deliver", "lost");
                        return "unexpected";
                    } catch (ApplicationFailure e) {
                        return "delivered; unknown target: " + e.getType();
                    }
                }
                case "cancel-external" -> {
                    Workflow.newUntypedExternalWorkflowStub("mailbox").cancel();
                    return "cancel requested";
                }
                case "cancel-child" -> {
                    Greeter child = Workflow.newChildWorkflowStub(Greeter.class, ChildWorkflowOptions.newBuilder()
                            .setWorkflowId("canceled-child").build());
                    List<Promise<String>> result = new ArrayList<>();
                    CancellationScope scope = Workflow.newCancellationScope(
                            () -> result.add(Async.function(child::greet, "sleepy")));
                    scope.run();
                    Workflow.getWorkflowExecution(child).get();
                    scope.cancel();
                    try {
                        return result.get(0).get();
                    } catch (ChildWorkflowFailure e) {
                        return "child " + e.getCause().getClass().getSimpleName();
                    }
                }
                default -> {
                    // "leave-<POLICY>": start a sleepy child with that policy and complete at once.
                    ParentClosePolicy policy = ParentClosePolicy.valueOf(scenario.substring("leave-".length()));
                    Greeter child = Workflow.newChildWorkflowStub(Greeter.class, ChildWorkflowOptions.newBuilder()
                            .setWorkflowId("left-" + policy).setParentClosePolicy(policy).build());
                    Async.function(child::greet, "sleepy");
                    WorkflowExecution started = Workflow.getWorkflowExecution(child).get();
                    return "left " + started.workflowId();
                }
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(ParentImpl.class, GreeterImpl.class, MailboxImpl.class)
            .setTaskQueue(QUEUE)
            .build();

    private WorkflowClient client;

    @BeforeEach
    void setUp(WorkflowClient client) {
        this.client = client;
    }

    private String runParent(String workflowId, String scenario) {
        return client.newWorkflowStub(Parent.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId(workflowId).build()).run(scenario);
    }

    private List<EventType> types(String workflowId) {
        return EngineHistory.events(client.fetchHistory(workflowId)).stream().map(HistoryEvent::eventType).toList();
    }

    private WorkflowExecutionStatus awaitClosed(String workflowId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            WorkflowExecutionStatus status = client.describe(workflowId).status();
            if (status != WorkflowExecutionStatus.RUNNING) {
                return status;
            }
            Thread.onSpinWait();
        }
        return WorkflowExecutionStatus.RUNNING;
    }

    @Test
    void aParentGetsItsChildsResultAndBothHistoriesRecordTheRelation() {
        String result = runParent("parent-greet", "greet");

        assertThat(result).isEqualTo("Hello Ada from child-of-greet (parent parent-greet)");
        assertThat(types("parent-greet")).containsSubsequence(EventType.StartChildWorkflowExecutionInitiated,
                EventType.ChildWorkflowExecutionStarted, EventType.ChildWorkflowExecutionCompleted,
                EventType.WorkflowExecutionCompleted);
        var started = (EventAttributes.WorkflowExecutionStarted) EngineHistory.events(client.fetchHistory("child-of-greet")).get(0)
                .attributes();
        assertThat(started.parentExecution().workflowId()).isEqualTo("parent-greet");
        assertThat(started.parentExecution().initiatedEventId()).isEqualTo(5);
    }

    @Test
    void aChildsFailureReachesTheParentAsChildWorkflowFailureWithTheCause() {
        assertThat(runParent("parent-fail", "fail")).isEqualTo("child failed: cannot greet nobody");
        assertThat(types("parent-fail")).contains(EventType.ChildWorkflowExecutionFailed);
    }

    @Test
    void aChildWhoseWorkflowIdIsRunningFailsToStart() {
        client.newUntypedWorkflowStub("Greeter", WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId("taken").build()).start("sleepy");

        assertThat(runParent("parent-dup", "duplicate")).isEqualTo("could not start: WORKFLOW_ALREADY_EXISTS");
        assertThat(types("parent-dup")).contains(EventType.StartChildWorkflowExecutionFailed)
                .doesNotContain(EventType.ChildWorkflowExecutionStarted);
    }

    @Test
    void parentClosePoliciesTerminateCancelOrAbandonTheChildren() {
        assertThat(runParent("p-terminate", "leave-TERMINATE")).isEqualTo("left left-TERMINATE");
        assertThat(runParent("p-cancel", "leave-REQUEST_CANCEL")).isEqualTo("left left-REQUEST_CANCEL");
        assertThat(runParent("p-abandon", "leave-ABANDON")).isEqualTo("left left-ABANDON");

        assertThat(awaitClosed("left-TERMINATE")).isEqualTo(WorkflowExecutionStatus.TERMINATED);
        assertThat(awaitClosed("left-REQUEST_CANCEL")).isEqualTo(WorkflowExecutionStatus.CANCELED);
        assertThat(client.describe("left-ABANDON").status()).isEqualTo(WorkflowExecutionStatus.RUNNING);
        var terminated = EngineHistory.events(client.fetchHistory("left-TERMINATE"));
        assertThat(((EventAttributes.WorkflowExecutionTerminated) terminated.get(terminated.size() - 1).attributes())
                .reason()).contains("ParentClosePolicy.TERMINATE");
    }

    @Test
    void cancelingTheScopeOfAChildCancelsTheChild() {
        assertThat(runParent("p-cancel-child", "cancel-child")).isEqualTo("child CanceledFailure");
        assertThat(client.describe("canceled-child").status()).isEqualTo(WorkflowExecutionStatus.CANCELED);
        // The child's close may reach the parent before the engine records that the child took the request
        // (ExternalWorkflowExecutionCancelRequested), or the parent may close before that record (then there is
        // none): the two travel separately, as in Temporal. What is ordered: the request, then the close.
        assertThat(types("p-cancel-child")).containsSubsequence(
                EventType.RequestCancelExternalWorkflowExecutionInitiated, EventType.ChildWorkflowExecutionCanceled);
    }

    @Test
    void aWorkflowSignalsAnotherAndLearnsWhenTheTargetDoesNotExist() {
        WorkflowStub mailbox = client.newUntypedWorkflowStub("Mailbox", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("mailbox").build());
        mailbox.start(1);

        assertThat(runParent("p-signal", "signal-external"))
                .isEqualTo("delivered; unknown target: EXTERNAL_WORKFLOW_EXECUTION_NOT_FOUND");
        assertThat(mailbox.getResult(List.class)).containsExactly("from a workflow");
        assertThat(types("p-signal")).containsSubsequence(EventType.SignalExternalWorkflowExecutionInitiated,
                EventType.ExternalWorkflowExecutionSignaled, EventType.SignalExternalWorkflowExecutionInitiated,
                EventType.SignalExternalWorkflowExecutionFailed);
    }

    @Test
    void aWorkflowCancelsAnother() {
        WorkflowStub mailbox = client.newUntypedWorkflowStub("Mailbox", WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE).setWorkflowId("mailbox").build());
        mailbox.start(5);

        assertThat(runParent("p-cancel-other", "cancel-external")).isEqualTo("cancel requested");
        assertThat(awaitClosed("mailbox")).isEqualTo(WorkflowExecutionStatus.CANCELED);
        assertThat(types("mailbox")).contains(EventType.WorkflowExecutionCancelRequested);
    }
}
