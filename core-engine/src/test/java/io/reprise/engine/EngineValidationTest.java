package io.reprise.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.common.Payload;
import io.reprise.engine.api.ActivityTask;
import io.reprise.engine.api.Command;
import io.reprise.engine.api.EngineException;
import io.reprise.engine.api.StartWorkflowRequest;
import io.reprise.engine.api.WorkflowTask;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class EngineValidationTest extends EngineTestBase {

    @Override
    EngineOptions options() {
        return EngineOptions.newBuilder().setIdentity("engine-test").setMaxPayloadSize(1024).build();
    }

    @Test
    void startWithoutRequiredFieldsIsRefusedWithTheFix() {
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest(NS, "w", "OrderWorkflow", " ", List.of(),
                null, null, null, null, null)), "Task queue is required: set WorkflowOptions.taskQueue");
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest(NS, null, "OrderWorkflow", QUEUE,
                List.of(), null, null, null, null, null)), "Workflow id is required: set WorkflowOptions.workflowId");
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest(NS, "w", "", QUEUE, List.of(), null, null,
                null, null, null)), "Workflow type is required: name the workflow type to start");
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest("", "w", "OrderWorkflow", QUEUE, List.of(),
                null, null, null, null, null)), "Namespace is required: set the client's namespace");
    }

    @Test
    void malformedIdsAndTimeoutsAreRefused() {
        assertInvalid(() -> engine.startWorkflow(request("x".repeat(1001))),
                "Workflow id is too long: 1001 characters, at most 1000 are allowed");
        assertInvalid(() -> engine.startWorkflow(request("a\nb")),
                "Workflow id \"a\\u000ab\" contains a control character at index 1; use printable characters only");
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest(NS, "w", "OrderWorkflow", QUEUE, List.of(),
                Duration.ofSeconds(-1), null, null, null, null)),
                "WorkflowOptions.workflowExecutionTimeout must be positive, got PT-1S; leave it unset for no limit");
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest(NS, "w", "OrderWorkflow", QUEUE, List.of(),
                null, null, Duration.ofSeconds(121), null, null)),
                "WorkflowOptions.workflowTaskTimeout must be at most 120 s, got PT2M1S");
        assertThatThrownBy(() -> engine.describeWorkflow(NS, "w", null)).isInstanceOf(EngineException.class)
                .hasMessageStartingWith("Workflow execution not found");
    }

    @Test
    void oversizedPayloadIsRefusedNamingItsSizeAndTheLimit() {
        Payload big = new Payload(Payload.ENCODING_JSON, new byte[1025]);
        assertInvalid(() -> engine.startWorkflow(new StartWorkflowRequest(NS, "big-1", "OrderWorkflow", QUEUE,
                List.of(json("1"), big), null, null, null, null, null)),
                "Payload too large: input[1] is 1025 bytes, over the limit of 1024 bytes (EngineOptions.maxPayloadSize);"
                        + " pass a reference to large data instead, or raise the limit");

        start("big-2");
        WorkflowTask task = pollWorkflowTask();
        assertInvalid(() -> complete(task, new Command.CompleteWorkflowExecution(big)),
                "command 0 (CompleteWorkflowExecution): payload too large: result is 1025 bytes, over the limit of"
                        + " 1024 bytes (EngineOptions.maxPayloadSize); pass a reference to large data instead, or"
                        + " raise the limit");
        complete(task, activity("ChargeCard", Duration.ofSeconds(5)));
        ActivityTask activityTask = pollActivity();
        assertThatThrownBy(() -> engine.completeActivityTask(activityTask.taskToken(), big, "w"))
                .hasMessageContaining("result is 1025 bytes, over the limit of 1024 bytes");
        assertThat(history("big-2")).hasSize(5);
    }

    @Test
    void pollsNeedANamespaceAndAQueue() {
        assertInvalid(() -> engine.pollWorkflowTask(NS, "", "w", EMPTY_WAIT),
                "Task queue is required: pass the task queue to poll");
        assertInvalid(() -> engine.pollActivityTask(null, QUEUE, "w", EMPTY_WAIT),
                "Namespace is required: pass the namespace to poll");
    }

    @Test
    void engineOptionsRefuseOutOfRangeValues() {
        assertThatThrownBy(() -> EngineOptions.newBuilder().setDefaultWorkflowTaskTimeout(Duration.ofMinutes(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EngineOptions.defaultWorkflowTaskTimeout must be positive and at most PT2M, got PT3M");
        assertThatThrownBy(() -> EngineOptions.newBuilder().setMaxPayloadSize(0).build())
                .hasMessageStartingWith("EngineOptions.maxPayloadSize must be positive");
        EngineOptions defaults = EngineOptions.getDefaultInstance();
        assertThat(defaults.getMaxPayloadSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(defaults.getDefaultWorkflowTaskTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.getStickyScheduleToStartTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.isExpireInFlightTasksOnStart()).isTrue();
        // pid@host, the host as the JVM's runtime bean names it (the kernel's host name).
        assertThat(defaults.getIdentity()).isEqualTo("reprise-engine-"
                + java.lang.management.ManagementFactory.getRuntimeMXBean().getName());
    }

    private static void assertInvalid(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(EngineException.class,
                e -> assertThat(e.getCode()).isEqualTo(EngineException.Code.INVALID_ARGUMENT)).hasMessage(message);
    }
}
