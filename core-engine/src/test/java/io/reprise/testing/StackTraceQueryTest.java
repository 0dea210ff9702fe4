package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.EventType;
import io.reprise.worker.Worker;
import io.reprise.workflow.Async;
import io.reprise.workflow.QueryMethod;
import io.reprise.workflow.SignalMethod;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The built-in {@code __stack_trace} query: where each workflow thread waits, in user code only. */
class StackTraceQueryTest {

    static final String QUEUE = "stack";

    @WorkflowInterface
    public interface Waiter {
        @WorkflowMethod
        String run();

        @SignalMethod
        void release();
    }

    public static final class WaiterImpl implements Waiter {
        private boolean released;

        @Override
        public String run() {
            Async.procedure(this::napInTheBackground);
            waitForRelease();
            return "released";
        }

        private void waitForRelease() {
            Workflow.await(() -> released);
        }

        private void napInTheBackground() {
            Workflow.sleep(Duration.ofHours(1));
        }

        @Override
        public void release() {
            released = true;
        }
    }

    @WorkflowInterface
    public interface OwnStackTrace {
        @WorkflowMethod
        void run();

        @QueryMethod(name = "__stack_trace")
        String stack();
    }

    public static final class OwnStackTraceImpl implements OwnStackTrace {
        @Override
        public void run() {
            Workflow.await(() -> false);
        }

        @Override
        public String stack() {
            return "mine";
        }
    }

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(WaiterImpl.class, OwnStackTraceImpl.class);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void stackTraceNamesEachBlockedThreadAndOnlyUserFrames() {
        Waiter waiter = client.newWorkflowStub(Waiter.class, options("waiter"));
        WorkflowClient.start(waiter::run);
        awaitFirstTaskCompleted("waiter");

        String stack = client.newUntypedWorkflowStub("waiter").query("__stack_trace", String.class);

        List<String> lines = Arrays.asList(stack.split("\n"));
        String impl = WaiterImpl.class.getName();
        assertThat(lines.get(0)).isEqualTo("workflow-method[waiter]: blocked on Workflow.await");
        assertThat(lines.get(1)).startsWith("\tat " + impl + ".waitForRelease(StackTraceQueryTest.java:");
        assertThat(lines.get(2)).startsWith("\tat " + impl + ".run(StackTraceQueryTest.java:");
        assertThat(lines.get(3)).isEmpty();
        assertThat(lines.get(4)).isEqualTo("workflow[waiter/" + runId("waiter") + "]-1: blocked on Promise.get");
        assertThat(lines.get(5)).startsWith("\tat " + impl + ".napInTheBackground(StackTraceQueryTest.java:");
        // Nothing of the JDK or of Reprise's runtime: only the frames above, and lambda frames of the test.
        assertThat(lines).filteredOn(line -> line.startsWith("\tat "))
                .allSatisfy(line -> assertThat(line).startsWith("\tat " + StackTraceQueryTest.class.getName()));
    }

    @Test
    void aWorkflowsOwnQueryOfThatNameWins() {
        OwnStackTrace own = client.newWorkflowStub(OwnStackTrace.class, options("own"));
        WorkflowClient.start(own::run);
        awaitFirstTaskCompleted("own");

        assertThat(client.newUntypedWorkflowStub("own").query("__stack_trace", String.class)).isEqualTo("mine");
    }

    private static WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build();
    }

    private String runId(String workflowId) {
        return client.describe(workflowId).execution().runId();
    }

    private void awaitFirstTaskCompleted(String workflowId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (client.fetchHistory(workflowId).events().stream()
                    .anyMatch(e -> e.eventType() == EventType.WorkflowTaskCompleted)) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the first workflow task of " + workflowId + " never completed");
    }
}
