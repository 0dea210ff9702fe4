package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.EventType;
import io.reprise.engine.api.ListExecutionsRequest;
import io.reprise.engine.api.NamespaceConfig;
import io.reprise.engine.api.NamespaceDescription;
import io.reprise.engine.api.PollActivityTaskRequest;
import io.reprise.engine.api.QueryWorkflowRequest;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowExecution;
import io.reprise.engine.api.WorkflowExecutionInfo;
import io.reprise.engine.api.WorkflowExecutionStatus;
import io.reprise.engine.api.WorkflowTask;
import io.reprise.engine.store.InMemoryExecutionStore;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * The namespace registry: {@code default} always exists, others are registered, described, listed
 * and updated; a request naming an unregistered namespace is refused; executions of different
 * namespaces are independent even with the same Workflow Id.
 */
class EngineNamespacesTest extends EngineTestBase {

    static final String BILLING = "billing";

    private static final String UNKNOWN = "Namespace \"nowhere\" is not registered; register it with "
            + "NamespaceClient.register (EngineService.registerNamespace) or use one of [default]";

    @Test
    void theDefaultNamespaceExistsWithTheDefaultRetentionOfThreeDays() {
        NamespaceDescription expected = new NamespaceDescription("default",
                "The namespace clients use unless they name another", Duration.ofDays(3), T0, T0);

        assertThat(engine.describeNamespace("default")).isEqualTo(expected);
        assertThat(engine.listNamespaces()).containsExactly(expected);
    }

    @Test
    void aNamespaceIsRegisteredDescribedListedAndUpdated() {
        NamespaceDescription registered = engine.registerNamespace(NamespaceConfig.of(BILLING)
                .withDescription("Invoices and payments").withRetention(Duration.ofDays(30)));

        NamespaceDescription expected = new NamespaceDescription(BILLING, "Invoices and payments",
                Duration.ofDays(30), T0, T0);
        assertThat(registered).isEqualTo(expected);
        assertThat(engine.describeNamespace(BILLING)).isEqualTo(expected);
        assertThat(engine.listNamespaces()).extracting(NamespaceDescription::name).containsExactly(BILLING, "default");

        clock.advance(Duration.ofHours(1));
        NamespaceDescription updated = engine.updateNamespace(NamespaceConfig.of(BILLING)
                .withRetention(Duration.ofDays(7)));

        NamespaceDescription expectedUpdate = new NamespaceDescription(BILLING, "Invoices and payments",
                Duration.ofDays(7), T0, T0.plus(Duration.ofHours(1)));
        assertThat(updated).isEqualTo(expectedUpdate);
        assertThat(engine.describeNamespace(BILLING)).isEqualTo(expectedUpdate);
    }

    @Test
    void aNamespaceRegisteredWithoutRetentionGetsThreeDaysAndNoDescription() {
        assertThat(engine.registerNamespace(NamespaceConfig.of("ops.v2_x-1")))
                .isEqualTo(new NamespaceDescription("ops.v2_x-1", "", Duration.ofDays(3), T0, T0));
    }

    @Test
    void registeringANameTwiceIsRefusedAndChangesNothing() {
        engine.registerNamespace(NamespaceConfig.of(BILLING).withRetention(Duration.ofDays(30)));

        assertRefused(() -> engine.registerNamespace(NamespaceConfig.of(BILLING).withRetention(Duration.ofDays(2))),
                EngineException.Code.ALREADY_EXISTS, "Namespace \"billing\" is already registered; use "
                        + "NamespaceClient.update (EngineService.updateNamespace) to change it");
        assertRefused(() -> engine.registerNamespace(NamespaceConfig.of("default")),
                EngineException.Code.ALREADY_EXISTS, "Namespace \"default\" is already registered; use "
                        + "NamespaceClient.update (EngineService.updateNamespace) to change it");

        assertThat(engine.describeNamespace(BILLING).retention()).isEqualTo(Duration.ofDays(30));
        assertThat(engine.listNamespaces()).extracting(NamespaceDescription::name).containsExactly(BILLING, "default");
    }

