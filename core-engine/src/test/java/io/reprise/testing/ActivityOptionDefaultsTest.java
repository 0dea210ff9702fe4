package io.reprise.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reprise.activity.Activity;
import io.reprise.activity.ActivityInterface;
import io.reprise.activity.ActivityOptions;
import io.reprise.client.WorkflowOptions;
import io.reprise.client.WorkflowStub;
import io.reprise.common.RetryOptions;
import io.reprise.failure.ActivityFailure;
import io.reprise.worker.Worker;
import io.reprise.worker.WorkflowImplementationOptions;
import io.reprise.workflow.Workflow;
import io.reprise.workflow.WorkflowInterface;
import io.reprise.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ActivityOptionDefaultsTest {

    static final String QUEUE = "defaults";

    @ActivityInterface
    public interface Unreliable {
        void charge(String id);

        void ship(String id);
    }

    static final class UnreliableImpl implements Unreliable {
        final List<String> attempts = new CopyOnWriteArrayList<>();

        @Override
        public void charge(String id) {
            attempts.add("Charge#" + Activity.getExecutionContext().getInfo().attempt());
            throw new IllegalStateException("always fails");
        }

        @Override
        public void ship(String id) {
            attempts.add("Ship#" + Activity.getExecutionContext().getInfo().attempt());
            throw new IllegalStateException("always fails");
        }
    }

    @WorkflowInterface
    public interface Uses {
        @WorkflowMethod
        String run(String which);
    }

    public static final class UsesImpl implements Uses {
        @Override
        public String run(String which) {
            Unreliable plain = Workflow.newActivityStub(Unreliable.class);
            Unreliable explicit = Workflow.newActivityStub(Unreliable.class, ActivityOptions.newBuilder()
                    .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build()).build());
            try {
                switch (which) {
                    case "charge" -> plain.charge("o");
                    case "ship" -> plain.ship("o");
                    default -> explicit.charge("o");
                }
                return "unreachable";
            } catch (ActivityFailure e) {
                return e.getActivityType() + ":" + e.getRetryState();
            }
        }
    }

    @RegisterExtension
    static final TestWorkflowExtension testWorkflow = TestWorkflowExtension.newBuilder()
            .registerWorkflowImplementationTypes(WorkflowImplementationOptions.newBuilder()
                    .setDefaultActivityOptions(ActivityOptions.newBuilder()
                            .setStartToCloseTimeout(Duration.ofSeconds(5))
                            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(2).build())
                            .build())
                    .setActivityOptions(Map.of("Charge", ActivityOptions.newBuilder()
                            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                            .build()))
                    .build(), UsesImpl.class)
            .setTaskQueue(QUEUE)
            .build();

    private UnreliableImpl activities;

    @BeforeEach
    void setUp(Worker worker) {
        activities = new UnreliableImpl();
        worker.registerActivitiesImplementations(activities);
    }

    @Test
    void perTypeOptionsOverrideTheDefaults(Uses uses) {
        assertThat(uses.run("charge")).isEqualTo("Charge:MAXIMUM_ATTEMPTS_REACHED");
        assertThat(activities.attempts).containsExactly("Charge#1", "Charge#2", "Charge#3");
    }

    @Test
    void typesWithoutOwnOptionsUseTheDefaults(Uses uses) {
        assertThat(uses.run("ship")).isEqualTo("Ship:MAXIMUM_ATTEMPTS_REACHED");
        assertThat(activities.attempts).containsExactly("Ship#1", "Ship#2");
    }

    @Test
    void optionsGivenInCodeWinFieldByField(Uses uses) {
        assertThat(uses.run("explicit")).isEqualTo("Charge:MAXIMUM_ATTEMPTS_REACHED");
        assertThat(activities.attempts).containsExactly("Charge#1");
    }

    @Test
    void aStubWithoutAnyTimeoutFromCodeOrRegistrationIsRefused() {
        TestWorkflowEnvironment bare = TestWorkflowEnvironment.newInstance();
        try {
            bare.newWorker(QUEUE).registerWorkflowImplementationTypes(UsesImpl.class);
            bare.start();
            WorkflowStub stub = bare.getWorkflowClient().newUntypedWorkflowStub("Uses",
                    WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("bare").build());
            stub.start("charge");
            assertThatThrownBy(() -> stub.getResult(Duration.ofMillis(300), String.class))
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            assertThat(EngineHistory.events(bare.getWorkflowClient().fetchHistory("bare")))
                    .anySatisfy(e -> assertThat(e.eventType().name()).isEqualTo("WorkflowTaskFailed"));
        } finally {
            bare.close();
        }
    }
}
