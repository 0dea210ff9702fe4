package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.client.NamespaceClient;
import io.reprise.client.NamespaceConfig;
import io.reprise.client.NamespaceDescription;
import io.reprise.client.WorkflowClient;
import io.reprise.client.WorkflowClientOptions;
import io.reprise.client.WorkflowExecutionMetadata;
import io.reprise.client.WorkflowNotFoundException;
import io.reprise.client.WorkflowOptions;
import io.reprise.common.WorkflowExecutionStatus;
import io.reprise.engine.api.EngineException;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkerFactory;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Namespaces and retention as a user of the client and the test environment sees them. */
class NamespacesTest {

    static final String QUEUE = "namespaces";

    @WorkflowInterface
    public interface Echo {
        @WorkflowMethod
        String echo(String text);
    }

    public static final class EchoImpl implements Echo {
        @Override
        public String echo(String text) {
            return Workflow.getInfo().namespace() + ":" + text;
        }
    }

    private TestWorkflowEnvironment env;

    @AfterEach
    void tearDown() {
        env.close();
    }

    /** Frozen: close times, creation times and retention deadlines are asserted to the millisecond. */
    private static final TestEnvironmentOptions FROZEN = TestEnvironmentOptions.newBuilder().setFrozenClock(true)
            .build();

    private TestWorkflowEnvironment start(TestEnvironmentOptions options) {
        env = TestWorkflowEnvironment.newInstance(options);
        env.newWorker(QUEUE).registerWorkflowImplementationTypes(EchoImpl.class);
        env.start();
        return env;
    }

    private static Echo echo(WorkflowClient client, String workflowId) {
        return client.newWorkflowStub(Echo.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
                .setWorkflowId(workflowId).build());
    }

    @Test
    void aClosedExecutionIsDeletedWhenTheTestClockPassesTheRetention() {
        start(FROZEN);
        WorkflowClient client = env.getWorkflowClient();
        assertThat(echo(client, "echo-1").echo("hi")).isEqualTo("default:hi");
        assertThat(client.describe("echo-1").closeTime()).isEqualTo(env.now());

        env.sleep(Duration.ofDays(3).minusMillis(1));
        assertThat(client.describe("echo-1").status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(EngineHistory.events(client.fetchHistory("echo-1"))).isNotEmpty();

        env.sleep(Duration.ofMillis(1));
        assertThatThrownBy(() -> client.describe("echo-1")).isInstanceOf(WorkflowNotFoundException.class)
                .hasMessage("Workflow execution not found: namespace \"default\", workflowId \"echo-1\"");
        assertThatThrownBy(() -> client.fetchHistory("echo-1")).isInstanceOf(WorkflowNotFoundException.class);
        assertThat(client.listExecutions((String) null, 0, null).executions()).isEmpty();
    }

    @Test
    void aClientOfAnotherNamespaceRunsExecutionsOfItsOwn() {
        start(FROZEN);
        NamespaceClient namespaces = env.getWorkflowClient().newNamespaceClient();
        NamespaceDescription billing = namespaces.register(NamespaceConfig.of("billing")
                .withDescription("Invoices").withRetention(Duration.ofDays(1)));
        assertThat(billing).isEqualTo(new NamespaceDescription("billing", "Invoices", Duration.ofDays(1), env.now(),
                env.now()));
        WorkflowClient billingClient = WorkflowClient.newInstance(env.getWorkflowClient().getEngineService(),
                WorkflowClientOptions.newBuilder().setNamespace("billing").build());
        WorkerFactory billingWorkers = WorkerFactory.newInstance(billingClient);
        Worker worker = billingWorkers.newWorker(QUEUE);
        worker.registerWorkflowImplementationTypes(EchoImpl.class);
        billingWorkers.start();
        try {
            assertThat(echo(billingClient, "echo-1").echo("hi")).isEqualTo("billing:hi");
            assertThat(echo(env.getWorkflowClient(), "echo-1").echo("hi")).isEqualTo("default:hi");

            assertThat(namespaces.list()).extracting(NamespaceDescription::name).containsExactly("billing", "default");
            assertThat(billingClient.listExecutions((String) null, 0, null).executions())
                    .extracting(WorkflowExecutionMetadata::execution)
                    .containsExactly(billingClient.describe("echo-1").execution());

            // billing keeps closed executions for a day, default for three.
            env.sleep(Duration.ofDays(1));
            assertThat(billingClient.listExecutions((String) null, 0, null).executions()).isEmpty();
            assertThat(env.getWorkflowClient().listExecutions((String) null, 0, null).executions()).hasSize(1);
        } finally {
            billingWorkers.shutdownNow();
        }
    }

    @Test
    void theEnvironmentRegistersTheNamespaceOfItsClient() {
        start(TestEnvironmentOptions.newBuilder()
                .setClientOptions(WorkflowClientOptions.newBuilder().setNamespace("tenant-a").build()).build());

        assertThat(echo(env.getWorkflowClient(), "echo-1").echo("hi")).isEqualTo("tenant-a:hi");
        assertThat(env.getWorkflowClient().newNamespaceClient().describe("tenant-a").retention())
                .isEqualTo(Duration.ofDays(3));
    }

    @Test
    void anUnregisteredNamespaceIsRefusedWithTheRegisteredOnes() {
        start(TestEnvironmentOptions.getDefaultInstance());
        WorkflowClient nowhere = WorkflowClient.newInstance(env.getWorkflowClient().getEngineService(),
                WorkflowClientOptions.newBuilder().setNamespace("nowhere").build());

        assertThatThrownBy(() -> WorkflowClient.start(echo(nowhere, "echo-1")::echo, "hi"))
                .hasMessage("Namespace \"nowhere\" is not registered; register it with NamespaceClient.register "
                        + "(EngineService.registerNamespace) or use one of [default]");
        assertThatThrownBy(() -> nowhere.newNamespaceClient().describe("nowhere"))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.NOT_FOUND));
    }
}