    @Test
    void badNamesAndRetentionsAreRefusedAndChangeNothing() {
        assertInvalid(() -> engine.registerNamespace(null),
                "A namespace config is required: pass NamespaceConfig.of(name)");
        assertInvalid(() -> engine.registerNamespace(NamespaceConfig.of(" ")),
                "Namespace name is required: pass a name such as \"billing\"");
        assertInvalid(() -> engine.registerNamespace(NamespaceConfig.of("my namespace")),
                "Namespace name \"my namespace\" is invalid: use 1 to 255 letters, digits, '-', '_' and '.', "
                        + "starting with a letter or a digit");
        assertInvalid(() -> engine.registerNamespace(NamespaceConfig.of("-x")),
                "Namespace name \"-x\" is invalid: use 1 to 255 letters, digits, '-', '_' and '.', "
                        + "starting with a letter or a digit");
        assertInvalid(() -> engine.registerNamespace(NamespaceConfig.of(BILLING).withRetention(Duration.ofHours(1))),
                "The retention of namespace \"billing\" must be between 1 day and 36500 days, got PT1H; set a "
                        + "retention of at least 1 day, or leave it unset for the default of 3 days");
        assertInvalid(() -> engine.registerNamespace(NamespaceConfig.of(BILLING)
                        .withRetention(Duration.ofDays(36_501))),
                "The retention of namespace \"billing\" must be between 1 day and 36500 days, got PT876024H; set a "
                        + "retention of at most 36500 days, or leave it unset for the default of 3 days");
        assertInvalid(() -> engine.updateNamespace(NamespaceConfig.of("default").withRetention(Duration.ZERO)),
                "The retention of namespace \"default\" must be between 1 day and 36500 days, got PT0S; set a "
                        + "retention of at least 1 day");
        assertRefused(() -> engine.updateNamespace(NamespaceConfig.of("nowhere").withRetention(Duration.ofDays(2))),
                EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.describeNamespace("nowhere"), EngineException.Code.NOT_FOUND, UNKNOWN);

        assertThat(engine.listNamespaces()).extracting(NamespaceDescription::name, NamespaceDescription::retention)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("default", Duration.ofDays(3)));
    }

    @Test
    void requestsNamingAnUnregisteredNamespaceAreRefused() {
        StartWorkflowRequest r = request("order-1");
        StartWorkflowRequest elsewhere = new StartWorkflowRequest("nowhere", r.workflowId(), r.workflowType(),
                r.taskQueue(), r.input(), null, null, null, r.identity(), null);

        assertRefused(() -> engine.startWorkflow(elsewhere), EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.signalWithStartWorkflow(elsewhere, "go", List.of()),
                EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.pollWorkflowTask("nowhere", QUEUE, "worker-1", EMPTY_WAIT),
                EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.pollActivityTask(new PollActivityTaskRequest("nowhere", QUEUE, "worker-1",
                EMPTY_WAIT, null)), EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.listExecutions(new ListExecutionsRequest("nowhere", null, 0, null)),
                EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.describeWorkflow("nowhere", "order-1", null), EngineException.Code.NOT_FOUND,
                UNKNOWN);
        assertRefused(() -> engine.getHistory("nowhere", "order-1", null), EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.signalWorkflow("nowhere", "order-1", null, "go", List.of(), "client-1"),
                EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.queryWorkflow(new QueryWorkflowRequest("nowhere", "order-1", null, "status",
                        List.of(), null)),
                EngineException.Code.NOT_FOUND, UNKNOWN);
        assertRefused(() -> engine.terminateWorkflow("nowhere", "order-1", null, "why", List.of(), "client-1"),
                EngineException.Code.NOT_FOUND, UNKNOWN);

        assertThat(engine.listExecutions(new ListExecutionsRequest(NS, null, 0, null)).executions()).isEmpty();
    }

    @Test
    void theSameWorkflowIdInTwoNamespacesNamesTwoIndependentExecutions() {
        engine.registerNamespace(NamespaceConfig.of(BILLING));
        WorkflowExecution inDefault = start("order-1");
        StartWorkflowRequest r = request("order-1");
        WorkflowExecution inBilling = engine.startWorkflow(new StartWorkflowRequest(BILLING, r.workflowId(),
                r.workflowType(), r.taskQueue(), r.input(), null, null, null, r.identity(), null));

        // Each namespace's queue holds only its own execution's task.
        WorkflowTask defaultTask = pollWorkflowTask();
        assertThat(defaultTask.namespace()).isEqualTo(NS);
        assertThat(defaultTask.execution()).isEqualTo(inDefault);
        assertNoWorkflowTask(QUEUE);
        WorkflowTask billingTask = engine.pollWorkflowTask(BILLING, QUEUE, "worker-1", WAIT).orElseThrow();
        assertThat(billingTask.namespace()).isEqualTo(BILLING);
        assertThat(billingTask.execution()).isEqualTo(inBilling);

        // Completing one and signalling the other leaves each as it was told.
        complete(defaultTask, new Command.CompleteWorkflowExecution(json("\"done\"")));
        complete(billingTask);
        engine.signalWorkflow(BILLING, "order-1", null, "approve", List.of(json("1")), "client-1");

        assertThat(engine.describeWorkflow(NS, "order-1", null).status()).isEqualTo(WorkflowExecutionStatus.COMPLETED);
        assertThat(engine.describeWorkflow(BILLING, "order-1", null).status())
                .isEqualTo(WorkflowExecutionStatus.RUNNING);
        assertThat(types(engine.getHistory(NS, "order-1", null))).doesNotContain(EventType.WorkflowExecutionSignaled)
                .endsWith(EventType.WorkflowExecutionCompleted);
        assertThat(types(engine.getHistory(BILLING, "order-1", null))).endsWith(EventType.WorkflowExecutionSignaled,
                EventType.WorkflowTaskScheduled);
        assertNoWorkflowTask(QUEUE);
        assertThat(engine.pollWorkflowTask(BILLING, QUEUE, "worker-1", WAIT)).isPresent();

        assertThat(engine.listExecutions(new ListExecutionsRequest(NS, null, 0, null)).executions())
                .extracting(WorkflowExecutionInfo::execution, WorkflowExecutionInfo::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(inDefault, WorkflowExecutionStatus.COMPLETED));
        assertThat(engine.listExecutions(new ListExecutionsRequest(BILLING, null, 0, null)).executions())
                .extracting(WorkflowExecutionInfo::execution, WorkflowExecutionInfo::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(inBilling, WorkflowExecutionStatus.RUNNING));
    }

    @Test
    void namespacesDeclaredToTheBuilderAreRegisteredOrUpdatedAtStart() {
        engine.registerNamespace(NamespaceConfig.of(BILLING).withDescription("Invoices")
                .withRetention(Duration.ofDays(30)));
        engine.close();
        clock.advance(Duration.ofHours(2));
        store = reopenStore();

        engine = Engine.builder().store(store).clock(clock).options(options())
                .namespace(NamespaceConfig.of(BILLING).withRetention(Duration.ofDays(10)))
                .namespace(NamespaceConfig.of("shipping"))
                .namespace(NamespaceConfig.of("default").withRetention(Duration.ofDays(7)))
                .build();

        assertThat(engine.listNamespaces()).containsExactly(
                new NamespaceDescription(BILLING, "Invoices", Duration.ofDays(10), T0, T0.plus(Duration.ofHours(2))),
                new NamespaceDescription("default", "The namespace clients use unless they name another",
                        Duration.ofDays(7), T0, T0.plus(Duration.ofHours(2))),
                new NamespaceDescription("shipping", "", Duration.ofDays(3), T0.plus(Duration.ofHours(2)),
                        T0.plus(Duration.ofHours(2))));
    }

    @Test
    void aBadNamespaceDeclaredToTheBuilderStopsTheBuild() {
        assertThatThrownBy(() -> Engine.builder().store(new InMemoryExecutionStore()).clock(clock)
                .namespace(NamespaceConfig.of(BILLING).withRetention(Duration.ofMinutes(5))).build())
                .isInstanceOf(EngineException.class)
                .hasMessage("The retention of namespace \"billing\" must be between 1 day and 36500 days, got PT5M; "
                        + "set a retention of at least 1 day, or leave it unset for the default of 3 days");
    }

    static void assertRefused(ThrowingCallable call, EngineException.Code code, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.getCode()).isEqualTo(code);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertRefused(call, EngineException.Code.INVALID_ARGUMENT, message);
    }
}
