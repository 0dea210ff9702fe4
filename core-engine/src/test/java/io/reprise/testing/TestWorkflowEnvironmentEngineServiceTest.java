package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.engine.api.EngineService;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link TestWorkflowEnvironment#getEngineService()}: the engine under test, as an {@link EngineService}. */
class TestWorkflowEnvironmentEngineServiceTest {

    static final String QUEUE = "engine-service";

    @WorkflowInterface
    public interface Nap {
        @WorkflowMethod
        String nap();
    }

    public static final class NapImpl implements Nap {
        @Override
        public String nap() {
            Workflow.sleep(Duration.ofHours(1));
            return "rested";
        }
    }

    private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setFrozenClock(true).build());

    @AfterEach
    void tearDown() {
        env.close();
    }

    @Test
    void theEngineServiceIsTheEngineItselfWhoseWaitsDoNotSkipTime() {
        env.newWorker(QUEUE).registerWorkflowImplementationTypes(NapImpl.class);
        env.start();
        WorkflowClient client = env.getWorkflowClient();
        WorkflowStub nap = client.newUntypedWorkflowStub("Nap", WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId("nap-1").build());
        nap.start();
        Instant started = env.now();
        EngineService engine = env.getEngineService();

        assertThat(engine.awaitOutcome("default", "nap-1", null, Duration.ofMillis(50))).isEmpty();
        assertThat(env.now()).isEqualTo(started);
        assertThat(engine.describeWorkflow("default", "nap-1", null).status())
                .isEqualTo(WorkflowExecutionStatus.RUNNING);

        assertThat(nap.getResult(String.class)).isEqualTo("rested");
        assertThat(env.now()).isEqualTo(started.plus(Duration.ofHours(1)));
        assertThat(engine.describeWorkflow("default", "nap-1", null).status())
                .isEqualTo(WorkflowExecutionStatus.COMPLETED);
    }
}
