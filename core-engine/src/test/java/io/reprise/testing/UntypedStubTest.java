package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.WorkflowExecution;
import io.reprise.worker.Worker;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Untyped stubs: how they are made for new and existing runs, and results of generic types with a timeout. */
class UntypedStubTest {

    static final String QUEUE = "untyped";

    public record Item(String sku, int quantity) {
    }

    @WorkflowInterface
    public interface Picker {
        @WorkflowMethod
        List<Item> pick(int count);
    }

    public static final class PickerImpl implements Picker {
        @Override
        public List<Item> pick(int count) {
            if (count < 0) {
                Workflow.await(() -> false);
            }
            List<Item> items = new ArrayList<>();
            for (int i = 1; i <= count; i++) {
                items.add(new Item("sku-" + i, i));
            }
            return items;
        }
    }

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void setUp() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(PickerImpl.class);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void tearDown() {
        env.close();
    }

    private static Type itemList() throws NoSuchMethodException {
        return Picker.class.getMethod("pick", int.class).getGenericReturnType();
    }

    private WorkflowExecution startPick(String workflowId, int count) {
        return client.newUntypedWorkflowStub("Picker",
                WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build()).start(count);
    }

    @Test
    void getResultWithATimeoutReadsAGenericResult() throws Exception {
        WorkflowExecution run = startPick("pick-2", 2);

        List<Item> items = client.newUntypedWorkflowStubForRun(run)
                .getResult(Duration.ofSeconds(30), List.class, itemList());

        assertThat(items).containsExactly(new Item("sku-1", 1), new Item("sku-2", 2));
    }

    @Test
    void getResultWithATimeoutThrowsTimeoutExceptionWhileTheRunIsOpenAndRefusesANullTimeout() {
        startPick("pick-forever", -1);
        WorkflowStub stub = client.newUntypedWorkflowStub("pick-forever");

        assertThatThrownBy(() -> stub.getResult(Duration.ofMillis(50), List.class, itemList()))
                .isInstanceOf(TimeoutException.class)
                .hasMessage("Workflow pick-forever did not complete within PT0.05S");
        assertThatThrownBy(() -> stub.getResult(null, List.class, itemList()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("timeout is null");
    }

    @Test
    void aNullArgumentPicksOneOverloadAndGetsAnErrorThatNamesTheOthers() {
        // Each call compiles: no overload pair accepts the same null argument.
        assertThatThrownBy(() -> client.newUntypedWorkflowStub("order-1", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newUntypedWorkflowStub(\"order-1\", null): a stub that starts a workflow needs "
                        + "WorkflowOptions (at least a task queue); for a stub on an existing execution use "
                        + "newUntypedWorkflowStub(workflowId) or newUntypedWorkflowStubForRun(execution)");
        assertThatThrownBy(() -> client.newUntypedWorkflowStub(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workflowId must not be blank");
        assertThatThrownBy(() -> client.newUntypedWorkflowStubForRun(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("newUntypedWorkflowStubForRun needs the execution");
    }

    @Test
    void aStubForARunWithoutRunIdReachesTheLatestRun() throws Exception {
        WorkflowExecution run = startPick("pick-latest", 1);

        WorkflowStub latest = client.newUntypedWorkflowStubForRun(new WorkflowExecution("pick-latest", null));

        assertThat(latest.getResult(Duration.ofSeconds(30), List.class, itemList()))
                .containsExactly(new Item("sku-1", 1));
        assertThat(latest.describe().execution()).isEqualTo(run);
    }
}
